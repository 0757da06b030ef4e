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
