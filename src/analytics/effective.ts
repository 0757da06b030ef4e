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
// Notes and dialogues are decided by models of their own over all their passages' evidence
// (decideAll, dataset.ts; see unit-decision.ts), not by "any passage is predicted". The decision
// "rests on reviewed labels" when at least one reviewed positive carries it; otherwise it rests
// on predictions.
// This agrees with search's effectivePassageLabels for positives and also lets a person's
// rejection of a label on a whole note overrule the predictions on its passages.
import type { Basis, DialogueRecord, LabelEstimate, LabelRow, NoteInfo, PassageLabel, RawData } from './types.js';
import { defaultDecisionModels, estimateLabels, type DecisionModels } from './unit-decision.js';
import { unitEvidence } from './unit-evidence.js';

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

export interface Decisions {
  notes: Map<string, Map<string, Basis>>;
  passages: Map<string, Map<string, PassageLabel>>;
}

/**
 * Decisions for every loaded (approved) note and its passages. A note's labels are the note-level
 * decision (unit-decision.ts) over its passages' evidence, with reviewed answers as known; the
 * passages keep their own effective labels (decideNote).
 */
export function decideAll(raw: RawData, models: DecisionModels = defaultDecisionModels()): Decisions {
  const notes = new Map<string, Map<string, Basis>>();
  const passages = new Map<string, Map<string, PassageLabel>>();
  const level = { ...models.note, boot: [] };
  for (const n of raw.notes.values()) {
    const rows = raw.labels.get(n.id) ?? [];
    const d = decideNote(n, rows);
    notes.set(n.id, labelsFromEstimates(estimateLabels(level, unitEvidence([n], () => rows, level.main.labels))));
    for (const [pid, m] of d.passages) passages.set(pid, m);
  }
  return { notes, passages };
}

/** The decision from estimates: known positives rest on reviews, p ≥ 0.5 on the models. */
export function labelsFromEstimates(est: ReadonlyMap<string, LabelEstimate>): Map<string, Basis> {
  const out = new Map<string, Basis>();
  for (const [l, e] of est) {
    if (e.known === 1) out.set(l, 'reviewed');
    else if (e.known === null && e.p[0]! >= 0.5) out.set(l, 'predicted');
  }
  return out;
}

export type { DialogueRecord };
