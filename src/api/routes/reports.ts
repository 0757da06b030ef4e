// The analytics: factor/theme reports by group, co-occurrence, change, their exports; quotes,
// emerging themes and support targeting.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AnyReport, ExportFormat } from '../../analytics/export/index.js';
import { searchFiltersSchema } from '../../search/filters.js';
import { loadCodebook } from '../../codebook/index.js';
import { audit } from '../audit.js';
import { ApiError } from '../errors.js';
import type { ReportKind } from '../core.js';
import { dimensionsQuery, filtersFromQuery, filtersQuery, json, reportSchema, resultSchema, type FiltersQuery } from '../schemas.js';
import type { RouteDeps } from './context.js';

const REPORTS = ['factors', 'themes', 'cooccurrence', 'change'] as const;
const FORMATS = ['csv', 'xlsx', 'svg', 'json'] as const;

const MIME: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  svg: 'image/svg+xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

const reportQuery = z.object({
  by: dimensionsQuery,
  kind: z.enum(['factor', 'theme']).optional().meta({ description: 'För cooccurrence och change: faktorer (standard) eller teman' }),
  period: z.enum(['cykel', 'omgang', 'cykel-omgang']).optional().meta({ description: 'För change: jämförelseperiod' }),
  labels: z
    .string()
    .max(2000)
    .refine((s) => s.split(',').every((id) => !id.trim() || loadCodebook().byId.has(id.trim())), { error: 'okänd framgångsfaktor eller okänt tema' })
    .optional()
    .meta({ description: 'Bara dessa etiketter (kommaseparerade id:n)' }),
  ...filtersQuery,
});
type ReportQuery = z.output<typeof reportQuery>;

const exportBody = (jsonSchema: z.ZodType) => ({
  content: {
    'text/csv': { schema: z.string() },
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string().meta({ format: 'binary' }) },
    'image/svg+xml': { schema: z.string() },
    'application/json': { schema: jsonSchema },
  },
  description: 'Filen (Content-Disposition: attachment)',
});

export function reportFileName(report: string, format: ExportFormat, q: { by?: string } = {}): string {
  const by = q.by ? `-per-${q.by.replace(/[^a-z0-9-]+/gi, '-')}` : '';
  return `dialogkunskap-${report}${by}-${new Date().toISOString().slice(0, 10)}.${format}`;
}

export function sendFile(c: Context, body: string | Buffer, format: ExportFormat, filename: string): Response {
  c.header('Content-Type', MIME[format]);
  c.header('Content-Disposition', `attachment; filename="${filename}"`);
  c.header('Cache-Control', 'no-store');
  return c.body(typeof body === 'string' ? body : new Uint8Array(body));
}

export function reportFromQuery(deps: RouteDeps, report: ReportKind, q: ReportQuery): AnyReport {
  const { by, kind, period, labels, ...rest } = q;
  return deps.core.report(report, {
    by,
    labelKind: kind,
    period,
    labels: labels ? labels.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
    filters: filtersFromQuery(rest as FiltersQuery),
  });
}

export const quotesRequestSchema = z
  .strictObject({
    factor: z.string().optional(),
    theme: z.string().optional(),
    query: z.string().trim().max(2000, { error: 'sökfrågan är för lång (högst 2000 tecken)' }).optional(),
    limit: z.number().int().min(1).max(100).default(10),
    filters: searchFiltersSchema.default({}),
    mode: z.enum(['hybrid', 'lexical', 'vector']).optional(),
  })
  .refine((r) => !r.factor || loadCodebook().byId.get(r.factor)?.kind === 'factor', { error: 'okänd framgångsfaktor', path: ['factor'] })
  .refine((r) => !r.theme || loadCodebook().byId.get(r.theme)?.kind === 'theme', { error: 'okänt tema', path: ['theme'] })
  .refine((r) => r.factor || r.theme || r.query, { error: 'ange en framgångsfaktor, ett tema eller en sökfråga' })
  .meta({ id: 'Citatfraga' });

export const emergingRequestSchema = z
  .strictObject({
    maxScore: z.number().min(0).max(1).optional(),
    k: z.number().int().min(2).max(50).optional(),
    minSize: z.number().int().min(2).max(1000).optional(),
    minHuvudman: z.number().int().min(1).max(1000).optional(),
    examples: z.number().int().min(1).max(20).optional(),
    terms: z.number().int().min(1).max(30).optional(),
    filters: searchFiltersSchema.default({}),
  })
  .meta({ id: 'NyaTeman' });

export const targetRequestSchema = z
  .strictObject({
    text: z.string().trim().max(20_000, { error: 'texten är för lång (högst 20 000 tecken)' }).optional(),
    factors: z.array(z.string().refine((id) => loadCodebook().byId.get(id)?.kind === 'factor', { error: 'okänd framgångsfaktor' })).max(7).optional(),
    themes: z.array(z.string().refine((id) => loadCodebook().byId.get(id)?.kind === 'theme', { error: 'okänt tema' })).max(30).optional(),
    filters: searchFiltersSchema.default({}),
    limit: z.number().int().min(1).max(500).default(20),
    evidence: z.number().int().min(0).max(10).optional(),
    mode: z.enum(['hybrid', 'lexical', 'vector']).optional(),
  })
  .refine((r) => r.text || r.factors?.length || r.themes?.length, { error: 'beskriv stödet med en text eller välj framgångsfaktorer eller teman' })
  .meta({ id: 'Malgruppsfraga' });

/** What the audit log keeps of a targeting request: the offer text is the user's own, kept short. */
function targetAudit(r: z.output<typeof targetRequestSchema>) {
  return { text: r.text?.slice(0, 300), factors: r.factors, themes: r.themes, filters: r.filters, limit: r.limit };
}

