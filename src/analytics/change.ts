// Change between rounds and cycles: each label's share per period, next to the previous period's
// share in the same group, in percentage points. Pure.
import { compareGroups, groupsOfAll, type Dimension } from './dimensions.js';
import { prevalence } from './prevalence.js';
import type { DialogueRecord } from './types.js';

export type Period = 'cykel' | 'omgang' | 'cykel-omgang';

export interface ChangeRow {
  group: string;
  label: string;
  period: string;
  /** The period before, among the periods with counted dialogues in this group; null for the first. */
  previous: string | null;
  dialogues: number;
  n: number;
  share: number;
  reviewedShare: number | null;
  previousShare: number | null;
  /** share − previousShare, in percentage points (one decimal); null for the first period. */
  changePoints: number | null;
}

export function change(dialogues: readonly DialogueRecord[], labels: readonly string[], period: Period = 'cykel', dims: Dimension[] = ['alla']): ChangeRow[] {
  // Split by the group dimensions first, then by period, so "previous" is within the same group.
  const byGroup = new Map<string, DialogueRecord[]>();
  const groupDims = dims.filter((d) => d !== period);
  const dimsOrAll: Dimension[] = groupDims.length ? groupDims : ['alla'];
  for (const d of dialogues)
    for (const g of groupsOfAll(d, dimsOrAll)) (byGroup.get(g) ?? byGroup.set(g, []).get(g)!).push(d);
  const out: ChangeRow[] = [];
  for (const [group, ds] of [...byGroup].sort(([a], [b]) => compareGroups(dimsOrAll, a, b))) {
    const rows = prevalence(ds, labels, [period]);
    const periods = [...new Set(rows.map((r) => r.group))];
    const byKey = new Map(rows.map((r) => [r.group + '\u0000' + r.label, r]));
    for (const label of labels)
      periods.forEach((p, i) => {
        const r = byKey.get(p + '\u0000' + label)!;
        const prev = i > 0 ? byKey.get(periods[i - 1] + '\u0000' + label)! : null;
        out.push({
          group, label, period: p, previous: prev ? periods[i - 1]! : null,
          dialogues: r.dialogues, n: r.n, share: r.share, reviewedShare: r.reviewedShare,
          previousShare: prev ? prev.share : null,
          changePoints: prev ? Math.round((r.share - prev.share) * 1000) / 10 : null,
        });
      });
  }
  return out;
}

