// Authentication and authorisation middleware. The caller is found from `Authorization: Bearer
// <token>` or the web UI's HttpOnly cookie; permission checks read the matrix in permissions.ts.
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { userForToken } from '../auth/users.js';
import type { Db } from '../store/db.js';
import type { AppEnv } from './env.js';
import { ApiError } from './errors.js';
import { may, PERMISSIONS, type Permission } from './permissions.js';

export const SESSION_COOKIE = 'dk_session';

export function authenticate(db: Db): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('user', null);
    c.set('authVia', null);
    c.set('token', null);
    const header = c.req.header('authorization');
    const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const cookie = getCookie(c, SESSION_COOKIE);
    const token = bearer ?? cookie;
    if (token) {
      const user = userForToken(db, token);
      if (user) {
        c.set('user', user);
        c.set('authVia', bearer ? 'bearer' : 'cookie');
        c.set('token', token);
      } else if (bearer) {
        // A bearer token that is wrong or expired is an error at once; a stale cookie is just "not signed in".
        throw new ApiError(401, 'inloggningen har gått ut eller är ogiltig; logga in igen');
      }
    }
    // Cookies ride along with any request the browser makes, so a state-changing request that
    // relies on the cookie must come from this site's own pages.
    if (c.get('authVia') === 'cookie' && !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) && !sameOrigin(c)) {
      throw new ApiError(403, 'begäran kom inte från tjänstens egna sidor');
    }
    await next();
  };
}

/** Whether a request comes from this site's own pages (Sec-Fetch-Site, else Origin against Host). */
export function sameOrigin(c: Context): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site) return site === 'same-origin';
  const origin = c.req.header('origin');
  if (!origin) return false;
  try {
    return new URL(origin).host === (c.req.header('host') ?? new URL(c.req.url).host);
  } catch {
    return false;
  }
}

/** 401 without a signed-in user; 403 when the user's role lacks the permission (null: any signed-in user). */
export function requirePermission(permission: Permission | null): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.get('user');
    if (!user) throw new ApiError(401, 'du behöver logga in');
    if (permission && !may(user.role, permission))
      throw new ApiError(403, `din roll (${user.role}) får inte göra detta: ${PERMISSIONS[permission].name.toLowerCase()}`, { behorighet: permission });
    await next();
  };
}
