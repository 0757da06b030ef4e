// Support between the dialogues (from 2026): the follow-up meetings due after the återkoppling,
// and the networks of small förskolor.
import { z } from '@hono/zod-openapi';
import { REGIONER } from '../../ingest/vocabulary.js';
import { audit } from '../audit.js';
import { resultSchema } from '../schemas.js';
import type { RouteDeps } from './context.js';
import { reportFileName, sendFile } from './reports.js';

const date = (what: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'datum skrivs ÅÅÅÅ-MM-DD' })
    .optional()
    .meta({ description: what });

const regionQuery = z
    .string()
    .max(500)
    .refine((s) => s.split(',').every((r) => !r.trim() || (REGIONER as readonly string[]).includes(r.trim())), { error: `okänd region; välj bland ${REGIONER.join(', ')}` })
    .optional()
    .meta({ description: 'Bara dessa regioner (kommaseparerade)' });

const followupsQuery = z.object({
  region: regionQuery,
  from: date('Återkoppling tidigast (standard: sju månader före today)'),
  to: date('Återkoppling senast (standard: fem månader före today)'),
  today: date('Räkna fönstret från detta datum (standard: i dag)'),
  format: z.enum(['json', 'csv']).default('json').meta({ description: 'json (standard) eller csv (fil för utskick)' }),
});

const networksQuery = z.object({
  region: regionQuery,
  size: z.string().regex(/^\d+$/, { error: 'förväntade ett heltal' }).transform(Number).pipe(z.number().int().min(2).max(30)).optional().meta({ description: 'Önskad gruppstorlek (2–30, standard 8)' }),
  format: z.enum(['json', 'csv']).default('json').meta({ description: 'json (standard) eller csv (inbjudningslistan, med föreslagen grupp)' }),
});

const fileOrJson = (what: string) => ({
  content: { 'application/json': { schema: resultSchema }, 'text/csv': { schema: z.string() } },
  description: what,
});

export function registerBetween(deps: RouteDeps): void {
  const { app, route, core, service } = deps;
  app.openapi(
    route('networks', {
      method: 'get',
      operationId: 'listNetworks',
      path: '/api/networks',
      tags: ['Mellan dialogerna'],
      summary: 'Nätverk för små förskolor: inbjudningslistan (enskild, bara förskola, högst 50 barn) och förslag till grupper med gemensamma behov',
      request: { query: networksQuery },
      responses: { 200: fileOrJson('Inbjudna huvudmän och föreslagna grupper (report: "networks"), eller en CSV-fil för utskick') },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const r = core.networks({ regions: q.region?.split(',').map((x) => x.trim()).filter(Boolean), size: q.size });
      audit(service.db, c.get('user')!.username, 'networks', { regions: r.regions, size: q.size, format: q.format }, r.invited.length);
      if (q.format === 'csv') return sendFile(c, (await core.export(r, 'csv')) as string, 'csv', reportFileName('natverk', 'csv'));
      return c.json(r as unknown as { report: string }, 200);
    },
  );

  app.openapi(
    route('followups', {
      method: 'get',
      operationId: 'listFollowups',
      path: '/api/followups',
      tags: ['Mellan dialogerna'],
      summary: 'Uppföljande möten som står på tur: huvudmän vars återkoppling var för 5–7 månader sedan, med prioriterad fråga, behov, vad som hänt sedan och liknande huvudmän',
      request: { query: followupsQuery },
      responses: { 200: fileOrJson('Uppföljningarna, äldsta återkopplingen först (report: "followups"), eller en CSV-fil') },
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
