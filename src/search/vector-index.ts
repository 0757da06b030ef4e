// The HNSW vector index (hnswlib-node), persisted next to the database. Labels are passage nums.
// It catches up with the database through vector_log, so a withdrawal made by any process is
// applied before the next search; when the file is missing or belongs to another model or
// database it is rebuilt from the stored embeddings.
import hnswlib from 'hnswlib-node';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Db } from '../store/db.js';

const { HierarchicalNSW } = hnswlib;

export interface VectorHit {
  num: number;
  /** Cosine similarity. */
  similarity: number;
}

interface IndexMeta {
  modelId: string;
  dim: number;
  lastSeq: number;
  dbId: string;
}

const M = 16;
const EF_CONSTRUCTION = 200;
// ef 96 gave recall@10 0.936 on the 100k bench with the retrained model (many near-duplicate passages);
// 192 gives 0.975 for ≈ 0.1 ms more per query (bench/RESULTS.md).
const EF_SEARCH = 192;

export function vectorToBuffer(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}
export function bufferToVector(b: Buffer): Float32Array {
  // Copy: the buffer from SQLite may not be 4-byte aligned.
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

export class VectorIndex {
  private index!: InstanceType<typeof HierarchicalNSW>;
  /** Exact copies for filtered searches that are too selective for HNSW, and for recall checks. */
  private readonly vectors = new Map<number, Float32Array>();
  private lastSeq = 0;

  private constructor(
    private readonly db: Db,
    private readonly file: string | null,
    readonly dim: number,
    readonly modelId: string,
  ) {}

  /** Opens (or builds) the index for the database; `file` null keeps it in memory only. */
  static open(db: Db, file: string | null, dim: number, modelId: string): VectorIndex {
    const vi = new VectorIndex(db, file, dim, modelId);
    if (!vi.tryLoad()) vi.rebuild();
    vi.sync();
    return vi;
  }

  get size(): number {
    return this.vectors.size;
  }

  vectorOf(num: number): Float32Array | undefined {
    return this.vectors.get(num);
  }

  private dbId(): string {
    // Identifies the database file's history: a recreated database gets a new one.
    const row = this.db.$client.prepare(`SELECT created_at FROM __drizzle_migrations ORDER BY id LIMIT 1`).get() as { created_at: number } | undefined;
    return String(row?.created_at ?? 'none');
  }

  private tryLoad(): boolean {
    if (!this.file || !existsSync(this.file) || !existsSync(this.file + '.json')) return false;
    let meta: IndexMeta;
    try {
      meta = JSON.parse(readFileSync(this.file + '.json', 'utf8')) as IndexMeta;
    } catch {
      return false;
    }
    const maxSeq = this.maxSeq();
    if (meta.modelId !== this.modelId || meta.dim !== this.dim || meta.dbId !== this.dbId() || meta.lastSeq > maxSeq) return false;
    this.index = new HierarchicalNSW('cosine', this.dim);
    this.index.readIndexSync(this.file, true);
    this.index.setEf(EF_SEARCH);
    this.lastSeq = meta.lastSeq;
    // Vectors present at lastSeq; the log tail is applied by sync().
    const rows = this.db.$client.prepare(`SELECT passage_num AS num, vector FROM embedding WHERE model_id = ?`).all(this.modelId) as { num: number; vector: Buffer }[];
    const inIndex = new Set(this.index.getIdsList());
    for (const r of rows) if (inIndex.has(r.num)) this.vectors.set(r.num, bufferToVector(r.vector));
    return true;
  }

  private maxSeq(): number {
    return (this.db.$client.prepare(`SELECT coalesce(max(seq), 0) FROM vector_log`).pluck().get() as number) ?? 0;
  }

  /** Builds the index from every stored embedding of this model. */
  rebuild(): void {
    this.lastSeq = this.maxSeq();
    const rows = this.db.$client.prepare(`SELECT passage_num AS num, vector FROM embedding WHERE model_id = ?`).all(this.modelId) as { num: number; vector: Buffer }[];
    this.index = new HierarchicalNSW('cosine', this.dim);
    this.index.initIndex({ maxElements: Math.max(1024, Math.ceil(rows.length * 1.25)), m: M, efConstruction: EF_CONSTRUCTION, randomSeed: 42, allowReplaceDeleted: true });
    this.index.setEf(EF_SEARCH);
    this.vectors.clear();
    for (const r of rows) this.add(r.num, bufferToVector(r.vector));
  }

  private add(num: number, v: Float32Array): void {
    if (this.vectors.has(num)) return;
    if (this.index.getCurrentCount() >= this.index.getMaxElements()) this.index.resizeIndex(Math.max(1024, Math.ceil(this.index.getCurrentCount() * 1.5)));
    this.index.addPoint(Array.from(v), num, true);
    this.vectors.set(num, v);
  }

  private remove(num: number): void {
    if (!this.vectors.delete(num)) return;
    this.index.markDelete(num);
  }

  /** Applies additions and removals logged since the index last looked. Returns true if anything changed. */
  sync(): boolean {
    const log = this.db.$client.prepare(`SELECT seq, passage_num AS num, op FROM vector_log WHERE seq > ? ORDER BY seq`).all(this.lastSeq) as { seq: number; num: number; op: 'add' | 'remove' }[];
    if (!log.length) return false;
    const getVec = this.db.$client.prepare(`SELECT vector FROM embedding WHERE passage_num = ? AND model_id = ?`).pluck();
    for (const e of log) {
      if (e.op === 'remove') this.remove(e.num);
      else {
        const buf = getVec.get(e.num, this.modelId) as Buffer | undefined;
        if (buf) this.add(e.num, bufferToVector(buf));
      }
      this.lastSeq = e.seq;
    }
    return true;
  }

  save(): void {
    if (!this.file) return;
    const tmp = this.file + '.tmp';
    this.index.writeIndexSync(tmp);
    renameSync(tmp, this.file);
    const meta: IndexMeta = { modelId: this.modelId, dim: this.dim, lastSeq: this.lastSeq, dbId: this.dbId() };
    writeFileSync(this.file + '.json', JSON.stringify(meta));
  }

  /**
   * Nearest passages by cosine similarity. With `allowed`, only those passages are returned; when
   * they are few, an exact scan over them is both faster and complete.
   */
  search(query: Float32Array, k: number, allowed?: ReadonlySet<number>): VectorHit[] {
    this.sync();
    const n = this.vectors.size;
    if (n === 0) return [];
    if (allowed && allowed.size <= Math.max(2000, n * 0.05)) return this.exact(query, k, allowed);
    const q = Array.from(query);
    const knn = (kk: number, filter?: (num: number) => boolean) => {
      kk = Math.min(kk, n);
      this.index.setEf(Math.max(EF_SEARCH, kk * 2));
      const res = this.index.searchKnn(q, kk, filter);
      return res.neighbors.map((num, i) => ({ num, similarity: 1 - res.distances[i]! }));
    };
    if (!allowed) return knn(k);
    const accept = (num: number) => allowed.has(num);
    // A broad filter: search wider without the per-node callback, then filter; fall back to the
    // filtered search only if too few passed.
    const share = allowed.size / n;
    if (share >= 0.25) {
      const wide = knn(Math.ceil((k / share) * 1.5)).filter((h) => accept(h.num));
      if (wide.length >= k) return wide.slice(0, k);
    }
    return knn(k, accept);
  }

  /** Brute-force search: ground truth for recall measurements, and the path for selective filters. */
  exact(query: Float32Array, k: number, allowed?: ReadonlySet<number>): VectorHit[] {
    const hits: VectorHit[] = [];
    for (const num of allowed ?? this.vectors.keys()) {
      const v = this.vectors.get(num);
      if (!v) continue;
      let dot = 0;
      for (let i = 0; i < v.length; i++) dot += v[i]! * query[i]!;
      hits.push({ num, similarity: dot });
    }
    return hits.sort((a, b) => b.similarity - a.similarity).slice(0, k);
  }
}
