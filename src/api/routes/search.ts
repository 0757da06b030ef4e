// Search, opening a passage, classifying a free text.
import { z } from '@hono/zod-openapi';
import { searchRequestSchema } from '../../search/search.js';
import { audit } from '../audit.js';
import { hitSchema, json, labelDecisionSchema, passageSchema } from '../schemas.js';
import type { RouteDeps } from './context.js';

export const classifyRequestSchema = z
  .strictObject({
    text: z
      .string({ error: 'texten saknas' })
      .trim()
      .min(1, { error: 'texten är tom' })
      .max(50_000, { error: 'texten är för lång (högst 50 000 tecken)' }),
  })
  .meta({ id: 'Klassificering' });

const predictionSchema = z.object({ id: z.string(), score: z.number(), predicted: z.boolean(), evidence: z.array(z.string()) });

export function registerSearch(deps: RouteDeps): void {
  const { app, route, core, service } = deps;

  app.openapi(
    route('search', {
      method: 'post',
      operationId: 'search',
      path: '/api/search',
      tags: ['Sök'],
      summary: 'Hybridsökning bland godkända textavsnitt, med filter',
      description: 'Lexikal (BM25) och semantisk sökning sammanvägda. Träffarna har markeringar (`highlights`) och de etiketter som gäller för textavsnittet.',
      request: { body: { content: { 'application/json': { schema: searchRequestSchema.meta({ id: 'Sokfraga' }) } }, required: true } },
      responses: { 200: json(z.object({ hits: z.array(hitSchema) }), 'Träffar, bäst först') },
    }),
    async (c) => {
      const req = c.req.valid('json');
      const res = await core.searchDescribed(req);
      audit(service.db, c.get('user')!.username, 'search', { query: req.query, mode: req.mode, filters: req.filters, limit: req.limit, onePerNote: req.onePerNote }, res.hits.length);
      return c.json(res, 200);
    },
  );

  app.openapi(
    route('search', {
      method: 'get',
      operationId: 'getPassage',
      path: '/api/passages/{id}',
      tags: ['Sök'],
      summary: 'Ett godkänt textavsnitt med anteckningens uppgifter och etiketter',
      request: { params: z.object({ id: z.string().min(1).max(200) }) },
      responses: { 200: json(passageSchema, 'Textavsnittet'), 404: json(z.object({ error: z.string() }), 'Finns inte (eller är inte godkänt)') },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      const p = core.passage(id);
      audit(service.db, c.get('user')!.username, 'passage', { passageId: id }, 1);
      return c.json(p, 200);
    },
  );

  app.openapi(
    route('classify', {
      method: 'post',
      operationId: 'classifyText',
      path: '/api/classify',
      tags: ['Klassificering'],
      summary: 'Klassificera en fritext mot framgångsfaktorerna och temana (inget sparas)',
      request: { body: { content: { 'application/json': { schema: classifyRequestSchema } }, required: true } },
      responses: {
        200: json(z.object({ factors: z.array(predictionSchema), themes: z.array(predictionSchema), passages: z.number() }), 'Poäng, beslut och belägg per etikett'),
      },
    }),
    async (c) => {
      const { text } = c.req.valid('json');
      const res = await core.classifyText(text);
      // The text may be a note: only its length is logged.
      audit(service.db, c.get('user')!.username, 'classify', { chars: text.length }, res.factors.filter((f) => f.predicted).length + res.themes.filter((t) => t.predicted).length);
      return c.json(res, 200);
    },
  );

  void labelDecisionSchema;
}
