// Exports open: the CSV parses back to the same figures (csv-parse) with every share's interval,
// the workbook is read back by exceljs, and the SVG bar chart (with error bars) renders in headless Chromium to a PNG that is not blank.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeReport, cooccurrenceReport, csvTables, exportReport, factorReport, reportTables, themeReport, type PrevalenceReport } from '../src/analytics/index.js';
import { closeDb, openDb, type Db } from '../src/store/db.js';
import { tempDir } from './helpers.js';

let t: ReturnType<typeof tempDir>;
let db: Db;
let report: PrevalenceReport;

beforeAll(() => {
  t = tempDir('dk-analytics-export-');
  db = openDb(join(t.dir, 'x.db'));
  const c = db.$client;
  const now = '2025-01-01T00:00:00Z';
  const factors = ['systematiskt-kvalitetsarbete', 'roll-och-ansvar', 'kompetent-ledarskap', 'halsoframjande-larmiljo', 'kompensatoriska-insatser'];
  for (let h = 0; h < 24; h++) {
    const id = `hm-${h}`;
    c.prepare(`INSERT INTO huvudman (id, namn, typ, antal_barn_elever, skolformer, region, updated_at) VALUES (?, ?, ?, ?, ?, 'Malmö', ?)`).run(
      id, `Förskolan Ödlan ${h}, "ek. för."`, h % 4 === 0 ? 'kommun' : 'enskild', 20 + h * 40, h % 2 ? '["forskola"]' : '["forskola","grundskola"]', now,
    );
    for (const cykel of [1, 2]) {
      const d = `${id}-c${cykel}`;
      c.prepare(`INSERT INTO dialog (id, huvudman_id, cykel, omgang) VALUES (?, ?, ?, 4)`).run(d, id, cykel);
      c.prepare(
        `INSERT INTO note (id, dialog_id, huvudman_id, typ, datum, status, deltagare_roller, text, content_hash, source_file, imported_at) VALUES (?, ?, ?, 'dialog', '2024-01-01', 'godkand', '[]', 'x', 'h', 't', ?)`,
      ).run(`${d}-n`, d, id, now);
      factors.forEach((f, k) => {
        if ((h + k * cykel) % (k + 2) === 0)
          c.prepare(`INSERT INTO label (target_kind, target_id, note_id, label_id, source, positive, created_at) VALUES ('note', ?, ?, ?, 'reviewed', 1, ?)`).run(`${d}-n`, `${d}-n`, f, now);
      });
    }
  }
  report = factorReport(db, { by: 'typ' });
});
afterAll(() => {
  closeDb(db);
  t.cleanup();
});

