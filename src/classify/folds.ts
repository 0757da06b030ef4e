// Grouped k-fold splits: all items of one group (a huvudman) land in the same fold, so a model is
// never scored on a huvudman it was trained on. Deterministic: groups are dealt largest first to
// the currently smallest fold, ties broken by name; with a seed, in a seeded random order instead
// (another split of the same data, for repeated cross-validation). Pure.
import { seededRandom } from '../util/seeded-random.js';

/** Fold number per item. With fewer groups than k, there are as many folds as groups. */
export function groupFolds(groups: readonly string[], k: number, seed?: number): { fold: number[]; k: number } {
  const sizes = new Map<string, number>();
  for (const g of groups) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  const kk = Math.max(1, Math.min(k, sizes.size));
  const order = [...sizes.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (seed !== undefined) {
    const rand = seededRandom(seed);
    const key = new Map(order.map(([g]) => [g, rand()]));
    order.sort((a, b) => key.get(a[0])! - key.get(b[0])!);
  }
  const load = new Array<number>(kk).fill(0);
  const foldOf = new Map<string, number>();
  for (const [g, n] of order) {
    let best = 0;
    for (let f = 1; f < kk; f++) if (load[f]! < load[best]!) best = f;
    foldOf.set(g, best);
    load[best]! += n;
  }
  return { fold: groups.map((g) => foldOf.get(g)!), k: kk };
}
