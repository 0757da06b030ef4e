// Classification at ingest: before the write transaction the approved notes are classified (async,
// reusing the passage vectors the embedding step put on the note), and inside it the deriver writes
// the predictions with the rest of the note.
import type { PreparedNote } from '../ingest/prepare.js';
import type { Deriver } from '../store/write-notes.js';
import type { NeedsClassifier } from './classifier.js';
import { writePredictions } from './predictions-store.js';

/** Fills `approved.predictions` of every approved note (call after the embedding enrichment). */
export async function classifyPreparedNotes(classifier: NeedsClassifier, notes: readonly PreparedNote[]): Promise<void> {
  const approved = notes.filter((n) => n.approved);
  const flat = approved.flatMap((n) => n.approved!.passages.map((p, i) => ({ text: p.text, vector: n.approved!.vectors?.[i] ?? null })));
  if (!flat.length) return;
  const predictions = await classifier.classifyPassages(flat);
  let k = 0;
  for (const n of approved) {
    const ps = predictions.slice(k, (k += n.approved!.passages.length));
    n.approved!.predictions = { passages: ps, note: classifier.aggregate(ps) };
  }
}

export function predictionDeriver(): Deriver {
  return {
    onApproved(db, note) {
      const preds = note.approved?.predictions;
      if (preds) writePredictions(db, note.id, note.approved!.passages.map((p) => p.id), preds);
    },
    onRemoved() {
      // Predicted rows go with the note's text (removeNoteText deletes them).
    },
  };
}
