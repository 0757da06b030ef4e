// Rate limiting: an in-memory token bucket per key (the caller's session token, hashed; or the
// client address for calls without one). No well-kept rate-limit middleware is installed, so this
// is the small classic: each key has `burst` tokens, refilled at `perSecond`; a request takes one
// or is answered 429 with Retry-After. Buckets idle long enough to be full again are dropped.

export interface RateLimitOptions {
  /** Bucket size: requests allowed in a burst. */
  burst: number;
  /** Sustained requests per second. */
  perSecond: number;
  /** Upper bound on tracked keys (oldest dropped first). */
  maxKeys?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private sweepAt = 0;

  constructor(readonly opts: RateLimitOptions) {}

  /** Takes a token for `key`: 0 when allowed, else the seconds until one is available. */
  take(key: string, now = Date.now()): number {
    const { burst, perSecond } = this.opts;
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: burst, at: now };
      this.buckets.set(key, b);
      if (this.buckets.size > (this.opts.maxKeys ?? 50_000)) this.buckets.delete(this.buckets.keys().next().value!);
    } else {
      b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
      b.at = now;
    }
    if (now > this.sweepAt) this.sweep(now);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - b.tokens) / perSecond);
  }

  private sweep(now: number): void {
    const full = (this.opts.burst / this.opts.perSecond) * 1000;
    for (const [k, b] of this.buckets) if (now - b.at > full) this.buckets.delete(k);
    this.sweepAt = now + 60_000;
  }
}
