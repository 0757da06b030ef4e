// Sign-in, sign-out, who am I; health, stats and the codebook.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { checkCredentials, createSession, endSession, SESSION_TTL_MS } from '../../auth/users.js';
import { ROLE_NAMES } from '../../auth/roles.js';
import { loadCodebook } from '../../codebook/index.js';
import { audit } from '../audit.js';
import { SESSION_COOKIE } from '../auth-mw.js';
import type { AppEnv } from '../env.js';
import { ApiError } from '../errors.js';
import { PERMISSION_IDS, permissionsOf } from '../permissions.js';
import { json, userSchema } from '../schemas.js';
import type { RouteDeps } from './context.js';

export const loginSchema = z
  .strictObject({
    username: z.string({ error: 'användarnamn saknas' }).trim().min(1, { error: 'användarnamn saknas' }).max(40, { error: 'för långt användarnamn' }),
    password: z.string({ error: 'lösenord saknas' }).min(1, { error: 'lösenord saknas' }).max(200, { error: 'för långt lösenord' }),
  })
  .meta({ id: 'Inloggning' });

export function clientAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'okänd';
}

/** Checks the login rate limit and the credentials; on success starts a session and sets the cookie. */
export async function signIn(deps: RouteDeps, c: Context<AppEnv>, username: string, password: string) {
  const wait = Math.max(await deps.loginAddressLimiter.take(clientAddress(c)), await deps.loginLimiter.take(`${clientAddress(c)}|${username.toLowerCase()}`));
  if (wait) {
    c.header('Retry-After', String(wait));
    throw new ApiError(429, `för många inloggningsförsök; försök igen om ${wait} sekunder`);
  }
  const user = await checkCredentials(deps.service.db, username, password);
  if (!user) {
    audit(deps.service.db, username.slice(0, 40), 'login-failed', {});
    throw new ApiError(401, 'fel användarnamn eller lösenord');
  }
  const session = createSession(deps.service.db, user.id);
  setCookie(c, SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: deps.secureCookies,
    path: '/',
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
  audit(deps.service.db, user.username, 'login', {});
  return { token: session.token, expiresAt: session.expiresAt, user };
}

export function signOut(deps: RouteDeps, c: Context<AppEnv>): void {
  const token = c.get('token');
  if (token) endSession(deps.service.db, token);
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
  const user = c.get('user');
  if (user) audit(deps.service.db, user.username, 'logout', {});
}

export function registerAuth(deps: RouteDeps): void {
  const { app, route, core } = deps;

  app.openapi(
    route('public', {
      method: 'get',
      operationId: 'getHealth',
      path: '/api/health',
      tags: ['Allmänt'],
      summary: 'Lever tjänsten?',
      responses: { 200: json(z.object({ ok: z.boolean() }), 'Tjänsten svarar') },
    }),
    (c) => c.json({ ok: true }, 200),
  );

  app.openapi(
    route('public', {
      method: 'post',
      operationId: 'login',
      path: '/api/auth/login',
      tags: ['Inloggning'],
      summary: 'Logga in med användarnamn och lösenord',
      description: 'Ger en bearer-token (skicka den som `Authorization: Bearer <token>`) och sätter samtidigt en HttpOnly-kaka för webbgränssnittet.',
      request: { body: { content: { 'application/json': { schema: loginSchema } }, required: true } },
      responses: {
        200: json(z.object({ token: z.string(), expiresAt: z.string(), user: userSchema }).meta({ id: 'Session' }), 'Inloggad'),
      },
    }),
    async (c) => {
      const { username, password } = c.req.valid('json');
      return c.json(await signIn(deps, c, username, password), 200);
    },
  );

  app.openapi(
    route(null, {
      method: 'post',
      operationId: 'logout',
      path: '/api/auth/logout',
      tags: ['Inloggning'],
      summary: 'Logga ut (avslutar sessionen)',
      responses: { 200: json(z.object({ ok: z.boolean() }), 'Utloggad') },
    }),
    (c) => {
      signOut(deps, c);
      return c.json({ ok: true }, 200);
    },
  );

  app.openapi(
    route(null, {
      method: 'get',
      operationId: 'getCurrentUser',
      path: '/api/auth/me',
      tags: ['Inloggning'],
      summary: 'Vem är inloggad, och vad får rollen göra?',
      responses: {
        200: json(
          z.object({ user: userSchema, roleName: z.string(), permissions: z.array(z.enum(PERMISSION_IDS as [string, ...string[]])) }),
          'Den inloggade användaren',
        ),
      },
    }),
    (c) => {
      const user = c.get('user')!;
      return c.json({ user, roleName: ROLE_NAMES[user.role], permissions: permissionsOf(user.role) }, 200);
    },
  );

  app.openapi(
    route('stats:read', {
      method: 'get',
      operationId: 'getStats',
      path: '/api/stats',
      tags: ['Allmänt'],
      summary: 'Antal huvudmän, dialoger, anteckningar per status, textavsnitt och etiketter',
      responses: {
        200: json(
          z.object({
            huvudman: z.number(),
            dialogues: z.number(),
            notes: z.object({ godkand: z.number(), utkast: z.number(), aterkallad: z.number() }),
            passages: z.number(),
            labels: z.object({ reviewed: z.number(), predicted: z.number() }),
          }),
          'Statistik',
        ),
      },
    }),
    (c) => c.json(core.stats(), 200),
  );

  app.openapi(
    route('codebook:read', {
      method: 'get',
      operationId: 'getCodebook',
      path: '/api/codebook',
      tags: ['Allmänt'],
      summary: 'Kodboken: de sju framgångsfaktorerna och de återkommande temana',
      responses: {
        200: json(
          z.object({
            version: z.number(),
            factors: z.array(z.object({ id: z.string(), name: z.string(), description: z.string() })),
            themes: z.array(z.object({ id: z.string(), name: z.string(), description: z.string() })),
          }),
          'Kodboken',
        ),
      },
    }),
    (c) => {
      const cb = loadCodebook();
      const pick = (e: { id: string; name: string; description: string }) => ({ id: e.id, name: e.name, description: e.description });
      return c.json({ version: cb.version, factors: cb.factors.map(pick), themes: cb.themes.map(pick) }, 200);
    },
  );
}
