// Exports of the analytics reports: JSON, CSV, Excel, SVG.
import { guardValue } from '../../privacy/egress-guard.js';
import { toCsv, type CsvOptions } from './csv.js';
import { reportChart, reportTables, type AnyReport } from './report-tables.js';
import { toXlsx } from './xlsx.js';

export type ExportFormat = 'json' | 'csv' | 'xlsx' | 'svg';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'csv', 'xlsx', 'svg'];

export { toCsv, toXlsx, reportTables, reportChart, type AnyReport, type CsvOptions };
export { barChartSvg, type BarChartInput, type BarValue } from './svg-bar-chart.js';
export type { Column, Table } from './table.js';

/**
 * A report in one format: JSON text, the CSV of its first (main) table, an Excel workbook with
 * every table (Buffer), or the bar chart (SVG text). `csvTables` gives each table's CSV.
 */
export async function exportReport(raw: AnyReport, format: ExportFormat, opts: { csv?: CsvOptions } = {}): Promise<string | Buffer> {
  // Every string of the report passes the personnummer check before any format is built.
  const report = guardValue(raw, `export ${format}`);
  switch (format) {
    case 'json':
      return JSON.stringify(report, null, 2) + '\n';
    case 'csv':
      return toCsv(reportTables(report)[0]!, opts.csv);
    case 'xlsx':
      return toXlsx(reportTables(report));
    case 'svg':
      return reportChart(report);
  }
}

/** One CSV per table of the report, named by the table. */
export function csvTables(report: AnyReport, opts: CsvOptions = {}): { name: string; csv: string }[] {
  return reportTables(report).map((t) => ({ name: t.name, csv: toCsv(t, opts) }));
}
