// Reciprocal rank fusion (Cormack et al. 2009): robust to the two retrievers' incomparable scores.
export const RRF_K = 60;

export function reciprocalRankFusion(lists: number[][], weights: number[] = lists.map(() => 1), k = RRF_K): Map<number, number> {
  const fused = new Map<number, number>();
  lists.forEach((list, li) => {
    list.forEach((id, rank) => fused.set(id, (fused.get(id) ?? 0) + weights[li]! / (k + rank + 1)));
  });
  return fused;
}
