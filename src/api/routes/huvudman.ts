// Huvudmän: list, one, similar, the pre-dialogue brief.
import { z } from '@hono/zod-openapi';
import { HUVUDMAN_TYPER, REGIONER } from '../../ingest/vocabulary.js';
import { audit } from '../audit.js';
import { huvudmanSchema, json, resultSchema } from '../schemas.js';
import type { RouteDeps } from './context.js';

const idParam = z.object({ id: z.string().min(1).max(100).meta({ example: 'hm-0001' }) });
const limitParam = (def: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: 'förväntade ett heltal' })
    .transform(Number)
    .pipe(z.number().int().min(1, { error: 'minst 1' }).max(max, { error: `högst ${max}` }))
    .optional()
    .meta({ description: `Antal (standard ${def}, högst ${max})` });

export function registerHuvudman(deps: RouteDeps): void {
  const { app, route, core, service } = deps;
  const notFound = json(z.object({ error: z.string() }), 'Huvudmannen finns inte');

  app.openapi(
    route('huvudman:read', {
      method: 'get',
      operationId: 'listHuvudman',
      path: '/api/huvudman',
      tags: ['Huvudmän'],
      summary: 'Huvudmän, med sökning på namn, kommun eller id',
      request: {
        query: z.object({
          q: z.string().max(200).optional(),
          region: z.enum(REGIONER).optional(),
          typ: z.enum([...HUVUDMAN_TYPER, 'offentlig']).optional(),
        }),
      },
      responses: { 200: json(z.object({ huvudman: z.array(huvudmanSchema) }), 'Huvudmän i namnordning') },
    }),
    (c) => {
      const q = c.req.valid('query');
      return c.json({ huvudman: core.listHuvudman({ text: q.q, region: q.region, typ: q.typ }) }, 200);
    },
  );

  app.openapi(
    route('huvudman:read', {
      method: 'get',
      operationId: 'getHuvudman',
      path: '/api/huvudman/{id}',
      tags: ['Huvudmän'],
      summary: 'En huvudman',
      request: { params: idParam },
      responses: { 200: json(huvudmanSchema, 'Huvudmannen'), 404: notFound },
    }),
    (c) => c.json(core.huvudman(c.req.valid('param').id), 200),
  );

  app.openapi(
    route('huvudman:read', {
      method: 'get',
      operationId: 'getSimilarHuvudman',
      path: '/api/huvudman/{id}/similar',
      tags: ['Huvudmän'],
      summary: 'Liknande huvudmän (struktur, behov och text), med vad de har gemensamt',
      request: { params: idParam, query: z.object({ limit: limitParam(5, 50) }) },
      responses: {
        200: json(z.object({ similar: z.array(z.object({ huvudmanId: z.string(), namn: z.string(), score: z.number(), why: z.string() })) }), 'Liknande huvudmän'),
        404: notFound,
      },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      const similar = core.similar(id, c.req.valid('query').limit ?? 5);
      audit(service.db, c.get('user')!.username, 'similar', { huvudmanId: id }, similar.length);
      return c.json({ similar }, 200);
    },
  );

  app.openapi(
    route('brief', {
      method: 'get',
      operationId: 'getBrief',
      path: '/api/huvudman/{id}/brief',
      tags: ['Huvudmän'],
      summary: 'Förberedelseunderlag: tidigare dialoger, behov, liknande huvudmän och lärande exempel',
      request: { params: idParam, query: z.object({ similar: limitParam(5, 20), examples: limitParam(6, 30) }) },
      responses: { 200: json(resultSchema, 'Underlaget (report: "brief")'), 404: notFound },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      const brief = await core.brief(id, { similar: q.similar, examples: q.examples });
      audit(service.db, c.get('user')!.username, 'brief', { huvudmanId: id }, brief.dialogues.length);
      return c.json(brief as unknown as { report: string }, 200);
    },
  );
}
