// The one place where the API and the web UI reach into the core: search, similar huvudmän, the
// analytics reports and exports, the classifier and the review loop. Every handler calls these, so
// wiring a new core function is one line here. Reads go through SQL that only knows approved notes.
import { LRUCache } from 'lru-cache';
import { loadCodebook } from '../codebook/index.js';
import { preDialogueBrief, type Brief } from '../analytics/brief.js';
import { emergingThemes, type EmergingOptions, type EmergingReport } from '../analytics/emerging.js';
import { exportReport, type AnyReport, type ExportFormat } from '../analytics/export/index.js';
import { quotes as quotesReport, type QuoteRequest, type QuotesReport } from '../analytics/quotes.js';
import { changeReport, cooccurrenceReport, labelReport, type ReportOptions } from '../analytics/reports.js';
import { targetSupport, type TargetReport, type TargetRequest } from '../analytics/target.js';
import type { Period } from '../analytics/change.js';
import { NeedsClassifier, type ClassifyOutput } from '../classify/classifier.js';
import type { ReclassifyReport } from '../classify/reclassify.js';
import { ReviewError } from '../classify/review.js';
import type { SearchRequest, SearchHit } from '../search/search.js';
import { similarHuvudman, sizeClass, type SimilarHuvudman } from '../search/similar.js';
import type { Service, TrainOutcome } from '../service.js';
import { collectStats, type Stats } from '../store/stats.js';
import { loadDataset, type Dataset } from '../analytics/dataset.js';
import { reviewGains, suggestionPriority } from '../analytics/review-priority.js';
import { followupsDue, type FollowupReport, type FollowupRequest } from '../analytics/followups.js';
import { networks, type NetworkReport, type NetworkRequest } from '../analytics/networks.js';
import { filtersKey, searchFiltersSchema, type SearchFilters } from '../search/filters.js';
import { ApiError } from './errors.js';

export type ReportKind = 'factors' | 'themes' | 'cooccurrence' | 'change';

export interface LabelDecision {
  labelId: string;
  kind: 'factor' | 'theme';
  name: string;
  /** Where the decision that holds comes from. */
  basis: 'reviewed' | 'predicted';
  /** Whether it is on the passage itself or on the whole note. */
  on: 'passage' | 'note';
  positive: boolean;
  score: number | null;
}

export interface HuvudmanSummary {
  id: string;
  namn: string;
  typ: string;
  region: string;
  kommun: string | null;
  antalBarnElever: number | null;
  storleksklass: string | null;
  skolformer: string[];
  godkandaAnteckningar: number;
}

export interface PassageView {
  passageId: string;
  noteId: string;
  huvudmanId: string;
  huvudmanNamn: string;
  noteTyp: string;
  datum: string;
  cykel: number;
  omgang: number;
  ord: number;
  text: string;
  labels: LabelDecision[];
  /** The other passages of the note, in order (ids only). */
  notePassages: string[];
}

export interface ReviewItem {
  passageId: string;
  noteId: string;
  huvudmanId: string;
  text: string;
  labelId: string;
  kind: 'factor' | 'theme';
  name: string;
  score: number;
  predicted: boolean;
  evidence: string[];
}

export type DescribedHit = SearchHit & {
  huvudmanNamn: string;
  noteTyp: string;
  datum: string;
  cykel: number;
  omgang: number;
  region: string;
  labels: LabelDecision[];
};

export type ReviewAction = 'confirm' | 'reject' | 'add' | 'undo';

/** Datasets kept per filter set; one costs seconds to read at 100k passages, and users repeat. */
const DATASET_CACHE_SIZE = 3;

export class Core {
  private readonly datasets = new LRUCache<string, Dataset>({ max: DATASET_CACHE_SIZE });
  private datasetGeneration = -1;
  constructor(readonly service: Service) {}

  get db() {
    return this.service.db;
  }

  stats(): Stats {
    return collectStats(this.db);
  }

  search(req: SearchRequest): Promise<{ hits: SearchHit[] }> {
    return this.service.searcher.search(req);
  }

