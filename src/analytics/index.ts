// Synthesis analytics: how often factors and themes come up (per dialogue, approved notes only),
// quotes, emerging themes, pre-dialogue briefs, support targeting, and their exports.
export type { AnalyticsContext, Basis, DialogueRecord, HuvudmanInfo } from './types.js';
export { loadDataset, buildDataset, type Dataset } from './dataset.js';
export { decideNote, decideAll } from './effective.js';
export { DIMENSIONS, DIMENSION_NAMES, parseDimensions, groupName, groupsOf, type Dimension } from './dimensions.js';
export { prevalence, type PrevalenceRow } from './prevalence.js';
export { cooccurrence, type CooccurrenceRow } from './cooccurrence.js';
export { change, type ChangeRow, type Period } from './change.js';
export {
  labelReport,
  factorReport,
  themeReport,
  cooccurrenceReport,
  changeReport,
  type ReportOptions,
  type PrevalenceReport,
  type CooccurrenceReport,
  type ChangeReport,
  type LabelTotals,
} from './reports.js';
export { quotes, type QuoteRequest, type Quote, type QuotesReport } from './quotes.js';
export { emergingThemes, type EmergingOptions, type EmergingReport, type EmergingCluster } from './emerging.js';
export { preDialogueBrief, type Brief, type BriefOptions } from './brief.js';
export { targetSupport, type TargetRequest, type TargetReport, type TargetHuvudman } from './target.js';
export { exportReport, csvTables, reportTables, reportChart, toCsv, toXlsx, barChartSvg, EXPORT_FORMATS, type ExportFormat, type AnyReport, type Table } from './export/index.js';
