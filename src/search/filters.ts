// Search filters: one schema (validated at every boundary) and one predicate over passage
// metadata, used by every retriever so that a filter means the same everywhere.
import { z } from 'zod';
import { loadCodebook } from '../codebook/index.js';
import { HUVUDMAN_TYPER, NOTE_TYPER, REGIONER, SKOLFORMER } from '../ingest/vocabulary.js';

const codebookId = (kind: 'factor' | 'theme') =>
  z.string().refine((id) => loadCodebook().byId.get(id)?.kind === kind, {
    error: kind === 'factor' ? 'okänd framgångsfaktor' : 'okänt tema',
  });

export const searchFiltersSchema = z.strictObject({
  /** Exact huvudman type, or "offentlig" for all public types. */
  typ: z.enum([...HUVUDMAN_TYPER, 'offentlig']).optional(),
  skolform: z.enum(SKOLFORMER).optional(),
  /** true: only huvudmän running nothing but förskola; false: all others. */
  endastForskola: z.boolean().optional(),
  region: z.enum(REGIONER).optional(),
  cykel: z.number().int().min(1).optional(),
  omgang: z.number().int().min(1).max(99).optional(),
  noteTyp: z.enum(NOTE_TYPER).optional(),
  franDatum: z.iso.date().optional(),
  tillDatum: z.iso.date().optional(),
  minStorlek: z.number().int().min(0).optional(),
  maxStorlek: z.number().int().min(0).optional(),
  factor: codebookId('factor').optional(),
  theme: codebookId('theme').optional(),
  huvudmanId: z.string().optional(),
});
export type SearchFilters = z.infer<typeof searchFiltersSchema>;

/** What the filters look at for one approved passage. */
export interface PassageMeta {
  num: number;
  passageId: string;
  noteId: string;
  huvudmanId: string;
  huvudmanTyp: string;
  skolformer: string[];
  region: string;
  size: number | null;
  cykel: number;
  omgang: number;
  noteTyp: string;
  datum: string;
  /** Codebook ids that hold for this passage (reviewed labels win over predictions). */
  labels: Set<string>;
}

/** A key for caches: the same filters give the same key whatever the order of their fields. */
export function filtersKey(f: SearchFilters): string {
  return JSON.stringify(Object.entries(f).sort());
}

export function hasFilters(f: SearchFilters): boolean {
  return Object.values(f).some((v) => v !== undefined);
}

export function matchesFilters(m: PassageMeta, f: SearchFilters): boolean {
  if (f.typ !== undefined && (f.typ === 'offentlig' ? m.huvudmanTyp === 'enskild' : m.huvudmanTyp !== f.typ)) return false;
  if (f.skolform !== undefined && !m.skolformer.includes(f.skolform)) return false;
  if (f.endastForskola !== undefined && isOnlyForskola(m.skolformer) !== f.endastForskola) return false;
  if (f.region !== undefined && m.region !== f.region) return false;
  if (f.cykel !== undefined && m.cykel !== f.cykel) return false;
  if (f.omgang !== undefined && m.omgang !== f.omgang) return false;
  if (f.noteTyp !== undefined && m.noteTyp !== f.noteTyp) return false;
  if (f.franDatum !== undefined && m.datum < f.franDatum) return false;
  if (f.tillDatum !== undefined && m.datum > f.tillDatum) return false;
  if (f.minStorlek !== undefined && (m.size === null || m.size < f.minStorlek)) return false;
  if (f.maxStorlek !== undefined && (m.size === null || m.size > f.maxStorlek)) return false;
  if (f.factor !== undefined && !m.labels.has(f.factor)) return false;
  if (f.theme !== undefined && !m.labels.has(f.theme)) return false;
  if (f.huvudmanId !== undefined && m.huvudmanId !== f.huvudmanId) return false;
  return true;
}

/** The evaluators' group "huvudmän with only förskola". */
export function isOnlyForskola(skolformer: string[]): boolean {
  return skolformer.length > 0 && skolformer.every((s) => s === 'forskola');
}
