// The HTTP app: the JSON API under /api/ (OpenAPI document at /openapi.json, Swagger UI at
// /api/docs) and the Swedish web UI, one process, one service. Handlers are thin: validate with
// zod, check the role against the permission matrix, call the core (core.ts), write the audit log.
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { createHash, randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { z } from 'zod';
import type { Service } from '../service.js';
import { authenticate } from './auth-mw.js';
import { Core } from './core.js';
import { registerDocs } from './docs.js';
import type { AppEnv } from './env.js';
import { ApiError, issueDetails } from './errors.js';
import { JobQueue } from './jobs.js';
import { childRunner, inlineRunner } from './ingest-runner.js';
import { RateLimiter, type RateLimitOptions } from './rate-limit.js';
import { flushAudit } from './audit.js';
import { guardText } from '../privacy/egress-guard.js';
import { routeMaker, type RouteInfo } from './route.js';
import { MAX_UPLOAD_BYTES, registerAdmin } from './routes/admin.js';
import { registerAuth } from './routes/auth.js';
import type { RouteDeps } from './routes/context.js';
import { registerHuvudman } from './routes/huvudman.js';
import { registerReports } from './routes/reports.js';
import { registerBetween } from './routes/between.js';
import { registerReview } from './routes/review.js';
import { registerSearch } from './routes/search.js';
import { registerWeb } from '../web/pages.js';
import { errorPage } from '../web/layout.js';

export interface AppOptions {
  /** Per session token (or client address without one). Default: bursts of 60, 20 per second. */
  rateLimit?: RateLimitOptions | false;
  /** Sign-in attempts per client address and user name. Default: 10, then one per 6 s. */
  loginRateLimit?: RateLimitOptions;
  loginAddressRateLimit?: RateLimitOptions;
  /** Largest JSON body in bytes (default 1 MB); uploads have their own 25 MB. */
  jsonLimit?: number;
  /** Write one line per request (method, path without query, status, ms) to stderr. */
  log?: boolean;
  /** Session cookie with the Secure flag (set behind HTTPS). Default: DIALOGKUNSKAP_SECURE_COOKIE=1. */
  secureCookies?: boolean;
  /**
   * Where uploads are read in: 'child' (default), a child process, so a large upload never holds
   * up searches; or 'inline', in this process.
   */
  ingest?: 'child' | 'inline';
}

export interface App {
  app: OpenAPIHono<AppEnv>;
  fetch: OpenAPIHono<AppEnv>['fetch'];
  core: Core;
  jobs: JobQueue;
  /** Every API route with the permission it needs. */
  routes: RouteInfo[];
  /** Stops the ingest child process (the service itself is closed by its owner). */
  close(): void;
}

const TEXT_TYPES = /json|text|csv|svg|xml|html|javascript/;

/** Control characters (a decoded %0A in a path) written visibly, so no one can forge log lines. */
export function escapeForLog(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Every textual answer passes the personnummer check on its way out. */
async function guardResponse(c: Context<AppEnv>): Promise<void> {
  const type = c.res.headers.get('content-type') ?? '';
  if (!TEXT_TYPES.test(type) || !c.res.body) return;
  const body = await c.res.clone().text();
  const guarded = guardText(body, `${c.req.method} ${c.req.path}`);
  if (guarded === body) return;
  const headers = new Headers(c.res.headers);
  headers.delete('content-length');
  c.res = new Response(guarded, { status: c.res.status, headers });
}

export function createApp(service: Service, opts: AppOptions = {}): App {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw new ApiError(400, 'ogiltig begäran', issueDetails(result.error));
    },
  });
  const core = new Core(service);
  const jobs = new JobQueue();
  const routes: RouteInfo[] = [];
  const limiter = opts.rateLimit === false ? null : new RateLimiter(opts.rateLimit ?? { burst: 60, perSecond: 20 });
  const deps: RouteDeps = {
    app,
    route: routeMaker(routes),
    core,
    service,
    jobs,
    loginLimiter: new RateLimiter(opts.loginRateLimit ?? { burst: 10, perSecond: 1 / 6 }),
    // Across user names too: one address trying many names is limited as well.
    loginAddressLimiter: new RateLimiter(opts.loginAddressRateLimit ?? { burst: 30, perSecond: 1 / 2 }),
    secureCookies: opts.secureCookies ?? process.env.DIALOGKUNSKAP_SECURE_COOKIE === '1',
    ingest: opts.ingest === 'inline' ? inlineRunner(service) : childRunner(service),
  };

  app.onError((err, c) => {
    if (err instanceof ApiError) {
      const body = err.detaljer === undefined ? { error: err.message } : { error: err.message, detaljer: err.detaljer };
      return wantsHtml(c.req.path) ? htmlError(c, err.status, err.message) : c.json(body, err.status);
    }
    if (err instanceof z.ZodError) return c.json({ error: 'ogiltig begäran', detaljer: issueDetails(err) }, 400);
    if (err instanceof HTTPException) {
      const status = err.status;
      const message = status === 413 ? 'begäran är för stor' : status === 400 ? 'begäran kunde inte läsas (trasig JSON eller formulärdata?)' : 'begäran kunde inte hanteras';
      return wantsHtml(c.req.path) ? htmlError(c, status, message) : c.json({ error: message }, status);
    }
    // Never the message: it could quote input. The name and the stack's frames are enough to debug.
    const frames = (err.stack ?? '').split('\n').filter((l) => l.trimStart().startsWith('at ')).slice(0, 5).join('\n');
    process.stderr.write(`internt fel ${c.get('requestId')} ${c.req.method} ${c.req.path}: ${err.name}\n${frames}\n`);
    return wantsHtml(c.req.path) ? htmlError(c, 500, 'internt fel') : c.json({ error: 'internt fel', detaljer: { begaran: c.get('requestId') } }, 500);
  });
  app.notFound((c) => (wantsHtml(c.req.path) ? htmlError(c, 404, 'sidan finns inte') : c.json({ error: 'finns inte' }, 404)));

  app.use('*', async (c, next) => {
    c.set('requestId', randomUUID());
    const t0 = performance.now();
    await next();
    await guardResponse(c);
    // Answers to a signed-in user carry note text or personal choices: never kept in a cache.
    if (c.get('user') && TEXT_TYPES.test(c.res.headers.get('content-type') ?? '')) c.res.headers.set('Cache-Control', 'no-store');
    if (opts.log) process.stderr.write(guardText(escapeForLog(`${c.req.method} ${c.req.path} ${c.res.status} ${(performance.now() - t0).toFixed(0)} ms`), 'logg') + '\n');
  });
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
      referrerPolicy: 'same-origin',
    }),
  );
  // Body limits: 25 MB for uploads, small for everything else.
  const tooLarge = (max: number) => () => {
    throw new ApiError(413, `begäran är för stor (högst ${Math.round(max / 1024 / 1024)} MB)`);
  };
  const uploadLimit = bodyLimit({ maxSize: MAX_UPLOAD_BYTES, onError: tooLarge(MAX_UPLOAD_BYTES) });
  const jsonMax = opts.jsonLimit ?? 1024 * 1024;
  const jsonLimit = bodyLimit({ maxSize: jsonMax, onError: () => {
    throw new ApiError(413, `begäran är för stor (högst ${Math.round(jsonMax / 1024)} kB)`);
  } });
  app.use('*', (c, next) => (c.req.path === '/api/ingest' || c.req.path === '/ladda-upp' ? uploadLimit(c, next) : jsonLimit(c, next)));
  app.use('*', authenticate(service.db));
  if (limiter) {
    // The API and the web pages alike (a search page is as costly as a search call); static files not.
    app.use('*', async (c, next) => {
      if (c.req.path.startsWith('/static/')) return next();
      const token = c.get('token');
      const key = token ? createHash('sha256').update(token).digest('base64url') : `ip:${(c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress ?? 'okänd'}`;
      const wait = await limiter.take(key);
      if (wait) {
        c.header('Retry-After', String(wait));
        throw new ApiError(429, `för många anrop; vänta ${wait} sekunder och försök igen`);
      }
      await next();
    });
  }

  registerAuth(deps);
  registerSearch(deps);
  registerHuvudman(deps);
  registerReports(deps);
  registerReview(deps);
  registerBetween(deps);
  registerAdmin(deps);
  registerDocs(app);
  registerWeb(deps);

  return { app, fetch: app.fetch, core, jobs, routes, close: () => {
    flushAudit(service.db);
    deps.ingest.close();
  } };
}

/** Pages of the web UI answer errors as HTML; /api/ and /openapi.json as JSON. */
function wantsHtml(path: string): boolean {
  return !path.startsWith('/api/') && path !== '/openapi.json';
}

function htmlError(c: Context<AppEnv>, status: number, message: string): Response {
  return c.html(errorPage(c.get('user') ?? null, status, message), status as 400);
}
