// Reciprocal rank fusion (Cormack et al. 2009): robust to the two retrievers' incomparable scores.
export const RRF_K = 60;

export function reciprocalRankFusion(lists: number[][], weights: number[] = lists.map(() => 1), k = RRF_K): Map<number, number> {
  const fused = new Map<number, number>();
  lists.forEach((list, li) => {
    list.forEach((id, rank) => fused.set(id, (fused.get(id) ?? 0) + weights[li]! / (k + rank + 1)));
  });
  return fused;
}

/** A retriever's candidates with its own scores, best first. */
export interface ScoredList {
  nums: readonly number[];
  scores: readonly number[];
}

export interface ConvexOptions {
  /** Weight of the lexical side (the vector side gets 1 − alpha). */
  alpha: number;
  /**
   * Per-query adaptivity: the lexical weight is scaled by the share of the query's content words
   * that the lexical side matched at all, raised to this power (0: no adaptivity). A query whose
   * words the notes do not use is a paraphrase, and the vector side should carry it.
   */
  coveragePower: number;
  /** 'minmax': best 1, last candidate 0; 'max': divided by the best (a score of 0 stays 0). */
  norm?: 'minmax' | 'max';
}

/**
 * The fusion the service uses. Convex combination was swept on the dev half of the judgments
 * (eval:search -- --sweep; docs/search.md) and did not beat RRF there, so RRF stays.
 */
export const DEFAULT_FUSION: 'rrf' | ConvexOptions = 'rrf';
const DEFAULT_CONVEX: ConvexOptions = { alpha: 0.6, coveragePower: 0, norm: 'max' };

/** Min–max normalisation within the list: the best gets 1, the last candidate 0. */
function normalised(l: ScoredList, norm: 'minmax' | 'max' = 'minmax'): Map<number, number> {
  const out = new Map<number, number>();
  if (!l.nums.length) return out;
  const hi = Math.max(...l.scores);
  const lo = norm === 'max' ? 0 : Math.min(...l.scores);
  l.nums.forEach((n, i) => out.set(n, hi > lo ? (l.scores[i]! - lo) / (hi - lo) : 1));
  return out;
}

/**
 * Convex combination of normalised scores (Bruch et al. 2023, "An Analysis of Fusion Functions for
 * Hybrid Retrieval": at least as good as RRF, and it keeps how much better the best hit is).
 * `coverage` is the share of the query's content words the lexical side matched (0–1).
 */
export function convexFusion(lexical: ScoredList, vector: ScoredList, coverage: number, opts: ConvexOptions = DEFAULT_CONVEX): Map<number, number> {
  const a = opts.alpha * Math.pow(Math.max(0, Math.min(1, coverage)), opts.coveragePower);
  const lx = normalised(lexical, opts.norm);
  const vx = normalised(vector, opts.norm);
  const fused = new Map<number, number>();
  for (const n of new Set([...lx.keys(), ...vx.keys()])) fused.set(n, a * (lx.get(n) ?? 0) + (1 - a) * (vx.get(n) ?? 0));
  return fused;
}