  /** Search hits with their note's metadata and the labels that hold, for lists of results. */
  async searchDescribed(req: SearchRequest): Promise<{ hits: DescribedHit[] }> {
    const { hits } = await this.service.searcher.search(req);
    const ids = hits.map((h) => h.passageId);
    const meta = new Map<string, { huvudmanNamn: string; noteTyp: string; datum: string; cykel: number; omgang: number; region: string }>();
    if (ids.length) {
      const rows = this.db.$client
        .prepare(
          `SELECT p.id, h.namn AS huvudmanNamn, n.typ AS noteTyp, n.datum, d.cykel, d.omgang, h.region
             FROM passage p JOIN note n ON n.id = p.note_id JOIN dialog d ON d.id = n.dialog_id JOIN huvudman h ON h.id = n.huvudman_id
            WHERE p.id IN (${ids.map(() => '?').join(',')})`,
        )
        .all(...ids) as { id: string; huvudmanNamn: string; noteTyp: string; datum: string; cykel: number; omgang: number; region: string }[];
      for (const { id, ...m } of rows) meta.set(id, m);
    }
    const labels = this.passageLabels(ids);
    return {
      hits: hits.flatMap((h) => {
        const m = meta.get(h.passageId);
        return m ? [{ ...h, ...m, labels: labels.get(h.passageId) ?? [] }] : [];
      }),
    };
  }

  huvudmanExists(id: string): boolean {
    return !!this.db.$client.prepare(`SELECT 1 FROM huvudman WHERE id = ?`).get(id);
  }

  listHuvudman(q: { text?: string; region?: string; typ?: string } = {}): HuvudmanSummary[] {
    const rows = this.db.$client
      .prepare(
        `SELECT h.id, h.namn, h.typ, h.region, h.kommun, h.antal_barn_elever AS antalBarnElever, h.skolformer,
                (SELECT count(*) FROM note n WHERE n.huvudman_id = h.id AND n.status = 'godkand') AS godkandaAnteckningar
           FROM huvudman h ORDER BY h.namn COLLATE NOCASE`,
      )
      .all() as (Omit<HuvudmanSummary, 'skolformer' | 'storleksklass'> & { skolformer: string })[];
    const text = q.text?.trim().toLocaleLowerCase('sv');
    return rows
      .map((r) => ({ ...r, skolformer: JSON.parse(r.skolformer) as string[], storleksklass: sizeClass(r.antalBarnElever) }))
      .filter((r) => (!text || r.namn.toLocaleLowerCase('sv').includes(text) || r.id.includes(text) || (r.kommun ?? '').toLocaleLowerCase('sv').includes(text)))
      .filter((r) => !q.region || r.region === q.region)
      .filter((r) => !q.typ || (q.typ === 'offentlig' ? r.typ !== 'enskild' : r.typ === q.typ));
  }

  huvudman(id: string): HuvudmanSummary {
    const h = this.listHuvudman().find((x) => x.id === id);
    if (!h) throw new ApiError(404, `huvudmannen "${id}" finns inte`);
    return h;
  }

  similar(id: string, limit: number): SimilarHuvudman[] {
    if (!this.huvudmanExists(id)) throw new ApiError(404, `huvudmannen "${id}" finns inte`);
    return similarHuvudman(this.db, this.service.catalog, this.service.vectors, id, limit);
  }

  /** An approved passage with its note's metadata and its labels; 404 for anything else. */
  passage(id: string): PassageView {
    const row = this.db.$client
      .prepare(
        `SELECT p.id AS passageId, p.note_id AS noteId, n.huvudman_id AS huvudmanId, h.namn AS huvudmanNamn, n.typ AS noteTyp,
                n.datum, d.cykel, d.omgang, p.ord, p.text
           FROM passage p JOIN note n ON n.id = p.note_id JOIN dialog d ON d.id = n.dialog_id JOIN huvudman h ON h.id = n.huvudman_id
          WHERE p.id = ? AND n.status = 'godkand'`,
      )
      .get(id) as Omit<PassageView, 'labels' | 'notePassages'> | undefined;
    if (!row) throw new ApiError(404, `textavsnittet "${id}" finns inte eller är inte godkänt`);
    const notePassages = this.db.$client.prepare(`SELECT id FROM passage WHERE note_id = ? ORDER BY ord`).pluck().all(row.noteId) as string[];
    return { ...row, labels: this.passageLabels([id]).get(id) ?? [], notePassages };
  }

