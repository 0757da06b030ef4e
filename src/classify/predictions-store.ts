// Writing predictions: a note's `predicted` rows are replaced as a whole; `reviewed` rows are never
// touched. Predictions below MIN_STORED_SCORE that are not positive are not stored (a missing row
// reads as "not predicted"), which keeps the table small for large corpora.
import { and, eq } from 'drizzle-orm';
import type { LabelPrediction, NotePredictions } from '../ingest/prepare.js';
import type { Db } from '../store/db.js';
import { label } from '../store/schema.js';

export const MIN_STORED_SCORE = 0.2;

export function writePredictions(db: Db, noteId: string, passageIds: readonly string[], predictions: NotePredictions, now = new Date()): number {
  const createdAt = now.toISOString();
  db.delete(label).where(and(eq(label.noteId, noteId), eq(label.source, 'predicted'))).run();
  const rows: (typeof label.$inferInsert)[] = [];
  const push = (targetKind: 'note' | 'passage', targetId: string, ps: readonly LabelPrediction[]) => {
    for (const p of ps) {
      if (!p.predicted && p.score < MIN_STORED_SCORE) continue;
      rows.push({ targetKind, targetId, noteId, labelId: p.id, source: 'predicted', positive: p.predicted, score: p.score, evidence: p.evidence, reviewer: null, createdAt });
    }
  };
  predictions.passages.forEach((ps, i) => {
    const id = passageIds[i];
    if (id) push('passage', id, ps);
  });
  push('note', noteId, predictions.note);
  for (let i = 0; i < rows.length; i += 200) db.insert(label).values(rows.slice(i, i + 200)).run();
  return rows.length;
}
