// A unit's (note's or dialogue's) evidence per label, from its passages' stored label rows: each
// passage's score and whether it is predicted, and the unit's known answer where a person gave
// one. A reviewed positive anywhere in the unit makes it known to carry the label; a passage a
// person rejected gives no evidence; a unit whose every passage was rejected is known not to.
// Pure: rows in, evidence out.
import { EvidenceAccumulator } from './unit-decision.js';
import type { LabelRow, NoteInfo } from './types.js';

export interface LabelEvidence {
  evidence: EvidenceAccumulator;
  known: 0 | 1 | null;
}

export function unitEvidence(notes: readonly Pick<NoteInfo, 'passageIds' | 'typ'>[], rowsOf: (i: number) => readonly LabelRow[], labels: readonly string[]): Map<string, LabelEvidence> {
  const out = new Map<string, LabelEvidence>(labels.map((l) => [l, { evidence: new EvidenceAccumulator(), known: null }]));
  const rejectedAll = new Map<string, boolean>(labels.map((l) => [l, true]));
  const NONE = new Map<string, LabelRow>();
  notes.forEach((note, i) => {
    const noteRev = new Map<string, LabelRow>();
    const notePred = new Map<string, LabelRow>();
    const pRev = new Map<string, Map<string, LabelRow>>();
    const pPred = new Map<string, Map<string, LabelRow>>();
    for (const r of rowsOf(i)) {
      if (r.kind === 'note') (r.source === 'reviewed' ? noteRev : notePred).set(r.labelId, r);
      else {
        const m = r.source === 'reviewed' ? pRev : pPred;
        (m.get(r.targetId) ?? m.set(r.targetId, new Map()).get(r.targetId)!).set(r.labelId, r);
      }
    }
    if (!note.passageIds.length) {
      // A note without passages: its note-level row is all there is.
      for (const label of labels) {
        const e = out.get(label)!;
        const nr = noteRev.get(label);
        const np = notePred.get(label);
        if (nr?.positive) e.known = 1;
        if (!nr && np) e.evidence.add(np.score ?? (np.positive ? 1 : 0), np.positive, note.typ);
        if (!nr || nr.positive) rejectedAll.set(label, false);
      }
      return;
    }
    for (const label of labels) if (noteRev.get(label)?.positive) out.get(label)!.known = 1;
    for (const pid of note.passageIds) {
      const rev = pRev.get(pid) ?? NONE;
      const pred = pPred.get(pid) ?? NONE;
      for (const label of labels) {
        const e = out.get(label)!;
        const said = rev.get(label) ?? noteRev.get(label);
        if (said) {
          if (said.positive) e.known = 1;
          continue;
        }
        rejectedAll.set(label, false);
        const p = pred.get(label);
        e.evidence.add(p?.score ?? 0, p?.positive ?? false, note.typ);
      }
    }
  });
  for (const [label, e] of out) if (e.known === null && notes.length && rejectedAll.get(label)) e.known = 0;
  return out;
}