  /**
   * The label decisions that hold for passages, as the analytics count them: a person's decision
   * on the passage, else a person's decision on the whole note, else the classifier's prediction.
   * Rejected labels are included (positive: false) so the UI can show them.
   */
  passageLabels(passageIds: string[]): Map<string, LabelDecision[]> {
    const out = new Map<string, LabelDecision[]>();
    if (!passageIds.length) return out;
    const cb = loadCodebook();
    const ph = passageIds.map(() => '?').join(',');
    const rows = this.db.$client
      .prepare(
        `SELECT p.id AS pid, l.target_kind AS kind, l.label_id AS labelId, l.source, l.positive, l.score
           FROM passage p JOIN note n ON n.id = p.note_id AND n.status = 'godkand'
           JOIN label l ON (l.target_kind = 'passage' AND l.target_id = p.id) OR (l.target_kind = 'note' AND l.target_id = p.note_id)
          WHERE p.id IN (${ph})`,
      )
      .all(...passageIds) as { pid: string; kind: 'note' | 'passage'; labelId: string; source: 'reviewed' | 'predicted'; positive: number; score: number | null }[];
    const rank = (r: (typeof rows)[number]) => (r.kind === 'passage' && r.source === 'reviewed' ? 0 : r.kind === 'note' && r.source === 'reviewed' ? 1 : r.kind === 'passage' ? 2 : 3);
    const best = new Map<string, Map<string, (typeof rows)[number] & { predScore: number | null }>>();
    for (const r of rows) {
      if (r.kind === 'note' && r.source === 'predicted') continue;
      const m = best.get(r.pid) ?? best.set(r.pid, new Map()).get(r.pid)!;
      const prev = m.get(r.labelId);
      const predScore = r.kind === 'passage' && r.source === 'predicted' ? r.score : (prev?.predScore ?? null);
      if (!prev || rank(r) < rank(prev)) m.set(r.labelId, { ...r, predScore });
      else if (predScore !== null) prev.predScore = predScore;
    }
    for (const pid of passageIds) {
      const m = best.get(pid);
      if (!m) continue;
      const list: LabelDecision[] = [];
      for (const [labelId, r] of m) {
        const e = cb.byId.get(labelId);
        if (!e) continue;
        list.push({ labelId, kind: e.kind, name: e.name, basis: r.source, on: r.kind, positive: !!r.positive, score: r.predScore ?? r.score ?? null });
      }
      const order = new Map(cb.all.map((e, i) => [e.id, i]));
      out.set(pid, list.sort((a, b) => order.get(a.labelId)! - order.get(b.labelId)!));
    }
    return out;
  }

  /**
   * The analytics dataset (approved notes, their dialogues and the label decisions that hold) for
   * these filters, read once per change of the store: reviews, ingest, reclassification and other
   * processes' commits all move the catalog's generation.
   */
  private dataset(filters: SearchFilters = {}, opts: { withoutLabels?: boolean } = {}): Dataset {
    const parsed = searchFiltersSchema.parse(filters);
    const { factor: _factor, theme: _theme, ...rest } = parsed;
    const f: SearchFilters = opts.withoutLabels ? rest : parsed;
    const generation = this.service.catalog.generation;
    if (generation !== this.datasetGeneration) {
      this.datasets.clear();
      this.datasetGeneration = generation;
    }
    const key = filtersKey(f);
    let ds = this.datasets.get(key);
    if (!ds) {
      ds = loadDataset(this.db, f);
      this.datasets.set(key, ds);
    }
    return ds;
  }

