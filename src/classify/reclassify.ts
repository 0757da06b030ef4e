// Classifying everything again (after a codebook or model change): every approved note and its
// passages get fresh `predicted` rows; reviewed labels stay as they are.
import type { Db } from '../store/db.js';
import type { NeedsClassifier } from './classifier.js';
import { storedVectors } from './passage-vectors.js';
import { writePredictions } from './predictions-store.js';

export interface ReclassifyOptions {
  /** Only these notes (default: all approved notes). */
  noteIds?: string[];
  /** Notes per batch (one transaction per batch). */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface ReclassifyReport {
  notes: number;
  passages: number;
  /** Predicted rows written. */
  labels: number;
}

export async function reclassify(db: Db, classifier: NeedsClassifier, opts: ReclassifyOptions = {}): Promise<ReclassifyReport> {
  const all = db.$client.prepare(`SELECT id FROM note WHERE status = 'godkand' AND text IS NOT NULL ORDER BY id`).pluck().all() as string[];
  const noteIds = opts.noteIds ? all.filter((id) => opts.noteIds!.includes(id)) : all;
  const passagesOf = db.$client.prepare(`SELECT id, num, text FROM passage WHERE note_id = ? ORDER BY ord`);
  const batchSize = Math.max(1, opts.batchSize ?? 100);
  const report: ReclassifyReport = { notes: 0, passages: 0, labels: 0 };
  for (let i = 0; i < noteIds.length; i += batchSize) {
    const batch = noteIds.slice(i, i + batchSize).map((id) => ({ id, passages: passagesOf.all(id) as { id: string; num: number; text: string }[] }));
    const vectors = storedVectors(db, batch.flatMap((n) => n.passages.map((p) => p.num)), classifier.embedder?.modelId ?? null);
    // One featurisation for the whole batch (one embedder call), then per note.
    const flat = batch.flatMap((n) => n.passages.map((p) => ({ text: p.text, vector: vectors.get(p.num) ?? null })));
    const predictions = await classifier.classifyPassages(flat);
    let k = 0;
    const perNote = batch.map((n) => {
      const ps = predictions.slice(k, (k += n.passages.length));
      return { n, preds: { passages: ps, note: classifier.aggregate(ps) } };
    });
    db.transaction((tx) => {
      for (const { n, preds } of perNote) {
        report.labels += writePredictions(tx as unknown as Db, n.id, n.passages.map((p) => p.id), preds);
        report.notes++;
        report.passages += n.passages.length;
      }
    });
    opts.onProgress?.(Math.min(i + batchSize, noteIds.length), noteIds.length);
  }
  return report;
}