describe('CSV', () => {
  it('parses back to the rows of the report', async () => {
    const csv = (await exportReport(report, 'csv')) as string;
    const records = parse(csv, { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(report.rows.length);
    records.forEach((r, i) => {
      const row = report.rows[i]!;
      expect(r.group).toBe(row.group);
      expect(r.label).toBe(row.label);
      expect(Number(r.dialogues)).toBe(row.dialogues);
      expect(Number(r.n)).toBe(row.n);
      expect(Number(r.share)).toBe(row.share);
      expect([Number(r.low), Number(r.high)]).toEqual([row.low, row.high]);
      expect(row.low).toBeLessThanOrEqual(row.share);
      expect(row.high).toBeGreaterThanOrEqual(row.share);
      expect(r.reviewedShare === '' ? null : Number(r.reviewedShare)).toBe(row.reviewedShare);
      expect(r.labelName!.length).toBeGreaterThan(3);
    });
  });

  it('every table of every counting report parses, with a BOM and semicolons as Swedish Excel likes', () => {
    for (const rep of [themeReport(db, { by: 'storlek' }), cooccurrenceReport(db), changeReport(db, 'factor', { by: 'typ' })]) {
      for (const { csv } of csvTables(rep, { bom: true, delimiter: ';' })) {
        expect(csv.charCodeAt(0)).toBe(0xfeff);
        const rows = parse(csv, { bom: true, delimiter: ';', columns: true }) as Record<string, string>[];
        expect(rows.length).toBe(reportTables(rep)[0]!.rows.length);
      }
    }
  });
});

describe('Excel', () => {
  it('is read back by exceljs with the same figures', async () => {
    const buf = (await exportReport(report, 'xlsx')) as Buffer;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('Framgångsfaktorer');
    expect(ws.getRow(1).getCell(1).value).toBe('Grupp (id)');
    expect(ws.rowCount).toBe(report.rows.length + 1);
    report.rows.forEach((row, i) => {
      const r = ws.getRow(i + 2);
      const cells = [1, 2, 3, 4, 5, 6, 7].map((k) => r.getCell(k).value);
      expect(cells).toEqual([row.group, row.label, row.share, row.low, row.high, row.n, row.dialogues]);
      for (const k of [3, 4, 5]) expect(r.getCell(k).numFmt).toBe('0.0%');
    });
  });

  it('holds one sheet per table', async () => {
    const rep = changeReport(db, 'theme', { period: 'cykel' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportReport(rep, 'xlsx')) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(reportTables(rep).map((x) => x.name));
  });
});

describe('SVG bar chart', () => {
  it('is accessible: title, description, a title per bar, Swedish names', async () => {
    const svg = (await exportReport(report, 'svg')) as string;
    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-labelledby="chart-title chart-desc"/);
    expect(svg).toContain('<title id="chart-title">Andel dialoger som berör varje framgångsfaktor, per huvudmannatyp (enskild/offentlig)</title>');
    expect(svg).toMatch(/<desc id="chart-desc">[^<]*Enskild: n = \d+; Offentlig: n = \d+/);
    expect(svg).toContain('Tydlig roll- och ansvarsfördelning');
    const bars = svg.match(/<rect [^>]*><title>[^<]+<\/title><\/rect>/g) ?? [];
    expect(bars).toHaveLength(report.rows.length);
    expect(svg).toContain(`95 % intervall`);
    expect(svg).toContain(`(n = ${report.rows[0]!.n} dialoger)`);
    // One error bar per bar, and a caption that says what the bars mean.
    expect(svg.match(/<path class="intervall"/g) ?? []).toHaveLength(report.rows.length);
    expect(svg).toContain('Strecken visar 95 % intervall');
    await expect(exportReport({ report: 'quotes', request: { limit: 1, filters: {} }, candidates: 0, huvudmanAvailable: 0, huvudman: 0, quotes: [] }, 'svg')).rejects.toThrow(/diagram/);
  });

  it.skipIf(!existsSync('/usr/bin/chromium'))('renders in headless Chromium to a PNG that is not blank', async () => {
    const svg = (await exportReport(report, 'svg')) as string;
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage();
      await page.setContent(`<!doctype html><html><body style="margin:0;background:#fff">${svg}</body></html>`);
      const box = await page.locator('svg').boundingBox();
      expect(box!.width).toBeGreaterThan(500);
      expect(box!.height).toBeGreaterThan(300);
      const png = await page.locator('svg').screenshot({ type: 'png' });
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      // Decode the PNG in the page and count pixels: text, grid and bars in the palette's blue and orange.
      const stats = await page.evaluate(async (b64) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.width;
        canvas.height = img.height;
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        const d = ctx.getImageData(0, 0, img.width, img.height).data;
        let nonWhite = 0, blue = 0, orange = 0;
        for (let i = 0; i < d.length; i += 4) {
          const [r, g, bl] = [d[i]!, d[i + 1]!, d[i + 2]!];
          if (r < 240 || g < 240 || bl < 240) nonWhite++;
          if (Math.abs(r - 0x00) < 30 && Math.abs(g - 0x72) < 30 && Math.abs(bl - 0xb2) < 30) blue++;
          if (Math.abs(r - 0xe6) < 30 && Math.abs(g - 0x9f) < 30 && Math.abs(bl - 0x00) < 30) orange++;
        }
        return { w: img.width, h: img.height, nonWhite, blue, orange };
      }, png.toString('base64'));
      expect(stats.w).toBeGreaterThan(500);
      expect(stats.nonWhite / (stats.w * stats.h)).toBeGreaterThan(0.02);
      expect(stats.blue).toBeGreaterThan(500);
      expect(stats.orange).toBeGreaterThan(500);
    } finally {
      await browser.close();
    }
  });
});
