// Excel workbooks (exceljs): one sheet per table, Swedish headings, frozen bold header row,
// shares as percentages, an autofilter.
import ExcelJS from 'exceljs';
import { cellText, type Table } from './table.js';

function sheetName(name: string, used: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Blad';
  let n = base;
  for (let i = 2; used.has(n.toLowerCase()); i++) n = `${base.slice(0, 28)} ${i}`;
  used.add(n.toLowerCase());
  return n;
}

export async function toXlsx(tables: readonly Table[], opts: { title?: string } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'dialogkunskap';
  if (opts.title) wb.title = opts.title;
  const used = new Set<string>();
  for (const t of tables) {
    const ws = wb.addWorksheet(sheetName(t.name, used), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = t.columns.map((c) => ({
      header: c.header,
      key: c.key,
      width: c.width ?? (c.kind === 'text' || !c.kind ? 24 : 12),
      style: c.kind === 'share' ? { numFmt: '0.0%' } : c.kind === 'number' ? { numFmt: '0.000' } : {},
    }));
    for (const r of t.rows) {
      const row: Record<string, unknown> = {};
      for (const c of t.columns) {
        const v = r[c.key];
        row[c.key] = v === null || v === undefined ? null : c.kind && c.kind !== 'text' && typeof v === 'number' ? v : cellText(v);
      }
      ws.addRow(row);
    }
    ws.getRow(1).font = { bold: true };
    if (t.columns.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.columns.length } };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
