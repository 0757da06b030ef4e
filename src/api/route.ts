// Declaring a route: its OpenAPI definition, the permission it needs (checked by middleware before
// validation) and the standard error answers. Every route is also listed in the app's registry,
// which the tests walk to check each cell of the permission matrix. Every operation names its
// operationId, so that generated clients get stable method names.
import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import { requirePermission } from './auth-mw.js';
import { errorSchema } from './errors.js';
import type { Permission } from './permissions.js';

export interface RouteInfo {
  method: string;
  /** OpenAPI path, e.g. /api/huvudman/{id}. */
  path: string;
  /** null: any signed-in user; 'public': no sign-in. */
  permission: Permission | null | 'public';
  summary: string;
}

const err = (description: string) => ({ content: { 'application/json': { schema: errorSchema } }, description });

export const ERROR_RESPONSES = {
  400: err('Ogiltig begäran (fälten som var fel står i "detaljer")'),
  401: err('Inte inloggad, eller inloggningen har gått ut'),
  403: err('Rollen saknar behörighet'),
  429: err('För många anrop; vänta så många sekunder som Retry-After säger'),
} as const;

export function routeMaker(registry: RouteInfo[]) {
  return function route<R extends RouteConfig & { summary: string; operationId: string }>(permission: Permission | null | 'public', config: R): R & { getRoutingPath(): string } {
    registry.push({ method: config.method.toUpperCase(), path: config.path, permission, summary: config.summary });
    const secured = permission !== 'public';
    const full: RouteConfig = {
      ...config,
      // Public operations say so with an empty list, so that no reader mistakes them for forgotten.
      ...(secured ? { middleware: [requirePermission(permission)], security: [{ bearer: [] }, { cookie: [] }] } : { security: [] }),
      responses: { ...ERROR_RESPONSES, ...config.responses },
      description: [config.description, secured ? `Behörighet: \`${permission ?? 'inloggad'}\`.` : 'Ingen inloggning krävs.'].filter(Boolean).join('\n\n'),
    };
    return createRoute(full) as unknown as R & { getRoutingPath(): string };
  };
}
export type RouteFn = ReturnType<typeof routeMaker>;