  networks(req: Omit<NetworkRequest, 'dataset'>): NetworkReport {
    return networks(this.db, { ...req, dataset: this.dataset() });
  }

  followups(req: Omit<FollowupRequest, 'dataset'>): Promise<FollowupReport> {
    return followupsDue(this.service, { ...req, dataset: this.dataset() }).catch((e: unknown) => {
      throw e instanceof Error && /ÅÅÅÅ-MM-DD|fönstret/.test(e.message) ? new ApiError(400, e.message) : e;
    });
  }

  brief(id: string, opts: { similar?: number; examples?: number } = {}): Promise<Brief> {
    if (!this.huvudmanExists(id)) throw new ApiError(404, `huvudmannen "${id}" finns inte`);
    return preDialogueBrief(this.service, id, { ...opts, dataset: this.dataset() });
  }

  report(kind: ReportKind, options: ReportOptions & { labelKind?: 'factor' | 'theme'; period?: Period }): AnyReport {
    const opts = { ...options, dataset: options.dataset ?? this.dataset(options.filters) };
    switch (kind) {
      case 'factors':
        return labelReport(this.db, 'factor', opts);
      case 'themes':
        return labelReport(this.db, 'theme', opts);
      case 'cooccurrence':
        return cooccurrenceReport(this.db, opts.labelKind ?? 'factor', opts);
      case 'change':
        return changeReport(this.db, opts.labelKind ?? 'factor', opts);
    }
  }

  export(report: AnyReport, format: ExportFormat): Promise<string | Buffer> {
    return exportReport(report, format, { csv: { bom: true, delimiter: ';', headers: 'swedish' } });
  }

  quotes(req: QuoteRequest): Promise<QuotesReport> {
    return quotesReport(this.service, req);
  }

  emerging(opts: EmergingOptions): EmergingReport {
    return emergingThemes(this.db, { ...opts, dataset: opts.dataset ?? this.dataset(opts.filters, { withoutLabels: true }) });
  }

  target(req: TargetRequest): Promise<TargetReport> {
    return targetSupport(this.service, { ...req, dataset: req.dataset ?? this.dataset(req.filters, { withoutLabels: true }) });
  }

  // --- Classifier and review -------------------------------------------------------------------

  classifier(): Promise<NeedsClassifier> {
    return this.service.classifier();
  }

  /** Trains on every reviewed label, then refreshes the stored predictions with the new model. */
  train(progress: (done: number, total: number) => void): Promise<TrainOutcome> {
    return this.service.train({ onProgress: progress });
  }

  async classifyText(text: string): Promise<ClassifyOutput & { passages: number }> {
    const clf = await this.classifier();
    const res = await clf.classifyText(text);
    return { ...clf.toOutput(res.note), passages: res.passages.length };
  }

