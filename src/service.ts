// The composition root: wires storage, analysis, embedding and indexes into one service object
// that the CLI and the HTTP API share. Nothing below src/ imports this file.
import { createEmbedder, type Embedder } from './embed/embedder.js';
import { ingestPaths, type IngestReport } from './ingest/ingest.js';
import { closeDb, openDb, resolveDbPath, type Db } from './store/db.js';
import type { Deriver } from './store/write-notes.js';
import { PassageCatalog } from './search/catalog.js';
import { changedApprovedNotes, embeddingDeriver, embedMissing, embedNotes } from './search/embedding-store.js';
import { lexicalDeriver } from './search/lexical-index.js';
import { SearchService } from './search/search.js';
import { VectorIndex } from './search/vector-index.js';

export interface ServiceOptions {
  db?: string;
  /** Model directory; default from DIALOGKUNSKAP_MODEL or the shipped model. */
  modelDir?: string;
  /** Keep the vector index in memory only (tests). */
  memoryIndex?: boolean;
  actor?: string;
}

export class Service {
  readonly catalog: PassageCatalog;
  readonly searcher: SearchService;
  private readonly derivers: Deriver[];

  private constructor(
    readonly db: Db,
    readonly dbPath: string,
    readonly embedder: Embedder,
    readonly vectors: VectorIndex,
  ) {
    this.catalog = new PassageCatalog(db);
    this.derivers = [lexicalDeriver, embeddingDeriver(embedder.modelId)];
    this.searcher = new SearchService(db, this.catalog, embedder, vectors);
  }

  static async open(opts: ServiceOptions = {}): Promise<Service> {
    const dbPath = resolveDbPath(opts.db);
    const db = openDb(dbPath);
    const embedder = await createEmbedder(opts.modelDir ? { modelDir: opts.modelDir } : {});
    // A changed model (or a database written without vectors) is brought up to date first.
    // (An embedding row is keyed by its passage, so the new vector replaces the old model's.)
    await embedMissing(db, embedder, (done, total) => {
      if (total > 1000) process.stderr.write(`inbäddning: ${done}/${total} textavsnitt\n`);
    });
    const vectors = VectorIndex.open(db, opts.memoryIndex ? null : dbPath + '.hnsw', embedder.dim, embedder.modelId);
    return new Service(db, dbPath, embedder, vectors);
  }

  async ingest(paths: string[], opts: { actor?: string; onProgress?: (done: number, total: number, file: string) => void } = {}): Promise<IngestReport> {
    const report = await ingestPaths(this.db, paths, {
      derivers: this.derivers,
      actor: opts.actor,
      onProgress: opts.onProgress,
      enrich: async (db, bundles) => {
        await embedNotes(this.embedder, changedApprovedNotes(db, bundles));
      },
      afterWrite: () => {
        this.catalog.invalidate();
        this.vectors.sync();
      },
    });
    this.vectors.save();
    return report;
  }

  close(): void {
    this.vectors.save();
    closeDb(this.db);
  }
}
