// Request and response schemas shared by several routes (zod; the OpenAPI document is generated
// from them).
import { z } from '@hono/zod-openapi';
import { HUVUDMAN_TYPER, NOTE_TYPER, REGIONER, SKOLFORMER } from '../ingest/vocabulary.js';
import { searchFiltersSchema } from '../search/filters.js';
import { DIMENSIONS } from '../analytics/dimensions.js';
import { ROLES } from '../auth/roles.js';
import { loadCodebook } from '../codebook/index.js';

export const filtersSchema = searchFiltersSchema.meta({ id: 'Filter', description: 'Urval: huvudmannatyp, skolform, region, cykel, omgång, datum, storlek, framgångsfaktor, tema, huvudman' });

const intString = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: 'förväntade ett heltal' })
    .transform(Number)
    .pipe(z.number().int().min(min, { error: `minst ${min}` }).max(max, { error: `högst ${max}` }));

const codebookIdOf = (kind: 'factor' | 'theme') =>
  z.string().refine((id) => loadCodebook().byId.get(id)?.kind === kind, { error: kind === 'factor' ? 'okänd framgångsfaktor' : 'okänt tema' });

/** The same filters as query parameters (GET reports and exports). */
export const filtersQuery = {
  typ: z.enum([...HUVUDMAN_TYPER, 'offentlig']).optional(),
  skolform: z.enum(SKOLFORMER).optional(),
  endastForskola: z.enum(['true', 'false'], { error: 'förväntade true eller false' }).optional(),
  region: z.enum(REGIONER).optional(),
  cykel: intString(1, 99).optional(),
  omgang: intString(1, 99).optional(),
  noteTyp: z.enum(NOTE_TYPER).optional(),
  franDatum: z.iso.date({ error: 'förväntade ett datum ÅÅÅÅ-MM-DD' }).optional(),
  tillDatum: z.iso.date({ error: 'förväntade ett datum ÅÅÅÅ-MM-DD' }).optional(),
  minStorlek: intString(0, 1_000_000).optional(),
  maxStorlek: intString(0, 1_000_000).optional(),
  factor: codebookIdOf('factor').optional(),
  theme: codebookIdOf('theme').optional(),
  huvudmanId: z.string().max(100).optional(),
};

export type FiltersQuery = { [K in keyof typeof filtersQuery]?: z.output<(typeof filtersQuery)[K]> };

/** Query parameters → the filters object of search and the reports (empty values dropped). */
export function filtersFromQuery(q: FiltersQuery): z.output<typeof searchFiltersSchema> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === '') continue;
    if (!(k in filtersQuery)) continue;
    out[k] = k === 'endastForskola' ? v === 'true' : v;
  }
  return searchFiltersSchema.parse(out);
}

export const dimensionsQuery = z
  .string()
  .max(100)
  .refine((s) => s.split(',').every((d) => !d.trim() || (DIMENSIONS as readonly string[]).includes(d.trim())), {
    error: `okänd indelning; välj bland ${DIMENSIONS.join(', ')}`,
  })
  .optional()
  .meta({ description: `Indelning, kommaseparerad: ${DIMENSIONS.join(', ')}`, example: 'typ' });

export const labelDecisionSchema = z
  .object({
    labelId: z.string(),
    kind: z.enum(['factor', 'theme']),
    name: z.string(),
    basis: z.enum(['reviewed', 'predicted']),
    on: z.enum(['passage', 'note']),
    positive: z.boolean(),
    score: z.number().nullable(),
  })
  .meta({ id: 'Etikett' });

/** Where a passage comes from: shared by search hits and the passage view. */
const passageOrigin = {
  passageId: z.string(),
  noteId: z.string(),
  huvudmanId: z.string(),
  huvudmanNamn: z.string(),
  noteTyp: z.string(),
  datum: z.string(),
  cykel: z.number(),
  omgang: z.number(),
};

export const hitSchema = z
  .object({
    ...passageOrigin,
    region: z.string(),
    text: z.string(),
    score: z.number(),
    highlights: z.array(z.tuple([z.number(), z.number()])).meta({ description: 'Teckenintervall [start, slut) att markera' }),
    labels: z.array(labelDecisionSchema),
  })
  .meta({ id: 'Traff' });

export const passageSchema = z
  .object({
    ...passageOrigin,
    ord: z.number(),
    text: z.string(),
    labels: z.array(labelDecisionSchema),
    notePassages: z.array(z.string()),
  })
  .meta({ id: 'Textavsnitt' });

