// The counting reports as the CLI and the API ask for them: read the store once, count, return
// plain JSON-able objects. Each report carries its kind in `report`, which the exporters use.
import type { SearchFilters } from '../search/filters.js';
import type { Db } from '../store/db.js';
import { change, type ChangeRow, type Period } from './change.js';
import { cooccurrence, type CooccurrenceRow } from './cooccurrence.js';
import { loadDataset, type Dataset } from './dataset.js';
import { parseDimensions, type Dimension } from './dimensions.js';
import { labelIds } from './labels.js';
import { prevalence, type PrevalenceRow } from './prevalence.js';

export interface ReportOptions {
  /** Dimensions to split by: "typ", "storlek,region", ["typ", "storlek"]; default: no split ("alla"). */
  by?: string | readonly string[];
  /** Only these codebook ids (default: every factor, or every theme). */
  labels?: readonly string[];
  /** As in search; note type and dates choose which notes count, the rest which dialogues. */
  filters?: SearchFilters;
  /** A dataset already loaded (several reports from one read). */
  dataset?: Dataset;
}

export interface LabelTotals {
  /** Counted dialogues. */
  dialogues: number;
  /** (dialogue, label) decisions that a reviewed label carries, and that only predictions carry. */
  reviewedDecisions: number;
  predictedDecisions: number;
}

export interface PrevalenceReport {
  report: 'factors' | 'themes';
  by: Dimension[];
  filters: SearchFilters;
  totals: LabelTotals;
  rows: PrevalenceRow[];
}

export interface CooccurrenceReport {
  report: 'cooccurrence';
  kind: 'factor' | 'theme';
  by: Dimension[];
  filters: SearchFilters;
  totals: LabelTotals;
  rows: CooccurrenceRow[];
}

export interface ChangeReport {
  report: 'change';
  kind: 'factor' | 'theme';
  period: Period;
  by: Dimension[];
  filters: SearchFilters;
  totals: LabelTotals;
  rows: ChangeRow[];
}

function totals(ds: Dataset, labels: readonly string[]): LabelTotals {
  let reviewedDecisions = 0;
  let predictedDecisions = 0;
  for (const d of ds.dialogues)
    for (const l of labels) {
      const b = d.labels.get(l);
      if (b === 'reviewed') reviewedDecisions++;
      else if (b === 'predicted') predictedDecisions++;
    }
  return { dialogues: ds.dialogues.length, reviewedDecisions, predictedDecisions };
}

/** `report factors|themes [--by …]`: number and share of dialogues touching each label, per group. */
export function labelReport(db: Db, kind: 'factor' | 'theme', opts: ReportOptions = {}): PrevalenceReport {
  const by = parseDimensions(opts.by);
  const ds = opts.dataset ?? loadDataset(db, opts.filters);
  const labels = labelIds(kind, opts.labels);
  return { report: kind === 'factor' ? 'factors' : 'themes', by, filters: ds.filters, totals: totals(ds, labels), rows: prevalence(ds.dialogues, labels, by) };
}

export const factorReport = (db: Db, opts: ReportOptions = {}) => labelReport(db, 'factor', opts);
export const themeReport = (db: Db, opts: ReportOptions = {}) => labelReport(db, 'theme', opts);

/** Pairs of factors (or themes) in the same dialogue. */
export function cooccurrenceReport(db: Db, kind: 'factor' | 'theme' = 'factor', opts: ReportOptions = {}): CooccurrenceReport {
  const by = parseDimensions(opts.by);
  const ds = opts.dataset ?? loadDataset(db, opts.filters);
  const labels = labelIds(kind, opts.labels);
  return { report: 'cooccurrence', kind, by, filters: ds.filters, totals: totals(ds, labels), rows: cooccurrence(ds.dialogues, labels, by) };
}

/** Shares per cycle (or round) with the change from the period before, optionally per group. */
export function changeReport(db: Db, kind: 'factor' | 'theme' = 'factor', opts: ReportOptions & { period?: Period } = {}): ChangeReport {
  const by = opts.by === undefined ? (['alla'] as Dimension[]) : parseDimensions(opts.by);
  const ds = opts.dataset ?? loadDataset(db, opts.filters);
  const labels = labelIds(kind, opts.labels);
  const period = opts.period ?? 'cykel';
  return { report: 'change', kind, period, by, filters: ds.filters, totals: totals(ds, labels), rows: change(ds.dialogues, labels, period, by) };
}
