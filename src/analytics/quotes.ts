// Representative quotes for a factor, a theme or a free-text query: approved passages only, good
// ones first, spread over as many huvudmän as there are (see spread.ts), each linked to its note
// and huvudman, text through the last redaction gate.
import { searchFiltersSchema, type SearchFilters } from '../search/filters.js';
import { bufferToVector } from '../search/vector-index.js';
import { loadDataset, type Dataset } from './dataset.js';
import { labelKind } from './labels.js';
import { decideNote } from './effective.js';
import { loadEmbeddings, loadNotesWithLabels, loadPassageTexts, type PassageText } from './load.js';
import { quoteQuality } from './quality.js';
import { shownText } from './shown-text.js';
import { spreadOverHuvudman } from './spread.js';
import type { AnalyticsContext, Basis } from './types.js';
import { centroid, dot } from './vectors.js';

export interface QuoteRequest {
  factor?: string;
  theme?: string;
  query?: string;
  /** Number of quotes (default 10, at most 100). */
  limit?: number;
  filters?: SearchFilters;
  /** Search mode for a query (default hybrid; lexical when no embedder is loaded). */
  mode?: 'hybrid' | 'lexical' | 'vector';
}

export interface Quote {
  passageId: string;
  noteId: string;
  huvudmanId: string;
  text: string;
  /** Effective codebook labels of the passage. */
  labels: string[];
  /** What the requested label rests on for this passage (null for a query without labels). */
  basis: Basis | null;
  score: number;
  noteTyp: string;
  datum: string;
  cykel: number;
  omgang: number;
  region: string;
  huvudmanTyp: string;
}

export interface QuotesReport {
  report: 'quotes';
  request: { factor?: string; theme?: string; query?: string; limit: number; filters: SearchFilters };
  /** Passages that qualified. */
  candidates: number;
  /** Distinct huvudmän among the candidates. */
  huvudmanAvailable: number;
  /** Distinct huvudmän among the quotes. */
  huvudman: number;
  quotes: Quote[];
}

interface Candidate {
  id: string;
  num: number;
  huvudmanId: string;
  noteId: string;
  text: string;
  score: number;
  basis: Basis | null;
  labels: string[];
}

function withoutLabels(f: SearchFilters): SearchFilters {
  const { factor: _f, theme: _t, ...rest } = f;
  return rest;
}

function checkLabel(id: string | undefined, kind: 'factor' | 'theme'): void {
  if (id !== undefined && labelKind(id) !== kind) throw new Error(kind === 'factor' ? `okänd framgångsfaktor "${id}"` : `okänt tema "${id}"`);
}

/** Passages carrying every requested label, scored by basis, classifier score, readability and closeness to the others. */
/** Candidates read per huvudman for a label (its best by basis and score). */
const PER_HUVUDMAN = 6;

function labelCandidates(ctx: AnalyticsContext, ds: Dataset, required: string[]): { candidates: Candidate[]; total: number; huvudman: number; texts: Map<string, PassageText> } {
  // Only from dialogues decided to carry every required label: the one decision the reports count.
  const counted = new Set(ds.dialogues.filter((d) => required.every((l) => d.labels.has(l))).flatMap((d) => d.noteIds));
  const pre: { id: string; base: number; basis: Basis; labels: string[] }[] = [];
  for (const [pid, labels] of ds.decisions.passages) {
    const p = ds.raw.passages.get(pid);
    if (!p || !counted.has(p.noteId) || !required.every((l) => labels.has(l) && ds.decisions.notes.get(p.noteId)?.has(l))) continue;
    const ds0 = required.map((l) => labels.get(l)!);
    const basis: Basis = ds0.every((d) => d.basis === 'reviewed') ? 'reviewed' : 'predicted';
    const base = ds0.reduce((s, d) => s + (d.basis === 'reviewed' ? 1 : (d.score ?? 0.6)), 0) / ds0.length;
    pre.push({ id: pid, base, basis, labels: [...labels.keys()] });
  }
  // Texts only for each huvudman's best few: enough to choose from, whatever the corpus size.
  const byHm = new Map<string, typeof pre>();
  for (const p of pre) {
    const hm = ds.raw.notes.get(ds.raw.passages.get(p.id)!.noteId)!.huvudmanId;
    (byHm.get(hm) ?? byHm.set(hm, []).get(hm)!).push(p);
  }
  const shortlist = [...byHm.values()].flatMap((l) => l.sort((a, b) => b.base - a.base).slice(0, PER_HUVUDMAN));
  const texts = loadPassageTexts(ctx.db, shortlist.map((p) => p.id));
  let cands: Candidate[] = shortlist.flatMap((p) => {
    const t = texts.get(p.id);
    return t ? [{ id: p.id, num: t.num, huvudmanId: t.huvudmanId, noteId: t.noteId, text: t.text, score: 0.6 * p.base + 0.4 * quoteQuality(t.text), basis: p.basis, labels: p.labels }] : [];
  });
  // Closeness to the centre of the best candidates' embeddings: typical rather than odd passages.
  cands.sort((a, b) => b.score - a.score);
  const head = cands.slice(0, 1500);
  const { vectors } = loadEmbeddings(ctx.db, head.map((c) => c.num));
  if (vectors.size >= 3) {
    const vs = new Map(head.flatMap((c) => (vectors.has(c.num) ? [[c.num, bufferToVector(vectors.get(c.num)!)] as const] : [])));
    const centre = centroid([...vs.values()]);
    cands = cands.map((c) => {
      const v = vs.get(c.num);
      return { ...c, score: 0.7 * c.score + 0.3 * (v ? Math.max(0, dot(v, centre)) : 0) };
    });
  }
  return { candidates: cands, total: pre.length, huvudman: byHm.size, texts };
}

