// The review loop: the queue (least certain predictions first), a person's decision on a label,
// retraining and reclassification.
import { z } from '@hono/zod-openapi';
import { loadCodebook } from '../../codebook/index.js';
import { audit } from '../audit.js';
import { ApiError } from '../errors.js';
import { json, jobSchema, labelDecisionSchema } from '../schemas.js';
import type { RouteDeps } from './context.js';

export const reviewRequestSchema = z
  .strictObject({
    targetKind: z.enum(['passage', 'note']).default('passage'),
    targetId: z.string({ error: 'targetId saknas' }).min(1).max(200),
    labelId: z.string({ error: 'labelId saknas' }).refine((id) => loadCodebook().byId.has(id), { error: 'okänd framgångsfaktor eller okänt tema' }),
    action: z.enum(['confirm', 'reject', 'add', 'undo'], { error: 'action ska vara confirm, reject, add eller undo' }),
  })
  .meta({ id: 'Granskning' });

const reviewItemSchema = z
  .object({
    passageId: z.string(),
    noteId: z.string(),
    huvudmanId: z.string(),
    text: z.string(),
    labelId: z.string(),
    kind: z.enum(['factor', 'theme']),
    name: z.string(),
    score: z.number(),
    predicted: z.boolean(),
    evidence: z.array(z.string()),
  })
  .meta({ id: 'Granskningspost' });

export function registerReview(deps: RouteDeps): void {
  const { app, route, core, service, jobs } = deps;

  app.openapi(
    route('review', {
      method: 'get',
      operationId: 'getReviewQueue',
      path: '/api/review/queue',
      tags: ['Granskning'],
      summary: 'Granskningskön: klassificerarens förslag, först de vars granskning mest smalnar av andelarnas intervall',
      request: {
        query: z.object({
          limit: z.string().regex(/^\d+$/, { error: 'förväntade ett heltal' }).transform(Number).pipe(z.number().int().min(1).max(200)).optional(),
          offset: z.string().regex(/^\d+$/, { error: 'förväntade ett heltal' }).transform(Number).pipe(z.number().int().min(0)).optional(),
          label: z.string().refine((id) => loadCodebook().byId.has(id), { error: 'okänd framgångsfaktor eller okänt tema' }).optional(),
          huvudmanId: z.string().max(100).optional(),
        }),
      },
      responses: { 200: json(z.object({ total: z.number(), items: z.array(reviewItemSchema) }), 'Poster att granska') },
    }),
    (c) => {
      const q = c.req.valid('query');
      const res = core.reviewQueue({ limit: q.limit ?? 20, offset: q.offset, label: q.label, huvudmanId: q.huvudmanId });
      audit(service.db, c.get('user')!.username, 'review-queue', { label: q.label, huvudmanId: q.huvudmanId, offset: q.offset }, res.items.length);
      return c.json(res, 200);
    },
  );

  app.openapi(
    route('review', {
      method: 'post',
      operationId: 'submitReview',
      path: '/api/review',
      tags: ['Granskning'],
      summary: 'Bekräfta, avvisa eller lägga till en etikett på ett textavsnitt eller en hel anteckning (eller ångra)',
      request: { body: { content: { 'application/json': { schema: reviewRequestSchema } }, required: true } },
      responses: {
        200: json(z.object({ labels: z.array(labelDecisionSchema) }), 'Etiketterna som nu gäller'),
        404: json(z.object({ error: z.string() }), 'Textavsnittet eller anteckningen finns inte'),
      },
    }),
    (c) => {
      const req = c.req.valid('json');
      const user = c.get('user')!;
      const res = core.review({ ...req, reviewer: user.username });
      audit(service.db, user.username, 'review', req, 1);
      return c.json(res, 200);
    },
  );

  app.openapi(
    route('model:train', {
      method: 'post',
      operationId: 'reclassify',
      path: '/api/model/reclassify',
      tags: ['Granskning'],
      summary: 'Klassificera om alla godkända textavsnitt med den senast tränade modellen (jobb)',
      responses: { 202: json(jobSchema, 'Jobbet är startat; följ det på /api/jobs/{id}') },
    }),
    (c) => {
      const user = c.get('user')!;
      const job = jobs.start('reclassify', user.username, async (progress) => {
        const r = await core.reclassify((d, t) => progress(d, t));
        audit(service.db, user.username, 'reclassify', {}, r.passages);
        return r;
      });
      return c.json(job, 202);
    },
  );

  app.openapi(
    route('model:train', {
      method: 'post',
      operationId: 'trainModel',
      path: '/api/model/train',
      tags: ['Granskning'],
      summary: 'Träna klassificeraren på de granskade etiketterna (jobb)',
      responses: { 202: json(jobSchema, 'Jobbet är startat') },
    }),
    (c) => {
      const user = c.get('user')!;
      const job = jobs.start('train', user.username, async (progress) => {
        const r = await core.train((d, t) => progress(d, t));
        audit(service.db, user.username, 'train', {}, r.reviewedLabels);
        return r;
      });
      return c.json(job, 202);
    },
  );
}
