// A note's labels follow from its passages: the note's score for a label is the highest passage
// score, it is predicted when any passage is, and its evidence is the evidence of the passages that
// carry the label (strongest first). The same rule turns passages into paragraphs. Pure.
import type { LabelPrediction } from '../ingest/prepare.js';

export const MAX_NOTE_EVIDENCE = 3;

export function aggregatePredictions(passages: readonly (readonly LabelPrediction[])[], labelIds: readonly string[]): LabelPrediction[] {
  return labelIds.map((id) => {
    const rows = passages.map((p) => p.find((x) => x.id === id)).filter((x): x is LabelPrediction => !!x);
    const score = rows.reduce((m, r) => Math.max(m, r.score), 0);
    const predicted = rows.some((r) => r.predicted);
    const carrying = rows.filter((r) => (predicted ? r.predicted : true)).sort((a, b) => b.score - a.score);
    const evidence: string[] = [];
    for (const r of carrying) for (const e of r.evidence) if (evidence.length < MAX_NOTE_EVIDENCE && !evidence.includes(e)) evidence.push(e);
    return { id, score, predicted, evidence };
  });
}
