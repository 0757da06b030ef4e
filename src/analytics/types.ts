// Shared shapes of the analytics stage. Plain data: what the loaders read from the store and what
// the pure report functions take and give back.
import type { Db } from '../store/db.js';
import type { PassageCatalog } from '../search/catalog.js';
import type { SearchService } from '../search/search.js';
import type { VectorIndex } from '../search/vector-index.js';
import type { Embedder } from '../embed/embedder.js';

/** What a label decision rests on: a person's review, or the classifier's prediction. */
export type Basis = 'reviewed' | 'predicted';

/**
 * What the reports that need more than the database get. `Service` fits this shape, so the CLI and
 * the API can pass the service itself; the counting reports need only `db`.
 */
export interface AnalyticsContext {
  db: Db;
  catalog?: PassageCatalog;
  searcher?: Pick<SearchService, 'search'>;
  vectors?: VectorIndex | null;
  embedder?: Embedder | null;
}

export interface HuvudmanInfo {
  id: string;
  namn: string;
  typ: string;
  sektor: 'enskild' | 'offentlig';
  size: number | null;
  skolformer: string[];
  region: string;
  kommun: string | null;
}

export interface DialogueInfo {
  id: string;
  huvudmanId: string;
  cykel: number;
  omgang: number;
}

/** An approved note (only approved notes are ever loaded). */
export interface NoteInfo {
  id: string;
  dialogId: string;
  huvudmanId: string;
  typ: string;
  datum: string;
  /** The note's passages, in order. */
  passageIds: string[];
  /** Whether the classifier wrote passage-level predictions (any label, positive or not) for it. */
  hasPassagePredictions: boolean;
}

/** A label row as the decision rules need it. */
export interface LabelRow {
  kind: 'note' | 'passage';
  targetId: string;
  noteId: string;
  labelId: string;
  source: Basis;
  positive: boolean;
  score: number | null;
}

export interface PassageInfo {
  num: number;
  id: string;
  noteId: string;
}

/** Everything the counting reports read, approved notes only. */
export interface RawData {
  huvudman: Map<string, HuvudmanInfo>;
  dialogues: Map<string, DialogueInfo>;
  notes: Map<string, NoteInfo>;
  passages: Map<string, PassageInfo>;
  /** Label rows per note id. */
  labels: Map<string, LabelRow[]>;
}

/** A positive effective label on a passage. */
export interface PassageLabel {
  basis: Basis;
  /** The classifier's score where there is one. */
  score: number | null;
}

/** One dialogue as the reports count it. */
export interface DialogueRecord {
  id: string;
  huvudman: HuvudmanInfo;
  cykel: number;
  omgang: number;
  /** The counted (approved, filter-passing) notes. */
  noteIds: string[];
  /** Labels the dialogue touches (the dialogue-level decision), with what each decision rests on. */
  labels: Map<string, Basis>;
  /** Every codebook label's probability under the decision models, or a reviewed answer. */
  estimates: Map<string, LabelEstimate>;
}

/** How sure the service is that a unit carries a label. */
export interface LabelEstimate {
  /** A person's answer for the unit, when there is one: it counts as known. */
  known: 0 | 1 | null;
  /** The probability under the main decision model, then under each bootstrap refit. */
  p: Float32Array;
}
