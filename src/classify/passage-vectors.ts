// Stored passage embeddings (table embedding), so training and re-classification need not embed
// passages again. Only vectors of the classifier's own embedding model are used.
import type { Db } from '../store/db.js';

function bufferToVector(b: Buffer): Float32Array {
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b); // copy: SQLite buffers need not be aligned
  return out;
}

export function storedVectors(db: Db, passageNums: readonly number[], modelId: string | null): Map<number, Float32Array> {
  const out = new Map<number, Float32Array>();
  if (!modelId || !passageNums.length) return out;
  const stmt = db.$client.prepare(`SELECT vector FROM embedding WHERE passage_num = ? AND model_id = ?`).pluck();
  for (const num of passageNums) {
    const b = stmt.get(num, modelId) as Buffer | undefined;
    if (b) out.set(num, bufferToVector(b));
  }
  return out;
}
