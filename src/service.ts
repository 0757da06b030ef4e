// The composition root: wires storage, analysis, embedding and indexes into one service object
// that the CLI and the HTTP API share. Nothing below src/ imports this file.
import { createEmbedder, type Embedder } from './embed/embedder.js';
import { ingestPaths, type IngestOptions, type IngestReport } from './ingest/ingest.js';
import { checkpoint, closeDb, openDb, resolveDbPath, type Db } from './store/db.js';
import type { Deriver } from './store/write-notes.js';
import { PassageCatalog } from './search/catalog.js';
import { loadDecidedPassageLabels } from './analytics/dataset.js';
import { changedApprovedNotes, embeddingDeriver, embedMissing, embedNotes } from './search/embedding-store.js';
import { lexicalDeriver } from './search/lexical-index.js';
import { SearchService } from './search/search.js';
import { VectorIndex } from './search/vector-index.js';
import { NeedsClassifier } from './classify/classifier.js';
import { classifyPreparedNotes, predictionDeriver } from './classify/ingest-hooks.js';
import { latestModelInfo, loadLatestModel } from './classify/model-store.js';
import { reclassify, type ReclassifyReport } from './classify/reclassify.js';
import { shouldRetrain, trainFromReviews, type RetrainStatus } from './classify/retrain.js';
import { reviewLabel, type ReviewInput, type ReviewResult } from './classify/review.js';
import { compactDatabase, rescanDue, rescanStoredText, type RescanReport } from './privacy/rescan.js';

export interface ServiceOptions {
  db?: string;
  /** Model directory; default from DIALOGKUNSKAP_MODEL or the shipped model. */
  modelDir?: string;
  /** Keep the vector index in memory only (tests). */
  memoryIndex?: boolean;
  actor?: string;
  /** Reviews after which the supervised classifier is retrained (default 20; 0 turns it off). */
  retrainAfter?: number;
}

export interface TrainOutcome {
  /** Passages and reviewed labels the model was trained on; modelId null when there was nothing. */
  passages: number;
  reviewedLabels: number;
  modelId: number | null;
  /** Set when the stored predictions were refreshed with the new model. */
  reclassified?: ReclassifyReport;
}

async function rescanAndReembed(db: Db, embedder: Embedder, huvudmanIds?: readonly string[]): Promise<RescanReport> {
  const report = rescanStoredText(db, huvudmanIds ? { huvudmanIds } : {});
  const nums = report.changedPassageNums;
  if (nums.length) {
    const del = db.$client.prepare(`DELETE FROM embedding WHERE passage_num = ?`);
    db.$client.transaction(() => nums.forEach((n) => del.run(n)))();
    await embedMissing(db, embedder);
  }
  if (!huvudmanIds) compactDatabase(db);
  return report;
}

export class Service {
  readonly catalog: PassageCatalog;
  readonly searcher: SearchService;
  private readonly derivers: Deriver[];
  private classifierP: Promise<NeedsClassifier> | null = null;
  private classifierModelId = -1;
  /** The background retraining in flight (one at a time). */
  private retraining: Promise<TrainOutcome> | null = null;

  private constructor(
    readonly db: Db,
    readonly dbPath: string,
    readonly embedder: Embedder,
    readonly vectors: VectorIndex,
    readonly retrainAfter: number,
  ) {
    // Search filters read the same note-level decision as the reports (one decision everywhere).
    this.catalog = new PassageCatalog(db, loadDecidedPassageLabels);
    this.derivers = [lexicalDeriver, embeddingDeriver(embedder.modelId), predictionDeriver()];
    this.searcher = new SearchService(db, this.catalog, embedder, vectors, async (query) => (await (await this.classifier()).classifyText(query)).note);
  }

  static async open(opts: ServiceOptions = {}): Promise<Service> {
    const dbPath = resolveDbPath(opts.db);
    const db = openDb(dbPath);
    const embedder = await createEmbedder(opts.modelDir ? { modelDir: opts.modelDir } : {});
    // Text stored under older redaction rules is rescanned before anything is served.
    const rescan = rescanDue(db) ? await rescanAndReembed(db, embedder) : null;
    if (rescan) process.stderr.write(`personuppgifter: lagrad text omgranskad med regelversion ${rescan.version}: ${rescan.changedNotes} anteckningar ändrade\n`);
    // A changed model (or a database written without vectors) is brought up to date first.
    // (An embedding row is keyed by its passage, so the new vector replaces the old model's.)
    await embedMissing(db, embedder, (done, total) => {
      if (total > 1000) process.stderr.write(`inbäddning: ${done}/${total} textavsnitt\n`);
    });
    const vectors = VectorIndex.open(db, opts.memoryIndex ? null : dbPath + '.hnsw', embedder.dim, embedder.modelId);
    if (rescan?.changedPassageNums.length) {
      // The index file may hold vectors of the old text: built anew, not patched.
      vectors.rebuild();
      vectors.save();
    }
    return new Service(db, dbPath, embedder, vectors, opts.retrainAfter ?? 20);
  }

