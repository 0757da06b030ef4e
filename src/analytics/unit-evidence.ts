// A unit's (note's or dialogue's) evidence per label, from its passages' stored label rows: each
// passage's score and whether it is predicted, and the unit's known answer where a person gave
// one. A reviewed positive anywhere in the unit makes it known to carry the label; a passage a
// person rejected gives no evidence; a unit whose every passage was rejected is known not to.
// Pure: rows in, evidence out.
import type { PassageEvidence } from './unit-decision.js';
import type { LabelRow, NoteInfo } from './types.js';

export interface LabelEvidence {
  evidence: PassageEvidence[];
  known: 0 | 1 | null;
}

export function unitEvidence(notes: readonly Pick<NoteInfo, 'passageIds' | 'typ'>[], rowsOf: (i: number) => readonly LabelRow[], labels: readonly string[]): Map<string, LabelEvidence> {
  const out = new Map<string, LabelEvidence>(labels.map((l) => [l, { evidence: [], known: null }]));
  const rejectedAll = new Map<string, boolean>(labels.map((l) => [l, true]));
  notes.forEach((note, i) => {
    const noteRev = new Map<string, LabelRow>();
    const notePred = new Map<string, LabelRow>();
    const pRev = new Map<string, LabelRow>();
    const pPred = new Map<string, LabelRow>();
    for (const r of rowsOf(i)) {
      if (r.kind === 'note') (r.source === 'reviewed' ? noteRev : notePred).set(r.labelId, r);
      else (r.source === 'reviewed' ? pRev : pPred).set(`${r.targetId}\u0000${r.labelId}`, r);
    }
    for (const label of labels) {
      const e = out.get(label)!;
      const nr = noteRev.get(label);
      if (nr?.positive) e.known = 1;
      if (!note.passageIds.length) {
        // A note without passages: its note-level row is all there is.
        const np = notePred.get(label);
        if (!nr && np) e.evidence.push({ score: np.score ?? (np.positive ? 1 : 0), predicted: np.positive, noteTyp: note.typ });
        if (!nr || nr.positive) rejectedAll.set(label, false);
        continue;
      }
      for (const pid of note.passageIds) {
        const rev = pRev.get(`${pid}\u0000${label}`) ?? nr;
        if (rev) {
          if (rev.positive) e.known = 1;
          continue;
        }
        rejectedAll.set(label, false);
        const pred = pPred.get(`${pid}\u0000${label}`);
        e.evidence.push({ score: pred?.score ?? 0, predicted: pred?.positive ?? false, noteTyp: note.typ });
      }
    }
  });
  for (const [label, e] of out) if (e.known === null && notes.length && rejectedAll.get(label)) e.known = 0;
  return out;
}
