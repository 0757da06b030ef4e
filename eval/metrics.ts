// Ranking and classification metrics shared by the evaluations.

/** nDCG@k with gains 2^grade − 1 over graded judgments (id → grade, missing = 0). */
export function ndcgAtK(ranked: string[], judgments: Record<string, number>, k: number): number {
  const gain = (g: number) => 2 ** g - 1;
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => (dcg += gain(judgments[id] ?? 0) / Math.log2(i + 2)));
  const ideal = Object.values(judgments)
    .filter((g) => g > 0)
    .sort((a, b) => b - a)
    .slice(0, k);
  let idcg = 0;
  ideal.forEach((g, i) => (idcg += gain(g) / Math.log2(i + 2)));
  return idcg ? dcg / idcg : 0;
}

/** Share of the relevant ids (grade ≥ 1) found in the top k. */
export function recallAtK(ranked: string[], judgments: Record<string, number>, k: number): number {
  const relevant = Object.entries(judgments).filter(([, g]) => g > 0).map(([id]) => id);
  if (!relevant.length) return 0;
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

export interface Prf {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export function prf(tp: number, fp: number, fn: number): Prf {
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { tp, fp, fn, precision, recall, f1 };
}

export const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
