// What every route module gets.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Service } from '../../service.js';
import type { Core } from '../core.js';
import type { AppEnv } from '../env.js';
import type { JobQueue } from '../jobs.js';
import type { RouteFn } from '../route.js';
import type { RateLimiter } from '../rate-limit.js';
import type { IngestRunner } from '../ingest-runner.js';

export interface RouteDeps {
  app: OpenAPIHono<AppEnv>;
  route: RouteFn;
  core: Core;
  service: Service;
  jobs: JobQueue;
  loginLimiter: RateLimiter;
  loginAddressLimiter: RateLimiter;
  /** Set the Secure flag on the session cookie. */
  secureCookies: boolean;
  ingest: IngestRunner;
}
