// Which reviews narrow the published intervals most. A dialogue whose label is uncertain (p near
// 0.5) adds p(1 − p)/n² to the variance of the share of every group it is counted in; a review that
// settles it removes that. The main figure is the share by huvudman type, so a dialogue counts for
// its type's group and for the whole: small groups gain most, as their intervals are widest. Pure.
import type { Dataset } from './dataset.js';

/** Variance removed by settling each (dialogue, label): dialogue id → label → gain. */
export function reviewGains(ds: Dataset): Map<string, Map<string, number>> {
  const nAll = ds.dialogues.length;
  const nTyp = new Map<string, number>();
  for (const d of ds.dialogues) nTyp.set(d.huvudman.sektor, (nTyp.get(d.huvudman.sektor) ?? 0) + 1);
  const out = new Map<string, Map<string, number>>();
  for (const d of ds.dialogues) {
    const weight = 1 / nTyp.get(d.huvudman.sektor)! ** 2 + 1 / nAll ** 2;
    const m = new Map<string, number>();
    for (const [label, e] of d.estimates) {
      if (e.known !== null) continue;
      const p = e.p[0]!;
      m.set(label, p * (1 - p) * weight);
    }
    out.set(d.id, m);
  }
  return out;
}

/**
 * One passage suggestion's priority: the dialogue's gain, times the chance that the review settles
 * the dialogue (a confirmed passage makes it known; the passage's score is that chance).
 */
export function suggestionPriority(gains: ReadonlyMap<string, ReadonlyMap<string, number>>, dialogId: string, label: string, score: number): number {
  return (gains.get(dialogId)?.get(label) ?? 0) * score;
}
