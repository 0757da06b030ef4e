// Embeddings at ingest: passages of new or changed approved notes are embedded before the write
// transaction (async), then stored inside it by the deriver.
import type { Embedder } from '../embed/embedder.js';
import type { PreparedBundle, PreparedNote } from '../ingest/prepare.js';
import type { Db } from '../store/db.js';
import type { Deriver } from '../store/write-notes.js';
import { vectorToBuffer } from './vector-index.js';

/** Approved notes in these bundles whose stored content differs (the ones that will be written). */
export function changedApprovedNotes(db: Db, bundles: PreparedBundle[]): PreparedNote[] {
  const hashOf = db.$client.prepare(`SELECT content_hash FROM note WHERE id = ?`).pluck();
  return bundles.flatMap((b) => b.notes).filter((n) => n.approved && hashOf.get(n.id) !== n.contentHash);
}

export async function embedNotes(embedder: Embedder, notes: PreparedNote[]): Promise<void> {
  const texts = notes.flatMap((n) => n.approved!.passages.map((p) => p.text));
  if (!texts.length) return;
  const vectors = await embedder.embedPassages(texts);
  let i = 0;
  for (const n of notes) n.approved!.vectors = n.approved!.passages.map(() => vectors[i++]!);
}

export function embeddingDeriver(modelId: string): Deriver {
  return {
    onApproved(db, note) {
      const vectors = note.approved?.vectors;
      if (!vectors) return;
      const insert = db.$client.prepare(`INSERT INTO embedding(passage_num, model_id, vector) SELECT num, ?, ? FROM passage WHERE id = ?`);
      note.approved!.passages.forEach((p, i) => insert.run(modelId, vectorToBuffer(vectors[i]!), p.id));
    },
    onRemoved() {
      // Embeddings cascade with their passages; the trigger logs the removal for the vector index.
    },
  };
}

/**
 * Embeds every stored passage that has no vector from this model (after a model change, or a
 * database written without embeddings). Returns how many were embedded.
 */
export async function embedMissing(db: Db, embedder: Embedder, onProgress?: (done: number, total: number) => void): Promise<number> {
  const missing = db.$client
    .prepare(
      `SELECT p.num, p.text FROM passage p JOIN note n ON n.id = p.note_id
        WHERE n.status = 'godkand' AND NOT EXISTS (SELECT 1 FROM embedding e WHERE e.passage_num = p.num AND e.model_id = ?)`,
    )
    .all(embedder.modelId) as { num: number; text: string }[];
  const upsert = db.$client.prepare(`INSERT OR REPLACE INTO embedding(passage_num, model_id, vector) VALUES (?, ?, ?)`);
  const BATCH = 512;
  for (let i = 0; i < missing.length; i += BATCH) {
    const batch = missing.slice(i, i + BATCH);
    const vectors = await embedder.embedPassages(batch.map((r) => r.text));
    db.$client.transaction(() => batch.forEach((r, j) => upsert.run(r.num, embedder.modelId, vectorToBuffer(vectors[j]!))))();
    onProgress?.(Math.min(i + BATCH, missing.length), missing.length);
  }
  return missing.length;
}
