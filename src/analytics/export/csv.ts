// CSV (csv-stringify): one table, a header row of column keys (or Swedish headings), RFC 4180
// quoting, UTF-8. `bom` helps Excel open it with å, ä, ö intact; `delimiter: ';'` suits Swedish Excel.
import { stringify } from 'csv-stringify/sync';
import { cellText, type Table } from './table.js';

export interface CsvOptions {
  delimiter?: string;
  bom?: boolean;
  headers?: 'keys' | 'swedish';
}

/**
 * A text cell that a spreadsheet would read as a formula (=, +, -, @, tab, CR first) gets a
 * leading apostrophe, as OWASP recommends against CSV injection. Numbers are left alone.
 */
export function neutraliseFormula(value: unknown, text: string): string {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function toCsv(table: Table, opts: CsvOptions = {}): string {
  const header = table.columns.map((c) => neutraliseFormula(c.header, opts.headers === 'swedish' ? c.header : c.key));
  const records = table.rows.map((r) => table.columns.map((c) => neutraliseFormula(r[c.key], cellText(r[c.key]))));
  return stringify([header, ...records], { delimiter: opts.delimiter ?? ',', bom: opts.bom ?? false, record_delimiter: 'unix' });
}
