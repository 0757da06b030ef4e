// Turning reviewed labels in the store into training targets per passage:
// - a passage-level review is a target with weight 1 (add/confirm: 1, remove: 0);
// - on a passage someone reviewed, the labels they left alone and the classifier did not predict
//   count as weak negatives (the reviewer saw the passage's labels and added nothing);
// - a note-level rejection means no passage of the note has the label (weight 1);
// - a note-level positive is a weak positive on the note's passages that carry the prediction for it
//   (or the passage with the highest stored score), since a note's labels come from its passages;
// - a note imported with its labels (reviewer "import") gives weak negatives for the labels it lacks.
import type { Db } from '../store/db.js';
import type { LabelTarget } from './train.js';

export const WEAK_WEIGHT = 0.5;
export const IMPLICIT_NEGATIVE_WEIGHT = 0.3;

export interface TrainingPassage {
  passageId: string;
  passageNum: number;
  noteId: string;
  huvudmanId: string;
  text: string;
  labels: Record<string, LabelTarget>;
}

export interface TrainingData {
  passages: TrainingPassage[];
  /** Reviewed label rows used. */
  reviewedLabels: number;
}

interface LabelRow {
  targetKind: 'note' | 'passage';
  targetId: string;
  noteId: string;
  labelId: string;
  source: 'reviewed' | 'predicted';
  positive: number;
  score: number | null;
  reviewer: string | null;
}

export function collectTrainingData(db: Db, labelIds: readonly string[]): TrainingData {
  const known = new Set(labelIds);
  const rows = (
    db.$client
      .prepare(
        `SELECT l.target_kind AS targetKind, l.target_id AS targetId, l.note_id AS noteId, l.label_id AS labelId, l.source, l.positive, l.score, l.reviewer
         FROM label l JOIN note n ON n.id = l.note_id WHERE n.status = 'godkand' AND n.text IS NOT NULL`,
      )
      .all() as LabelRow[]
  ).filter((r) => known.has(r.labelId));
  const reviewed = rows.filter((r) => r.source === 'reviewed');
  const notesWithReviews = [...new Set(reviewed.map((r) => r.noteId))];
  if (!notesWithReviews.length) return { passages: [], reviewedLabels: 0 };

  const passagesOf = db.$client.prepare(
    `SELECT p.id, p.num, p.note_id AS noteId, p.text, n.huvudman_id AS huvudmanId FROM passage p JOIN note n ON n.id = p.note_id WHERE p.note_id = ? ORDER BY p.ord`,
  );
  const predicted = new Map<string, { positive: boolean; score: number }>(); // `${passageId}|${labelId}`
  for (const r of rows) if (r.source === 'predicted' && r.targetKind === 'passage') predicted.set(`${r.targetId}|${r.labelId}`, { positive: !!r.positive, score: r.score ?? 0 });

  const out: TrainingPassage[] = [];
  for (const noteId of notesWithReviews) {
    const ps = passagesOf.all(noteId) as { id: string; num: number; noteId: string; text: string; huvudmanId: string }[];
    if (!ps.length) continue;
    const targets = new Map<string, Record<string, LabelTarget>>(ps.map((p) => [p.id, {}]));
    const set = (pid: string, id: string, t: LabelTarget) => {
      const cur = targets.get(pid)!;
      const prev = cur[id];
      if (!prev || t.w > prev.w) cur[id] = t;
    };
    const noteRows = reviewed.filter((r) => r.noteId === noteId);
    // Note level first (weaker), passage level last (a person's word on the passage wins).
    const noteLevel = noteRows.filter((r) => r.targetKind === 'note');
    const imported = noteLevel.some((r) => r.reviewer === 'import');
    const notePositive = new Set(noteLevel.filter((r) => r.positive).map((r) => r.labelId));
    for (const r of noteLevel) {
      if (!r.positive) {
        for (const p of ps) set(p.id, r.labelId, { y: 0, w: 1 });
        continue;
      }
      const carrying = ps.filter((p) => predicted.get(`${p.id}|${r.labelId}`)?.positive);
      const chosen = carrying.length
        ? carrying
        : ps
            .map((p) => ({ p, s: predicted.get(`${p.id}|${r.labelId}`)?.score ?? -1 }))
            .filter((x) => x.s >= 0)
            .sort((a, b) => b.s - a.s)
            .slice(0, 1)
            .map((x) => x.p);
      for (const p of chosen) set(p.id, r.labelId, { y: 1, w: WEAK_WEIGHT });
    }
    if (imported) for (const id of labelIds) if (!notePositive.has(id)) for (const p of ps) set(p.id, id, { y: 0, w: IMPLICIT_NEGATIVE_WEIGHT });
    const passageLevel = noteRows.filter((r) => r.targetKind === 'passage');
    const reviewedPassages = new Set(passageLevel.map((r) => r.targetId));
    for (const pid of reviewedPassages) {
      if (!targets.has(pid)) continue;
      for (const id of labelIds) if (!predicted.get(`${pid}|${id}`)?.positive) set(pid, id, { y: 0, w: IMPLICIT_NEGATIVE_WEIGHT });
    }
    for (const r of passageLevel) {
      if (!targets.has(r.targetId)) continue;
      targets.get(r.targetId)![r.labelId] = { y: r.positive ? 1 : 0, w: 1 };
    }
    for (const p of ps) {
      const labels = targets.get(p.id)!;
      if (Object.keys(labels).length) out.push({ passageId: p.id, passageNum: p.num, noteId, huvudmanId: p.huvudmanId, text: p.text, labels });
    }
  }
  return { passages: out, reviewedLabels: reviewed.length };
}
