// Which labels hold, per passage, per note and per dialogue, and what each decision rests on. Pure.
//
// Per passage and label, the first decision that exists is the one that holds:
//   1. a person's decision on the passage (reviewed, positive or rejected);
//   2. a person's decision on the whole note (reviewed; holds for each of its passages);
//   3. the classifier's prediction on the passage.
// A note touches a label when one of its passages holds it; when the note has no passages, a
// reviewed note label counts on its own; a predicted note label counts only when the classifier
// wrote no passage-level predictions for that note (a note-level prediction is an aggregate of
// passage predictions, which are finer where they exist) and no person decided on the note.
// A dialogue touches a label when one of its counted notes does. The decision "rests on reviewed
// labels" when at least one reviewed positive carries it; otherwise it rests on predictions.
// This agrees with search's effectivePassageLabels for positives and also lets a person's
// rejection of a label on a whole note overrule the predictions on its passages.
import type { Basis, DialogueRecord, LabelRow, NoteInfo, PassageLabel, RawData } from './types.js';

export interface NoteDecisions {
  /** Positive effective labels of each passage of the note. */
  passages: Map<string, Map<string, PassageLabel>>;
  /** Labels the note touches. */
  note: Map<string, Basis>;
}

function index(rows: LabelRow[]) {
  const noteRev = new Map<string, LabelRow>();
  const notePred = new Map<string, LabelRow>();
  const pRev = new Map<string, Map<string, LabelRow>>();
  const pPred = new Map<string, Map<string, LabelRow>>();
  const labelIds = new Set<string>();
  for (const r of rows) {
    labelIds.add(r.labelId);
    if (r.kind === 'note') (r.source === 'reviewed' ? noteRev : notePred).set(r.labelId, r);
    else {
      const m = r.source === 'reviewed' ? pRev : pPred;
      (m.get(r.targetId) ?? m.set(r.targetId, new Map()).get(r.targetId)!).set(r.labelId, r);
    }
  }
  return { noteRev, notePred, pRev, pPred, labelIds };
}

export function decideNote(note: Pick<NoteInfo, 'passageIds' | 'hasPassagePredictions'>, rows: LabelRow[]): NoteDecisions {
  const { noteRev, notePred, pRev, pPred, labelIds } = index(rows);
  const passages = new Map<string, Map<string, PassageLabel>>();
  const noteOut = new Map<string, Basis>();
  for (const labelId of labelIds) {
    let reviewed = false;
    let predicted = false;
    for (const pid of note.passageIds) {
      const d = pRev.get(pid)?.get(labelId) ?? noteRev.get(labelId) ?? pPred.get(pid)?.get(labelId);
      if (!d?.positive) continue;
      const score = pPred.get(pid)?.get(labelId)?.score ?? d.score ?? null;
      const m = passages.get(pid) ?? passages.set(pid, new Map()).get(pid)!;
      m.set(labelId, { basis: d.source, score });
      if (d.source === 'reviewed') reviewed = true;
      else predicted = true;
    }
    const nr = noteRev.get(labelId);
    if (note.passageIds.length === 0 && nr?.positive) reviewed = true;
    if (!reviewed && !predicted && !nr && !note.hasPassagePredictions && notePred.get(labelId)?.positive) {
      if (note.passageIds.length === 0 || note.passageIds.some((pid) => !pRev.get(pid)?.has(labelId))) predicted = true;
    }
    if (reviewed) noteOut.set(labelId, 'reviewed');
    else if (predicted) noteOut.set(labelId, 'predicted');
  }
  return { passages, note: noteOut };
}

/** Merges labels: reviewed wins over predicted. */
export function mergeBasis(into: Map<string, Basis>, from: Map<string, Basis>): void {
  for (const [l, b] of from) if (into.get(l) !== 'reviewed') into.set(l, b);
}

export interface Decisions {
  notes: Map<string, Map<string, Basis>>;
  passages: Map<string, Map<string, PassageLabel>>;
}

/** Decisions for every loaded (approved) note and its passages. */
export function decideAll(raw: RawData): Decisions {
  const notes = new Map<string, Map<string, Basis>>();
  const passages = new Map<string, Map<string, PassageLabel>>();
  for (const n of raw.notes.values()) {
    const d = decideNote(n, raw.labels.get(n.id) ?? []);
    notes.set(n.id, d.note);
    for (const [pid, m] of d.passages) passages.set(pid, m);
  }
  return { notes, passages };
}

/** A dialogue's labels from the decisions of the notes counted for it. */
export function dialogueLabels(noteIds: string[], noteDecisions: Map<string, Map<string, Basis>>): Map<string, Basis> {
  const out = new Map<string, Basis>();
  for (const id of noteIds) {
    const m = noteDecisions.get(id);
    if (m) mergeBasis(out, m);
  }
  return out;
}

export type { DialogueRecord };
