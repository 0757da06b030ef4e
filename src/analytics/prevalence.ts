// How often each factor or theme comes up, per group: the number of counted dialogues decided to
// touch it, and the estimated share with its 95 % interval (share-estimate.ts), with n in every
// cell and how much of the figure rests on reviewed labels. Pure.
import { compareGroups, groupsOfAll, type Dimension } from './dimensions.js';
import { ratio } from './labels.js';
import { estimateShare, type UnitEstimate } from './share-estimate.js';
import type { DialogueRecord } from './types.js';

export interface PrevalenceRow {
  /** Group value ("enskild", "≤ 50", "forskola", "1:6" …; several dimensions joined with " / "). */
  group: string;
  label: string;
  /** Dialogues in the group decided to touch the label. */
  dialogues: number;
  /** Dialogues in the group. */
  n: number;
  /**
   * The estimated share of the group's dialogues that touch the label: the mean of the calibrated
   * probabilities, reviewed answers as known. Unbiased where counting decisions is not.
   */
  share: number;
  /** The 95 % interval of the share. */
  low: number;
  high: number;
  /** Of the touching dialogues, the share whose decision rests on a reviewed label; null when none touch it. */
  reviewedShare: number | null;
}

/** Group → dialogues in it (a dialogue may be in several groups when a dimension is skolform). */
export function groupDialogues(dialogues: readonly DialogueRecord[], dims: Dimension[]): Map<string, DialogueRecord[]> {
  const groups = new Map<string, DialogueRecord[]>();
  for (const d of dialogues) for (const g of groupsOfAll(d, dims)) (groups.get(g) ?? groups.set(g, []).get(g)!).push(d);
  return new Map([...groups].sort(([a], [b]) => compareGroups(dims, a, b)));
}

/** A label the models do not know: counted as not carried. */
const NOT_CARRIED: UnitEstimate = { known: 0, p: new Float32Array(1) };
/** Shares are given to four decimals, as ratio() gives them. */
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

export function prevalence(dialogues: readonly DialogueRecord[], labels: readonly string[], dims: Dimension[]): PrevalenceRow[] {
  const rows: PrevalenceRow[] = [];
  for (const [group, ds] of groupDialogues(dialogues, dims)) {
    for (const label of labels) {
      let touching = 0;
      let reviewed = 0;
      const units: UnitEstimate[] = [];
      for (const d of ds) {
        units.push(d.estimates.get(label) ?? NOT_CARRIED);
        const b = d.labels.get(label);
        if (!b) continue;
        touching++;
        if (b === 'reviewed') reviewed++;
      }
      const est = estimateShare(units);
      rows.push({ group, label, dialogues: touching, n: ds.length, share: r4(est.share), low: r4(est.low), high: r4(est.high), reviewedShare: ratio(reviewed, touching) });
    }
  }
  return rows;
}
