// Pseudo-relevance feedback: the best few passages of a first ranking are taken as relevant and
// teach a second query. On the lexical side RM3-style expansion terms (the feedback passages'
// terms, weighted by their share of each passage times idf); on the vector side Rocchio (the query
// vector moved towards the feedback passages' centroid). Both second rankings are fused with the
// first by the caller.
import type { Db } from '../store/db.js';
import type { QueryTerms } from './query-terms.js';

export interface FeedbackOptions {
  /** Feedback passages: the top of the first ranking. */
  docs: number;
  /** Expansion terms added to the lexical query. */
  terms: number;
  /** Weight of the feedback rankings in the fusion (the first rankings weigh 1). */
  weight: number;
  /** Rocchio: how far the query vector moves towards the feedback centroid. */
  rocchio: number;
}

/** The lexical expansion: up to `n` terms of the feedback passages that the query lacks. */
export function expansionTerms(db: Db, q: QueryTerms, feedback: readonly number[], n: number, maxDocShare: number): string[] {
  if (!feedback.length || n <= 0) return [];
  const c = db.$client;
  const total = (c.prepare(`SELECT count(*) FROM passage`).pluck().get() as number) || 1;
  const df = c.prepare(`SELECT doc FROM passage_fts_vocab WHERE term = ?`).pluck();
  const get = c.prepare(`SELECT terms FROM passage_fts WHERE rowid = ?`).pluck();
  const have = new Set([...q.terms, ...q.expansions]);
  const weight = new Map<string, number>();
  for (const num of feedback) {
    const terms = ((get.get(num) as string | undefined) ?? '').split(' ').filter(Boolean);
    for (const t of terms) if (!have.has(t)) weight.set(t, (weight.get(t) ?? 0) + 1 / terms.length);
  }
  const scored: [string, number][] = [];
  for (const [t, w] of weight) {
    const d = (df.get(t) as number | undefined) ?? 0;
    if (d < 2 || d > maxDocShare * total || !/^[\p{L}\p{N}]+$/u.test(t)) continue;
    scored.push([t, w * Math.log(total / d)]);
  }
  return scored.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n).map(([t]) => t);
}

/** Rocchio: the query vector moved towards the feedback vectors' centroid, normalised. */
export function rocchio(query: Float32Array, feedback: readonly Float32Array[], beta: number): Float32Array {
  const out = Float32Array.from(query);
  if (!feedback.length || beta <= 0) return out;
  for (const v of feedback) for (let i = 0; i < out.length; i++) out[i]! += (beta * v[i]!) / feedback.length;
  let norm = 0;
  for (const x of out) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < out.length; i++) out[i]! /= norm;
  return out;
}
