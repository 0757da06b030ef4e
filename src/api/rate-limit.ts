// Rate limiting with rate-limiter-flexible's in-memory limiter: per key (the caller's session
// token, hashed; the client address for calls without one) `burst` requests per window of
// burst / perSecond seconds. A request over the limit learns how long to wait (Retry-After).
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface RateLimitOptions {
  /** Requests allowed in one window (a burst). */
  burst: number;
  /** Sustained requests per second (the window is burst / perSecond seconds). */
  perSecond: number;
}

export class RateLimiter {
  private readonly limiter: RateLimiterMemory;

  constructor(readonly opts: RateLimitOptions) {
    this.limiter = new RateLimiterMemory({ points: opts.burst, duration: Math.max(1, Math.round(opts.burst / opts.perSecond)) });
  }

  /** Takes one request for `key`: 0 when allowed, else whole seconds until the next is. */
  async take(key: string): Promise<number> {
    try {
      await this.limiter.consume(key);
      return 0;
    } catch (e) {
      if (e instanceof RateLimiterRes) return Math.max(1, Math.ceil(e.msBeforeNext / 1000));
      throw e;
    }
  }
}
