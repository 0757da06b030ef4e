// Which factors (or themes) come up together in the same dialogue. Pure.
import { groupDialogues } from './prevalence.js';
import type { Dimension } from './dimensions.js';
import { ratio } from './labels.js';
import type { DialogueRecord } from './types.js';

export interface CooccurrenceRow {
  group: string;
  a: string;
  b: string;
  /** Dialogues touching both. */
  both: number;
  dialoguesA: number;
  dialoguesB: number;
  n: number;
  /** both / n. */
  share: number;
  /** Of the dialogues touching a, the share that also touch b (both / dialoguesA); null when none touch a. */
  shareOfA: number | null;
  /** both / dialoguesB; null when none touch b. */
  shareOfB: number | null;
  /** both·n / (dialoguesA·dialoguesB): above 1 the two come up together more often than by chance. */
  lift: number | null;
  /** both / (dialoguesA + dialoguesB − both). */
  jaccard: number | null;
}

/** Every unordered pair of the labels, in label order, per group. */
export function cooccurrence(dialogues: readonly DialogueRecord[], labels: readonly string[], dims: Dimension[] = ['alla']): CooccurrenceRow[] {
  const rows: CooccurrenceRow[] = [];
  for (const [group, ds] of groupDialogues(dialogues, dims)) {
    const n = ds.length;
    const count = new Map<string, number>();
    const pair = new Map<string, number>();
    for (const d of ds) {
      const present = labels.filter((l) => d.labels.has(l));
      for (const l of present) count.set(l, (count.get(l) ?? 0) + 1);
      for (let i = 0; i < present.length; i++)
        for (let j = i + 1; j < present.length; j++) {
          const k = present[i] + '\u0000' + present[j];
          pair.set(k, (pair.get(k) ?? 0) + 1);
        }
    }
    for (let i = 0; i < labels.length; i++)
      for (let j = i + 1; j < labels.length; j++) {
        const a = labels[i]!;
        const b = labels[j]!;
        const both = pair.get(a + '\u0000' + b) ?? 0;
        const na = count.get(a) ?? 0;
        const nb = count.get(b) ?? 0;
        rows.push({
          group, a, b, both, dialoguesA: na, dialoguesB: nb, n,
          share: ratio(both, n) ?? 0,
          shareOfA: ratio(both, na),
          shareOfB: ratio(both, nb),
          lift: na && nb ? ratio(both * n, na * nb) : null,
          jaccard: ratio(both, na + nb - both),
        });
      }
  }
  return rows;
}
