// The search verb: lexical (BM25), vector (HNSW) or both fused, under filters, resolved through
// SQL so only approved passages ever come back.
import { z } from 'zod';
import type { Embedder } from '../embed/embedder.js';
import type { Db } from '../store/db.js';
import type { PassageCatalog } from './catalog.js';
import { hasFilters, matchesFilters, searchFiltersSchema, type SearchFilters } from './filters.js';
import { convexFusion, DEFAULT_FUSION, reciprocalRankFusion, type ConvexOptions, type ScoredList } from './fusion.js';
import { highlightSpans } from './highlight.js';
import { expansionTerms, rocchio, type FeedbackOptions } from './feedback.js';
import { lexicalSearch, MAX_DOC_SHARE, termCoverage } from './lexical-index.js';
import { queryTerms } from './query-terms.js';
import type { VectorIndex } from './vector-index.js';

export const MAX_QUERY_CHARS = 2000;

export const searchRequestSchema = z.strictObject({
  query: z
    .string({ error: (iss) => (iss.input === undefined ? 'sökfrågan saknas' : 'sökfrågan ska vara text') })
    .trim()
    .min(1, { error: 'sökfrågan är tom; skriv några ord om det du letar efter' })
    .max(MAX_QUERY_CHARS, { error: `sökfrågan är för lång (högst ${MAX_QUERY_CHARS} tecken); korta ner den till det viktigaste` }),
  limit: z.number().int().min(1).max(200).default(10),
  mode: z.enum(['hybrid', 'lexical', 'vector']).default('hybrid'),
  filters: searchFiltersSchema.default({}),
  onePerNote: z.boolean().default(false),
});
export type SearchRequest = z.input<typeof searchRequestSchema>;

export interface SearchHit {
  noteId: string;
  huvudmanId: string;
  passageId: string;
  text: string;
  score: number;
  highlights: [number, number][];
}

export interface LabelBoost {
  minScore: number;
  weight: number;
}
/** Label-aware ranking as the service uses it: tuned on dev (eval:search -- --sweep). */
export const LABEL_BOOST: LabelBoost = { minScore: 0.5, weight: 2 };

/** Pseudo-relevance feedback as the service uses it (null: off); swept on dev. */
export const FEEDBACK: FeedbackOptions | null = null;

/** Weight of a note's second passage in its score (and its square for the third): tuned on dev. */
export const NOTE_DECAY = 0;

/** How deep each retriever looks before fusion. */
export const CANDIDATES = 100;

export class SearchService {
  constructor(
    private readonly db: Db,
    private readonly catalog: PassageCatalog,
    private readonly embedder: Embedder | null,
    private readonly vectors: VectorIndex | null,
    /** The codebook labels a query is about, with the classifier's scores (label-aware ranking). */
    private readonly queryLabels?: (query: string) => Promise<{ id: string; score: number }[]>,
  ) {}