async function queryCandidates(ctx: AnalyticsContext, req: QuoteRequest, filters: SearchFilters): Promise<{ candidates: Candidate[]; total: number; huvudman: number; texts: Map<string, PassageText> }> {
  if (!ctx.searcher) throw new Error('citat för en sökfråga kräver sökfunktionen (ingen söktjänst given)');
  const mode = req.mode ?? (ctx.embedder && ctx.vectors ? 'hybrid' : 'lexical');
  const { hits } = await ctx.searcher.search({ query: req.query!, limit: 200, mode, filters, onePerNote: false });
  const texts = loadPassageTexts(ctx.db, hits.map((h) => h.passageId));
  // The hits' labels, decided from their own notes' label rows (no read of the whole store).
  const ctxNotes = loadNotesWithLabels(ctx.db, [...texts.values()].map((t) => t.noteId));
  const passageLabels = new Map<string, string[]>();
  for (const n of ctxNotes.notes.values())
    for (const [pid, m] of decideNote(n, ctxNotes.labels.get(n.id) ?? []).passages) passageLabels.set(pid, [...m.keys()]);
  const top = hits[0]?.score ?? 1;
  const candidates: Candidate[] = [];
  for (const h of hits) {
    const t = texts.get(h.passageId);
    if (!t) continue; // not approved (any more): never shown
    const labels = passageLabels.get(t.id) ?? [];
    candidates.push({ id: t.id, num: t.num, huvudmanId: t.huvudmanId, noteId: t.noteId, text: t.text, score: 0.7 * (h.score / top) + 0.3 * quoteQuality(t.text), basis: null, labels });
  }
  return { candidates, total: candidates.length, huvudman: new Set(candidates.map((c) => c.huvudmanId)).size, texts };
}

export async function quotes(ctx: AnalyticsContext, req: QuoteRequest & { dataset?: Dataset }): Promise<QuotesReport> {
  checkLabel(req.factor, 'factor');
  checkLabel(req.theme, 'theme');
  if (!req.factor && !req.theme && !req.query?.trim()) throw new Error('ange en framgångsfaktor, ett tema eller en sökfråga');
  const limit = Math.min(100, Math.max(1, req.limit ?? 10));
  const filters = searchFiltersSchema.parse({ ...(req.filters ?? {}), ...(req.factor ? { factor: req.factor } : {}), ...(req.theme ? { theme: req.theme } : {}) });
  const required = [filters.factor, filters.theme].filter((x): x is string => !!x);
  const { candidates, total, huvudman, texts } = req.query?.trim()
    ? await queryCandidates(ctx, req, filters)
    : labelCandidates(ctx, req.dataset ?? loadDataset(ctx.db, withoutLabels(filters)), required);
  const chosen = spreadOverHuvudman(candidates, limit);
  const out: Quote[] = chosen.map((c) => {
    const t = texts.get(c.id)!;
    return {
      passageId: c.id, noteId: c.noteId, huvudmanId: c.huvudmanId, text: shownText(c.text), labels: c.labels, basis: c.basis,
      score: Math.round(c.score * 1000) / 1000, noteTyp: t.noteTyp, datum: t.datum, cykel: t.cykel, omgang: t.omgang, region: t.region, huvudmanTyp: t.huvudmanTyp,
    };
  });
  return {
    report: 'quotes',
    request: { ...(req.factor ? { factor: req.factor } : {}), ...(req.theme ? { theme: req.theme } : {}), ...(req.query ? { query: req.query } : {}), limit, filters },
    candidates: total,
    huvudmanAvailable: huvudman,
    huvudman: new Set(out.map((q) => q.huvudmanId)).size,
    quotes: out,
  };
}
