// CSV (csv-stringify): one table, a header row of column keys (or Swedish headings), RFC 4180
// quoting, UTF-8. `bom` helps Excel open it with å, ä, ö intact; `delimiter: ';'` suits Swedish Excel.
import { stringify } from 'csv-stringify/sync';
import { cellText, type Table } from './table.js';

export interface CsvOptions {
  delimiter?: string;
  bom?: boolean;
  headers?: 'keys' | 'swedish';
}

export function toCsv(table: Table, opts: CsvOptions = {}): string {
  const header = table.columns.map((c) => (opts.headers === 'swedish' ? c.header : c.key));
  const records = table.rows.map((r) => table.columns.map((c) => cellText(r[c.key])));
  return stringify([header, ...records], { delimiter: opts.delimiter ?? ',', bom: opts.bom ?? false, record_delimiter: 'unix' });
}