  /** `tuning`: for the evaluation's sweeps only; the API and CLI use the tuned defaults. */
  async search(input: SearchRequest, tuning: { fusion?: 'rrf' | ConvexOptions; noteDecay?: number; labelBoost?: LabelBoost; feedback?: FeedbackOptions | null } = {}): Promise<{ hits: SearchHit[] }> {
    const req = searchRequestSchema.parse(input);
    const filters: SearchFilters = req.filters;
    const filtered = hasFilters(filters);
    let allowed: ReadonlySet<number> | undefined;
    if (filtered) {
      allowed = this.catalog.matching(filters, matchesFilters);
      if (!allowed.size) return { hits: [] };
    }
    const accept = allowed && ((num: number) => allowed.has(num));
    const depth = Math.max(CANDIDATES, req.limit * (req.onePerNote ? 5 : 2));
    const q = queryTerms(req.query);
    const empty: ScoredList = { nums: [], scores: [] };
    let lexical = empty;
    let vector = empty;
    if (req.mode !== 'vector') {
      const hits = lexicalSearch(this.db, q, depth, accept);
      lexical = { nums: hits.map((h) => h.num), scores: hits.map((h) => h.score) };
    }
    let qv: Float32Array | undefined;
    if (req.mode !== 'lexical') {
      if (!this.embedder || !this.vectors) throw new Error('vektorsökning är inte tillgänglig: ingen modell är laddad');
      qv = await this.embedder.embedQuery(req.query);
      const hits = this.vectors.search(qv, depth, allowed);
      vector = { nums: hits.map((h) => h.num), scores: hits.map((h) => h.similarity) };
    }
    const fusion = tuning.fusion ?? DEFAULT_FUSION;
    let scores =
      req.mode !== 'hybrid'
        ? reciprocalRankFusion([[...(req.mode === 'lexical' ? lexical : vector).nums]])
        : fusion === 'rrf'
          ? reciprocalRankFusion([lexical.nums as number[], vector.nums as number[]])
          : convexFusion(lexical, vector, termCoverage(this.db, q), fusion);
    const fb = tuning.feedback === undefined ? FEEDBACK : tuning.feedback;
    if (req.mode === 'hybrid' && fb && fb.weight > 0 && qv && this.vectors) {
      // Pseudo-relevance feedback from the first fused ranking (feedback.ts).
      const top = [...scores].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, fb.docs).map(([n]) => n);
      const extra = expansionTerms(this.db, q, top, fb.terms, MAX_DOC_SHARE);
      const lex2 = extra.length ? lexicalSearch(this.db, { terms: [...q.terms, ...extra], expansions: q.expansions }, depth, accept).map((h) => h.num) : [];
      const fbVectors = top.map((n) => this.vectors!.vectorOf(n)).filter((v): v is Float32Array => !!v);
      const vec2 = fb.rocchio > 0 ? this.vectors.search(rocchio(qv, fbVectors, fb.rocchio), depth, allowed).map((h) => h.num) : [];
      scores = reciprocalRankFusion([lexical.nums as number[], vector.nums as number[], lex2, vec2], [1, 1, fb.weight, fb.weight]);
    }
    const boost = tuning.labelBoost ?? LABEL_BOOST;
    // Hybrid only: lexical and vector modes stay what their names say (and the baselines).
    if (req.mode === 'hybrid' && boost.weight > 0 && this.queryLabels) await this.boostByLabels(scores, req.query, boost);
    let fused = [...scores].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    if (req.onePerNote) fused = this.rankNotes(fused, tuning.noteDecay ?? NOTE_DECAY);
    const hits = this.resolve(fused, req.limit, req.onePerNote, new Set([...q.terms, ...q.expansions]));
    return { hits };
  }

  /**
   * Label-aware ranking: when the classifier maps the query to a factor or theme with at least
   * `minScore`, passages whose decision carries that label gain `weight` × that score (relative).
   */
  private async boostByLabels(scores: Map<number, number>, query: string, boost: LabelBoost): Promise<void> {
    const labels = (await this.queryLabels!(query)).filter((l) => l.score >= boost.minScore);
    if (!labels.length) return;
    for (const [num, s] of scores) {
      const carried = this.catalog.get(num)?.labels;
      if (!carried) continue;
      let best = 0;
      for (const l of labels) if (carried.has(l.id)) best = Math.max(best, l.score);
      if (best > 0) scores.set(num, s * (1 + boost.weight * best));
    }
  }

  /**
   * Notes ranked by the evidence of all their passages among the candidates, not only the best:
   * the best passage's score, plus `decay` times the second's, plus decay² times the third's.
   * Each note is represented by its best passage (first in the returned order).
   */
  private rankNotes(ranked: [number, number][], decay: number): [number, number][] {
    if (decay <= 0) return ranked;
    const notes = new Map<string, { best: number; score: number; k: number }>();
    for (const [num, score] of ranked) {
      const noteId = this.catalog.get(num)?.noteId;
      if (!noteId) continue;
      const n = notes.get(noteId);
      if (!n) notes.set(noteId, { best: num, score, k: 1 });
      else if (n.k < 3) n.score += score * decay ** n.k++;
    }
    return [...notes.values()].sort((a, b) => b.score - a.score || a.best - b.best).map((n) => [n.best, n.score]);
  }

  /** Turns ranked passage nums into hits; SQL only knows approved passages, so nothing else can leak. */
  private resolve(ranked: [number, number][], limit: number, onePerNote: boolean, terms: Set<string>): SearchHit[] {
    const get = this.db.$client.prepare(
      `SELECT p.id AS passageId, p.note_id AS noteId, n.huvudman_id AS huvudmanId, p.text
         FROM passage p JOIN note n ON n.id = p.note_id WHERE p.num = ? AND n.status = 'godkand'`,
    );
    const hits: SearchHit[] = [];
    const notes = new Set<string>();
    for (const [num, score] of ranked) {
      const row = get.get(num) as Omit<SearchHit, 'score' | 'highlights'> | undefined;
      if (!row) continue;
      if (onePerNote && notes.has(row.noteId)) continue;
      notes.add(row.noteId);
      hits.push({ ...row, score: Number(score.toFixed(6)), highlights: highlightSpans(row.text, terms) });
      if (hits.length >= limit) break;
    }
    return hits;
  }
}
