// A report as tables: what CSV and Excel write. Columns carry a key (CSV header, JSON field), a
// Swedish heading (Excel) and a kind (shares become percentages in Excel).

export type ColumnKind = 'text' | 'int' | 'number' | 'share';

export interface Column {
  key: string;
  header: string;
  kind?: ColumnKind;
  /** Excel column width in characters. */
  width?: number;
}

export interface Table {
  /** Sheet name (≤ 31 characters) and file suffix. */
  name: string;
  columns: Column[];
  rows: Record<string, unknown>[];
}

/** A cell as text for CSV: lists joined with "; ", objects as JSON, null/undefined empty. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(cellText).join('; ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