export function registerReports(deps: RouteDeps): void {
  const { app, route, core, service } = deps;
  const reportParam = z.object({ report: z.enum(REPORTS).meta({ description: 'factors, themes, cooccurrence eller change' }) });

  app.openapi(
    route('reports:read', {
      method: 'get',
      operationId: 'getReport',
      path: '/api/reports/{report}',
      tags: ['Rapporter'],
      summary: 'Hur ofta framgångsfaktorer och teman kommer upp, per grupp (andel dialoger, med n)',
      request: { params: reportParam, query: reportQuery },
      responses: { 200: json(reportSchema, 'Rapporten') },
    }),
    (c) => {
      const { report } = c.req.valid('param');
      const q = c.req.valid('query');
      const r = reportFromQuery(deps, report, q);
      audit(service.db, c.get('user')!.username, 'report', { report, ...q }, (r as { rows?: unknown[] }).rows?.length ?? null);
      // The analytics types and the schema describe the same objects; the contract test holds them together.
      return c.json(r as unknown as z.output<typeof reportSchema>, 200);
    },
  );

  app.openapi(
    route('reports:export', {
      method: 'get',
      operationId: 'exportReport',
      path: '/api/reports/{report}/export',
      tags: ['Rapporter'],
      summary: 'Exportera en rapport som CSV, Excel, SVG-diagram eller JSON',
      request: { params: reportParam, query: reportQuery.extend({ format: z.enum(FORMATS).default('csv') }) },
      responses: { 200: exportBody(reportSchema) },
    }),
    async (c) => {
      const { report } = c.req.valid('param');
      const { format, ...q } = c.req.valid('query');
      if (format === 'svg' && report === 'cooccurrence')
        throw new ApiError(400, 'ogiltig begäran', [{ falt: 'format', meddelande: 'diagram (svg) finns för factors, themes och change' }]);
      const r = reportFromQuery(deps, report, q);
      const body = await core.export(r, format);
      audit(service.db, c.get('user')!.username, 'export', { report, format, ...q }, (r as { rows?: unknown[] }).rows?.length ?? null);
      return sendFile(c, body, format, reportFileName(report, format, q));
    },
  );

  app.openapi(
    route('quotes', {
      method: 'post',
      operationId: 'getQuotes',
      path: '/api/quotes',
      tags: ['Rapporter'],
      summary: 'Representativa citat för en framgångsfaktor, ett tema eller en sökfråga, spridda över huvudmän',
      request: { body: { content: { 'application/json': { schema: quotesRequestSchema } }, required: true } },
      responses: { 200: json(resultSchema, 'Citaten (report: "quotes")') },
    }),
    async (c) => {
      const req = c.req.valid('json');
      const r = await core.quotes(req);
      audit(service.db, c.get('user')!.username, 'quotes', { factor: req.factor, theme: req.theme, query: req.query, limit: req.limit, filters: req.filters }, r.quotes.length);
      // The analytics types and the schema describe the same objects; the contract test holds them together.
      return c.json(r as unknown as z.output<typeof reportSchema>, 200);
    },
  );

  app.openapi(
    route('emerging', {
      method: 'post',
      operationId: 'findEmergingThemes',
      path: '/api/emerging',
      tags: ['Rapporter'],
      summary: 'Nya teman: grupper av textavsnitt som kodboken passar dåligt på',
      request: { body: { content: { 'application/json': { schema: emergingRequestSchema } }, required: true } },
      responses: { 200: json(resultSchema, 'Grupperna (report: "emerging")') },
    }),
    (c) => {
      const req = c.req.valid('json');
      const r = core.emerging(req);
      audit(service.db, c.get('user')!.username, 'emerging', req, r.clusters.length);
      // The analytics types and the schema describe the same objects; the contract test holds them together.
      return c.json(r as unknown as z.output<typeof reportSchema>, 200);
    },
  );

  app.openapi(
    route('target', {
      method: 'post',
      operationId: 'targetSupport',
      path: '/api/target',
      tags: ['Stödinsatser'],
      summary: 'Målgruppsanalys: vilka huvudmän behöver det ett stöd erbjuder, var, med belägg',
      request: { body: { content: { 'application/json': { schema: targetRequestSchema } }, required: true } },
      responses: { 200: json(resultSchema, 'Huvudmännen, rangordnade, och antal per region och typ (report: "target")') },
    }),
    async (c) => {
      const req = c.req.valid('json');
      const r = await core.target(req);
      audit(service.db, c.get('user')!.username, 'target', targetAudit(req), r.total);
      // The analytics types and the schema describe the same objects; the contract test holds them together.
      return c.json(r as unknown as z.output<typeof reportSchema>, 200);
    },
  );

  app.openapi(
    route('reports:export', {
      method: 'post',
      operationId: 'exportTargeting',
      path: '/api/target/export',
      tags: ['Stödinsatser'],
      summary: 'Exportera en målgruppsanalys (CSV, Excel, SVG eller JSON)',
      request: {
        query: z.object({ format: z.enum(FORMATS).default('csv') }),
        body: { content: { 'application/json': { schema: targetRequestSchema } }, required: true },
      },
      responses: { 200: exportBody(resultSchema) },
    }),
    async (c) => {
      const req = c.req.valid('json');
      const { format } = c.req.valid('query');
      const r = await core.target(req);
      if (format === 'svg') throw new ApiError(400, 'ogiltig begäran', [{ falt: 'format', meddelande: 'målgruppsanalysen finns som csv, xlsx eller json' }]);
      const body = await core.export(r, format);
      audit(service.db, c.get('user')!.username, 'export', { report: 'target', format, ...targetAudit(req) }, r.total);
      return sendFile(c, body, format, reportFileName('malgrupp', format));
    },
  );
}
