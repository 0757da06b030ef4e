// How often each factor or theme comes up: the number and share of counted dialogues that touch it,
// per group, with n in every cell and how much of the figure rests on reviewed labels. Pure.
import { compareGroups, groupsOfAll, type Dimension } from './dimensions.js';
import { ratio } from './labels.js';
import type { DialogueRecord } from './types.js';

export interface PrevalenceRow {
  /** Group value ("enskild", "≤ 50", "forskola", "1:6" …; several dimensions joined with " / "). */
  group: string;
  label: string;
  /** Dialogues in the group that touch the label. */
  dialogues: number;
  /** Dialogues in the group. */
  n: number;
  /** dialogues / n. */
  share: number;
  /** Of the touching dialogues, the share whose decision rests on a reviewed label; null when none touch it. */
  reviewedShare: number | null;
}

/** Group → dialogues in it (a dialogue may be in several groups when a dimension is skolform). */
export function groupDialogues(dialogues: readonly DialogueRecord[], dims: Dimension[]): Map<string, DialogueRecord[]> {
  const groups = new Map<string, DialogueRecord[]>();
  for (const d of dialogues) for (const g of groupsOfAll(d, dims)) (groups.get(g) ?? groups.set(g, []).get(g)!).push(d);
  return new Map([...groups].sort(([a], [b]) => compareGroups(dims, a, b)));
}

export function prevalence(dialogues: readonly DialogueRecord[], labels: readonly string[], dims: Dimension[]): PrevalenceRow[] {
  const rows: PrevalenceRow[] = [];
  for (const [group, ds] of groupDialogues(dialogues, dims)) {
    for (const label of labels) {
      let touching = 0;
      let reviewed = 0;
      for (const d of ds) {
        const b = d.labels.get(label);
        if (!b) continue;
        touching++;
        if (b === 'reviewed') reviewed++;
      }
      rows.push({ group, label, dialogues: touching, n: ds.length, share: ratio(touching, ds.length) ?? 0, reviewedShare: ratio(reviewed, touching) });
    }
  }
  return rows;
}
