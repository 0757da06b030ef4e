// What the middleware puts on the request context.
import type { User } from '../auth/users.js';

export interface AppVariables {
  user: User | null;
  /** How the caller signed in: a bearer token, or the web UI's cookie. */
  authVia: 'bearer' | 'cookie' | null;
  token: string | null;
  requestId: string;
}

export type AppEnv = { Variables: AppVariables };
