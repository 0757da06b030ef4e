// Support between the dialogues (from 2026): the follow-up meetings due after the återkoppling.
import { z } from '@hono/zod-openapi';
import { REGIONER } from '../../ingest/vocabulary.js';
import { audit } from '../audit.js';
import { json, resultSchema } from '../schemas.js';
import type { RouteDeps } from './context.js';
import { reportFileName, sendFile } from './reports.js';

const date = (what: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'datum skrivs ÅÅÅÅ-MM-DD' })
    .optional()
    .meta({ description: what });

const followupsQuery = z.object({
  region: z
    .string()
    .max(500)
    .refine((s) => s.split(',').every((r) => !r.trim() || (REGIONER as readonly string[]).includes(r.trim())), { error: `okänd region; välj bland ${REGIONER.join(', ')}` })
    .optional()
    .meta({ description: 'Bara dessa regioner (kommaseparerade)' }),
  from: date('Återkoppling tidigast (standard: sju månader före today)'),
  to: date('Återkoppling senast (standard: fem månader före today)'),
  today: date('Räkna fönstret från detta datum (standard: i dag)'),
  format: z.enum(['json', 'csv']).default('json').meta({ description: 'json (standard) eller csv (fil för utskick)' }),
});

export function registerBetween(deps: RouteDeps): void {
  const { app, route, core, service } = deps;
  app.openapi(
    route('followups', {
      method: 'get',
      operationId: 'listFollowups',
      path: '/api/followups',
      tags: ['Mellan dialogerna'],
      summary: 'Uppföljande möten som står på tur: huvudmän vars återkoppling var för 5–7 månader sedan, med prioriterad fråga, behov, vad som hänt sedan och liknande huvudmän',
      request: { query: followupsQuery },
      responses: {
        200: {
          content: { 'application/json': { schema: resultSchema }, 'text/csv': { schema: z.string() } },
          description: 'Uppföljningarna, äldsta återkopplingen först (report: "followups"), eller en CSV-fil',
        },
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const r = await core.followups({ regions: q.region?.split(',').map((x) => x.trim()).filter(Boolean), from: q.from, to: q.to, today: q.today });
      audit(service.db, c.get('user')!.username, 'followups', { regions: r.regions, window: r.window, format: q.format }, r.followups.length);
      if (q.format === 'csv') return sendFile(c, (await core.export(r, 'csv')) as string, 'csv', reportFileName('uppfoljningar', 'csv'));
      return c.json(r as unknown as { report: string }, 200);
    },
  );
}