  /**
   * Re-redacts everything stored with the current rules (`redact --rescan`): note text, passages,
   * FTS rows, embeddings, label evidence and the audit log; then rebuilds the vector index file and
   * compacts the database so that no old text is left in any file.
   */
  async rescanRedaction(): Promise<RescanReport> {
    const report = await rescanAndReembed(this.db, this.embedder);
    this.vectors.rebuild();
    this.vectors.save();
    this.catalog.invalidate();
    return report;
  }

  /** The needs classifier with the newest trained model (the day-one rule before any training). */
  classifier(): Promise<NeedsClassifier> {
    // Only the newest id is read on each call; the state is parsed when a new model appeared.
    const id = latestModelInfo(this.db)?.id ?? 0;
    if (!this.classifierP || id !== this.classifierModelId) {
      this.classifierModelId = id;
      this.classifierP = NeedsClassifier.create({ embedder: this.embedder, model: loadLatestModel(this.db)?.state ?? null });
      this.classifierP.catch(() => (this.classifierP = null));
    }
    return this.classifierP;
  }

  /** New predictions for every approved note (after a codebook or model change); reviews stay. */
  async reclassify(onProgress?: (done: number, total: number) => void): Promise<ReclassifyReport> {
    const report = await reclassify(this.db, await this.classifier(), { onProgress });
    this.catalog.invalidate();
    return report;
  }

  /**
   * Trains the supervised part on every reviewed label (imported labels count as reviewed) and,
   * unless told otherwise, refreshes the stored predictions with the new model.
   */
  async train(opts: { reclassify?: boolean; onProgress?: (done: number, total: number) => void } = {}): Promise<TrainOutcome> {
    const r = await trainFromReviews(this.db, await this.classifier());
    if (r.model) {
      // The trained classifier shares the prototypes already embedded; no need to build it again.
      this.classifierModelId = r.model.id;
      this.classifierP = Promise.resolve(r.classifier);
    }
    const out: TrainOutcome = { passages: r.passages, reviewedLabels: r.reviewedLabels, modelId: r.model?.id ?? null };
    if (r.model && opts.reclassify !== false) out.reclassified = await this.reclassify(opts.onProgress);
    return out;
  }

  retrainStatus(): RetrainStatus {
    return shouldRetrain(this.db, this.retrainAfter || Number.MAX_SAFE_INTEGER);
  }

  /**
   * A person's decision on a label. It holds at once (labels read reviewed rows first); when
   * enough new reviews have come in, the model is retrained in the background.
   */
  review(input: ReviewInput, opts: { audit?: boolean } = {}): ReviewResult {
    const result = reviewLabel(this.db, input, undefined, opts);
    this.catalog.invalidate();
    this.retrainIfDue();
    return result;
  }

  /** Starts a background retraining when it is due; returns it (or the one in flight), or null. */
  retrainIfDue(): Promise<TrainOutcome> | null {
    if (this.retraining) return this.retraining;
    if (!this.retrainAfter || !this.retrainStatus().due) return null;
    this.retraining = this.train()
      .catch((e: unknown) => {
        process.stderr.write(`omträning misslyckades: ${e instanceof Error ? e.message : String(e)}\n`);
        return { passages: 0, reviewedLabels: 0, modelId: null };
      })
      .finally(() => (this.retraining = null));
    return this.retraining;
  }

  /** Waits for a background retraining, if one runs (tests, shutdown). */
  async settled(): Promise<void> {
    await this.retraining;
  }

  async ingest(paths: string[], opts: Pick<IngestOptions, 'actor' | 'onProgress' | 'onFileStart' | 'skip'> = {}): Promise<IngestReport> {
    const peopleGrew = new Set<string>();
    const report = await ingestPaths(this.db, paths, {
      ...opts,
      derivers: this.derivers,
      enrich: async (db, bundles) => {
        const changed = changedApprovedNotes(db, bundles);
        await embedNotes(this.embedder, changed);
        // Classified with the vectors just computed; the prediction deriver writes the result.
        await classifyPreparedNotes(await this.classifier(), changed);
      },
      afterWrite: (_db, _removed, newPeopleFor) => {
        for (const id of newPeopleFor) peopleGrew.add(id);
        this.catalog.invalidate();
        this.vectors.sync();
      },
    });
    if (peopleGrew.size) {
      // People who became known now may be named in notes stored earlier: those are rescanned.
      const r = await rescanAndReembed(this.db, this.embedder, [...peopleGrew]);
      if (r.changedNotes) {
        checkpoint(this.db);
        this.catalog.invalidate();
        this.vectors.sync();
      }
    }
    this.vectors.save();
    return report;
  }

  close(): void {
    this.vectors.save();
    closeDb(this.db);
  }
}