export const huvudmanSchema = z
  .object({
    id: z.string(),
    namn: z.string(),
    typ: z.string(),
    region: z.string(),
    kommun: z.string().nullable(),
    antalBarnElever: z.number().nullable(),
    storleksklass: z.string().nullable(),
    skolformer: z.array(z.string()),
    godkandaAnteckningar: z.number(),
  })
  .meta({ id: 'Huvudman' });

export const userSchema = z
  .object({ id: z.number(), username: z.string(), displayName: z.string(), role: z.enum(ROLES) })
  .meta({ id: 'Anvandare' });

export const jobSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['ingest', 'reclassify', 'train']),
    owner: z.string(),
    status: z.enum(['vantar', 'pagar', 'klar', 'fel']),
    done: z.number(),
    total: z.number(),
    current: z.string().nullable(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    result: z.unknown(),
    error: z.string().nullable(),
  })
  .meta({ id: 'Jobb' });

// Analytics reports (src/analytics/reports.ts), one shape per kind, told apart by `report`. Typed in
// full so that generated clients see the fields; the contract test checks them against the server.
const share = (what: string) => z.number().meta({ description: what });
const totalsSchema = z
  .object({ dialogues: z.number(), reviewedDecisions: z.number(), predictedDecisions: z.number() })
  .meta({ id: 'Rapportsummor', description: 'Räknade dialoger, och (dialog, etikett)-beslut som bygger på granskade etiketter respektive bara förslag' });
const reportBase = { by: z.array(z.enum(DIMENSIONS)), filters: filtersSchema, totals: totalsSchema };

export const prevalenceReportSchema = z
  .object({
    report: z.enum(['factors', 'themes']),
    ...reportBase,
    rows: z.array(
      z
        .object({
          group: z.string(),
          label: z.string(),
          dialogues: z.number().meta({ description: 'Dialoger i gruppen som bedöms beröra etiketten (beslutet per dialog)' }),
          n: z.number().meta({ description: 'Dialoger i gruppen' }),
          share: share('Skattad andel dialoger i gruppen som berör etiketten: medelvärdet av de kalibrerade sannolikheterna, granskade etiketter som kända'),
          low: share('95 % intervall, nedre gräns'),
          high: share('95 % intervall, övre gräns'),
          reviewedShare: z.number().nullable().meta({ description: 'Andelen av de berörande dialogerna vars beslut bygger på en granskad etikett' }),
        })
        .meta({ id: 'Andelsrad' }),
    ),
  })
  .meta({ id: 'Andelsrapport' });

export const cooccurrenceReportSchema = z
  .object({
    report: z.literal('cooccurrence'),
    kind: z.enum(['factor', 'theme']),
    ...reportBase,
    rows: z.array(
      z.object({
        group: z.string(),
        a: z.string(),
        b: z.string(),
        both: z.number(),
        dialoguesA: z.number(),
        dialoguesB: z.number(),
        n: z.number(),
        share: share('Andelen dialoger som berör båda'),
        shareOfA: z.number().nullable(),
        shareOfB: z.number().nullable(),
        lift: z.number().nullable().meta({ description: 'Över 1: de två kommer upp tillsammans oftare än slumpen ger' }),
      }),
    ),
  })
  .meta({ id: 'Samforekomstrapport' });

export const changeReportSchema = z
  .object({
    report: z.literal('change'),
    kind: z.enum(['factor', 'theme']),
    period: z.enum(['cykel', 'omgang', 'cykel-omgang']),
    ...reportBase,
    rows: z.array(
      z.object({
        group: z.string(),
        label: z.string(),
        period: z.string(),
        previous: z.string().nullable(),
        dialogues: z.number(),
        n: z.number(),
        share: z.number(),
        reviewedShare: z.number().nullable(),
        previousShare: z.number().nullable(),
        changePoints: z.number().nullable().meta({ description: 'Förändring mot perioden före, i procentenheter' }),
      }),
    ),
  })
  .meta({ id: 'Forandringsrapport' });

/** Briefs, quotes, emerging themes and targeting: their shape is documented in src/analytics. */
export const resultSchema = z.looseObject({ report: z.string() }).meta({ id: 'Underlag' });

export const reportSchema = z.discriminatedUnion('report', [prevalenceReportSchema, cooccurrenceReportSchema, changeReportSchema]).meta({ id: 'Rapport' });

export const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