  /**
   * Predictions to review: passage-level predictions (positive or not) with no person's decision
   * on that passage and label, those whose review would most narrow the published intervals first
   * (review-priority.ts), then the least certain.
   */
  reviewQueue(q: { limit: number; label?: string; huvudmanId?: string; offset?: number }): { total: number; items: ReviewItem[] } {
    const cb = loadCodebook();
    const where = [`l.source = 'predicted'`, `l.target_kind = 'passage'`, `n.status = 'godkand'`, `(l.positive = 1 OR l.score >= 0.2)`];
    const args: unknown[] = [];
    if (q.label) {
      where.push('l.label_id = ?');
      args.push(q.label);
    }
    if (q.huvudmanId) {
      where.push('n.huvudman_id = ?');
      args.push(q.huvudmanId);
    }
    where.push(`NOT EXISTS (SELECT 1 FROM label r WHERE r.source = 'reviewed' AND r.label_id = l.label_id AND
                  ((r.target_kind = 'passage' AND r.target_id = l.target_id) OR (r.target_kind = 'note' AND r.target_id = l.note_id)))`);
    const candidates = this.db.$client
      .prepare(`SELECT l.id, n.dialog_id AS dialogId, l.label_id AS labelId, l.score FROM label l JOIN note n ON n.id = l.note_id WHERE ${where.join(' AND ')}`)
      .all(...args) as { id: number; dialogId: string; labelId: string; score: number }[];
    const gains = reviewGains(this.dataset());
    const ranked = candidates
      .map((c) => ({ ...c, priority: suggestionPriority(gains, c.dialogId, c.labelId, c.score) }))
      .sort((a, b) => b.priority - a.priority || Math.abs(a.score - 0.5) - Math.abs(b.score - 0.5) || a.id - b.id);
    const page = ranked.slice(q.offset ?? 0, (q.offset ?? 0) + q.limit);
    const get = this.db.$client.prepare(
      `SELECT p.id AS passageId, p.note_id AS noteId, n.huvudman_id AS huvudmanId, p.text, l.label_id AS labelId, l.score, l.positive, l.evidence
         FROM label l JOIN passage p ON p.id = l.target_id JOIN note n ON n.id = l.note_id WHERE l.id = ?`,
    );
    const rows = page.map((c) => get.get(c.id)) as { passageId: string; noteId: string; huvudmanId: string; text: string; labelId: string; score: number; positive: number; evidence: string | null }[];
    return {
      total: candidates.length,
      items: rows.map((r) => {
        const e = cb.byId.get(r.labelId);
        return {
          passageId: r.passageId, noteId: r.noteId, huvudmanId: r.huvudmanId, text: r.text, labelId: r.labelId,
          kind: e?.kind ?? 'theme', name: e?.name ?? r.labelId, score: r.score, predicted: !!r.positive,
          evidence: r.evidence ? (JSON.parse(r.evidence) as string[]) : [],
        };
      }),
    };
  }

  /**
   * A person's decision on a label of an approved passage or note: confirm or add (the label
   * holds), reject (it does not), undo (forget this person's-level decision). Returns the labels
   * that now hold for the target.
   */
  review(r: { targetKind: 'passage' | 'note'; targetId: string; labelId: string; action: ReviewAction; reviewer: string }): { labels: LabelDecision[] } {
    if (!loadCodebook().byId.has(r.labelId)) throw new ApiError(400, `okänd framgångsfaktor eller okänt tema "${r.labelId}"`);
    const noteId =
      r.targetKind === 'note'
        ? (this.db.$client.prepare(`SELECT id FROM note WHERE id = ? AND status = 'godkand'`).pluck().get(r.targetId) as string | undefined)
        : (this.db.$client.prepare(`SELECT p.note_id FROM passage p JOIN note n ON n.id = p.note_id WHERE p.id = ? AND n.status = 'godkand'`).pluck().get(r.targetId) as string | undefined);
    if (!noteId) throw new ApiError(404, r.targetKind === 'note' ? `anteckningen "${r.targetId}" finns inte eller är inte godkänd` : `textavsnittet "${r.targetId}" finns inte eller är inte godkänt`);
    const action = r.action === 'reject' ? 'remove' : r.action;
    try {
      this.service.review({ targetId: r.targetId, labelId: r.labelId, action, by: r.reviewer }, { audit: false });
    } catch (e) {
      if (e instanceof ReviewError) throw new ApiError(404, e.message);
      throw e;
    }
    const pid = r.targetKind === 'passage' ? r.targetId : (this.db.$client.prepare(`SELECT id FROM passage WHERE note_id = ? ORDER BY ord LIMIT 1`).pluck().get(noteId) as string | undefined);
    const labels = pid ? (this.passageLabels([pid]).get(pid) ?? []) : [];
    return { labels: r.targetKind === 'note' ? labels.filter((l) => l.on === 'note') : labels };
  }

  /** New predictions for every approved passage and note (reviewed labels stay). */
  async reclassify(onProgress?: (done: number, total: number) => void): Promise<ReclassifyReport & { predicted: number }> {
    const r = await this.service.reclassify(onProgress);
    const predicted = this.db.$client.prepare(`SELECT count(*) FROM label WHERE source = 'predicted' AND positive = 1 AND target_kind = 'passage'`).pluck().get() as number;
    return { ...r, predicted };
  }
}
