// The command-line interface as users run it: a real process per command over a real SQLite file,
// JSON on stdout with the shapes the issues fix, Swedish errors and exit codes.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allFileBytes, tempDir } from './helpers.js';
import { listImportFiles } from '../src/ingest/ingest.js';
import { readSource } from '../src/ingest/read-source.js';

let t: ReturnType<typeof tempDir>;
let db: string;

function cli(args: string[], input?: string): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, ['dist/cli/main.js', '--db', db, ...args], {
    encoding: 'utf8',
    input,
    env: { ...process.env, USER: 'testare' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}
const json = <T = Record<string, unknown>>(args: string[], input?: string): T => {
  const r = cli(['--json', ...args], input);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as T;
};

beforeAll(() => {
  t = tempDir('dk-cli-');
  db = join(t.dir, 'cli.db');
  const r = cli(['--json', 'ingest', 'corpus/fixtures', 'corpus/personal-data']);
  expect(r.code, r.err).toBe(0);
}, 180_000);
afterAll(() => t.cleanup());

describe('cli', () => {
  it('ingest is idempotent and stats counts by status', () => {
    const again = json<{ imported: number; notes: Record<string, number>; passages: number; errors: unknown[] }>(['ingest', 'corpus/fixtures', 'corpus/personal-data']);
    expect(again).toMatchObject({ imported: 117, notes: { godkand: 177, utkast: 12, aterkallad: 3 }, passages: 1209, errors: [] });
    const s = json<{ huvudman: number; notes: Record<string, number>; passages: number }>(['stats']);
    expect(s).toMatchObject({ huvudman: 77, notes: { godkand: 177, utkast: 12, aterkallad: 3 }, passages: 1209 });
  }, 60_000);

  it('canaries: no personal data written in the fixture notes is in any file the ingest wrote', () => {
    // corpus/personal-data-canaries.json lists every name, number, e-mail, phone and address of the notes
    // written with personal data (hm-0075 … hm-0077): participants, contact people, cross-note
    // mentions, names in no list, personnummer with a wrong control digit. The lexical index keeps
    // lower-cased terms, so the lower-case form is looked for too.
    const { canaries } = JSON.parse(readFileSync('corpus/personal-data-canaries.json', 'utf8')) as { canaries: { kind: string; text: string }[] };
    expect(canaries.length).toBeGreaterThan(50);
    const files = allFileBytes(t.dir);
    expect(files.some((f) => f.file.endsWith('cli.db'))).toBe(true);
    for (const f of files) {
      for (const c of canaries) {
        for (const s of new Set([c.text, c.text.toLocaleLowerCase('sv-SE')])) expect(f.bytes.includes(s), `${c.kind} «${s}» in ${f.file}`).toBe(false);
      }
    }
  });

  it('rejects a broken file with exit code 1, naming the file', () => {
    const bad = join(t.dir, 'trasig.json');
    writeFileSync(bad, '{"huvudman": ');
    const r = cli(['--json', 'ingest', bad]);
    expect(r.code).toBe(1);
    const rep = JSON.parse(r.out) as { errors: { file: string; message: string }[] };
    expect(rep.errors[0]!.file).toContain('trasig.json');
    expect(rep.errors[0]!.message).toMatch(/JSON/);
  }, 60_000);

  it('search and similar answer in the documented shape', () => {
    const s = json<{ hits: { noteId: string; huvudmanId: string; passageId: string; text: string; score: number }[] }>([
      'search', 'hemmasittare', '--limit', '3', '--typ', 'offentlig',
    ]);
    expect(s.hits).toHaveLength(3);
    for (const h of s.hits) expect(Object.keys(h)).toEqual(expect.arrayContaining(['noteId', 'huvudmanId', 'passageId', 'text', 'score']));
    const sim = json<{ similar: { huvudmanId: string; score: number; why: string }[] }>(['similar', s.hits[0]!.huvudmanId, '--limit', '2']);
    expect(sim.similar).toHaveLength(2);
    expect(sim.similar[0]!.why.length).toBeGreaterThan(5);
  }, 60_000);

  it('classify lists every codebook label for text on stdin, storing nothing', () => {
    const before = json<{ passages: number }>(['stats']).passages;
    const out = json<{ factors: { id: string; score: number; predicted: boolean; evidence: string[] }[]; themes: unknown[] }>(
      ['classify', '-'],
      'Huvudmannen har inga rutiner för att följa upp elevernas långa ogiltiga frånvaro, och elevhälsoteamet kopplas in alldeles för sent.',
    );
    expect(out.factors).toHaveLength(7);
    expect(out.themes.length).toBeGreaterThanOrEqual(10);
    expect(json<{ passages: number }>(['stats']).passages).toBe(before);
    const empty = cli(['classify', '-'], '   ');
    expect(empty.code).not.toBe(0);
    expect(empty.err).toMatch(/ingen text/);
  }, 60_000);

  it('review changes the labels, refuses unknown ids, and train/reclassify report what they did', () => {
    const pid = json<{ hits: { passageId: string }[] }>(['search', 'frånvaro', '--limit', '1']).hits[0]!.passageId;
    const r = json<{ targetKind: string; labelId: string; positive: boolean; reviewer: string }>(['review', pid, '--add', 'vardnadshavare', '--by', 'Anna']);
    expect(r).toMatchObject({ targetKind: 'passage', labelId: 'vardnadshavare', positive: true, reviewer: 'Anna' });
    const bad = cli(['review', pid, '--add', 'finns-inte']);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/okänd etikett/);
    const trained = json<{ modelId: number | null; reviewedLabels: number; reclassified?: { passages: number } }>(['train']);
    expect(trained.modelId).toBeTypeOf('number');
    expect(trained.reclassified?.passages).toBe(json<{ passages: number }>(['stats']).passages);
    const re = json<{ notes: number; passages: number }>(['reclassify']);
    expect(re.notes).toBe(177);
    // The review survived both.
    const filtered = json<{ hits: { passageId: string }[] }>(['search', 'frånvaro', '--limit', '50', '--theme', 'vardnadshavare']);
    expect(filtered.hits.map((h) => h.passageId)).toContain(pid);
  }, 180_000);

  it('report: JSON rows per group, CSV, xlsx and SVG exports', async () => {
    const rep = json<{ rows: { group: string; label: string; dialogues: number; n: number; share: number; low: number; high: number; reviewedShare: number | null }[] }>([
      'report', 'factors', '--by', 'typ',
    ]);
    expect(new Set(rep.rows.map((r) => r.group))).toEqual(new Set(['enskild', 'offentlig']));
    expect(rep.rows).toHaveLength(14);
    // Every share with its 95 % interval and n (#13); the decided count stays beside it.
    for (const r of rep.rows) {
      expect(r.low).toBeLessThanOrEqual(r.share);
      expect(r.high).toBeGreaterThanOrEqual(r.share);
      expect(r.dialogues).toBeLessThanOrEqual(r.n);
      expect(r.n).toBeGreaterThan(0);
    }
    const table = cli(['report', 'factors', '--by', 'typ']);
    expect(table.out).toMatch(/^grupp\s+etikett\s+andel\s+95 % intervall\s+n$/m);
    expect(table.out).toMatch(/^offentlig\s+.+\s\d+ %\s+\d+ %–\d+ %\s+\d+$/m);

    // An explicit --format json prints JSON even without --json (#13).
    const explicit = cli(['report', 'factors', '--by', 'typ', '--format', 'json']);
    expect(explicit.code, explicit.err).toBe(0);
    expect((JSON.parse(explicit.out) as { rows: unknown[] }).rows.length).toBeGreaterThan(0);
    const csv = cli(['report', 'themes', '--by', 'endast-forskola', '--format', 'csv']);
    expect(csv.code, csv.err).toBe(0);
    const records = parse(csv.out.replace(/^\uFEFF/, ''), { delimiter: ';', columns: true }) as Record<string, string>[];
    expect(records.length).toBeGreaterThan(10);

    const xlsx = join(t.dir, 'rapport.xlsx');
    expect(cli(['report', 'factors', '--by', 'storlek', '--format', 'xlsx', '--out', xlsx]).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    expect(wb.worksheets[0]!.rowCount).toBeGreaterThan(7);

    const svg = join(t.dir, 'rapport.svg');
    expect(cli(['report', 'factors', '--by', 'typ', '--format', 'svg', '--out', svg]).code).toBe(0);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);

    const wrong = cli(['report', 'factors', '--by', 'kommunstorlek']);
    expect(wrong.code).not.toBe(0);
    expect(wrong.err).toMatch(/okänd indelning/);
  }, 120_000);

  it('followups: the huvudmän whose latest approved återkoppling was 5–7 months ago, oldest first, as text, JSON and CSV', async () => {
    // The oracle, read from the fixture files themselves: latest approved återkoppling per huvudman.
    const latest = new Map<string, { datum: string; region: string }>();
    for (const file of await listImportFiles([resolve('corpus/fixtures'), resolve('corpus/personal-data')]))
      for (const b of await readSource(file))
        for (const n of b.notes)
          if (n.typ === 'aterkoppling' && n.status === 'godkand' && n.datum > (latest.get(b.huvudman.id)?.datum ?? ''))
            latest.set(b.huvudman.id, { datum: n.datum, region: b.huvudman.region });
    const due = (from: string, to: string, region?: string) =>
      [...latest].filter(([, a]) => a.datum >= from && a.datum <= to && (!region || a.region === region)).sort(([ha, a], [hb, b]) => a.datum.localeCompare(b.datum) || ha.localeCompare(hb)).map(([id]) => id);

    const r = json<{ window: { from: string; to: string }; followups: { huvudmanId: string; aterkoppling: { datum: string }; needs: unknown[]; sinceDialogue: { text: string }[] }[] }>(['followups', '--today', '2026-12-08']);
    expect(r.window).toEqual({ from: '2026-05-08', to: '2026-07-08' });
    expect(r.followups.map((f) => f.huvudmanId)).toEqual(due('2026-05-08', '2026-07-08'));
    expect(r.followups.length).toBeGreaterThan(0);
    for (const f of r.followups) expect(f.sinceDialogue.length).toBeGreaterThan(0);
    const wide = json<{ followups: { huvudmanId: string }[] }>(['followups', '--from', '2025-01-01', '--to', '2026-12-31', '--region', 'Malmö']);
    expect(wide.followups.map((f) => f.huvudmanId)).toEqual(due('2025-01-01', '2026-12-31', 'Malmö'));
    const text = cli(['followups', '--today', '2026-12-08']);
    expect(text.out).toMatch(/^\d+ uppföljningar, återkoppling 2026-05-08 – 2026-07-08/);
    expect(text.out).toMatch(/Behov: /);
    const csv = parse(cli(['followups', '--today', '2026-12-08', '--format', 'csv']).out, { bom: true, delimiter: ';', columns: true }) as Record<string, string>[];
    expect(csv.map((row) => row['Huvudman (id)'])).toEqual(due('2026-05-08', '2026-07-08'));
    expect(Object.keys(csv[0]!)).toEqual(expect.arrayContaining(['Återkoppling (datum)', 'Prioriterad fråga', 'Behov', 'Sedan dialogen (återkopplingen)']));
    const bad = cli(['followups', '--from', '2026-13-40x']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/ÅÅÅÅ-MM-DD/);
  });

  it('networks: the invitation list by the rule, and groups more alike in needs than random groups', async () => {
    const rule = new Set<string>();
    for (const file of await listImportFiles([resolve('corpus/fixtures'), resolve('corpus/personal-data')]))
      for (const b of await readSource(file)) {
        const h = b.huvudman;
        const size = h.antal_barn_elever ?? null;
        if (h.typ === 'enskild' && h.skolformer.length > 0 && h.skolformer.every((x) => x === 'forskola') && size !== null && size <= 50) rule.add(h.id);
      }
    const r = json<{ invited: { huvudmanId: string; antalBarn: number }[]; groups: { members: { huvudmanId: string }[]; agenda: unknown[] }[]; similarity: { proposed: number; random: number } }>(['networks', '--size', '6']);
    expect(r.invited.map((m) => m.huvudmanId).sort()).toEqual([...rule].sort());
    expect(r.invited.length).toBeGreaterThan(20);
    expect(r.groups.flatMap((g) => g.members.map((m) => m.huvudmanId)).sort()).toEqual([...rule].sort());
    for (const g of r.groups) expect(g.members.length).toBeGreaterThanOrEqual(4);
    expect(r.similarity.proposed).toBeGreaterThan(r.similarity.random + 0.1);
    const csv = cli(['networks', '--size', '6', '--format', 'csv']).out;
    expect(csv).toMatch(/Huvudman \(id\);Huvudman;Region;Kommun;Antal barn;Föreslagen grupp;Behov/);
    expect(csv).toMatch(/Gemensamma behov \(förslag till dagordning\)/);
  });

  it('quotes, emerging, brief and target answer with their reports', () => {
    const q = json<{ quotes: { huvudmanId: string; text: string }[] }>(['quotes', '--theme', 'elevhalsa', '--limit', '10']);
    expect(q.quotes.length).toBe(10);
    expect(new Set(q.quotes.map((x) => x.huvudmanId)).size).toBeGreaterThanOrEqual(7);
    const e = json<{ clusters: { size: number; terms: unknown[] }[] }>(['emerging']);
    expect(Array.isArray(e.clusters)).toBe(true);
    const hm = q.quotes[0]!.huvudmanId;
    const b = json<{ huvudman: { id: string }; needs: unknown[]; similar: unknown[] }>(['brief', hm]);
    expect(b.huvudman.id).toBe(hm);
    expect(b.similar.length).toBeGreaterThan(0);
    const tg = json<{ total: number; huvudman: { huvudmanId: string }[]; byRegion: { huvudman: number }[] }>([
      'target', 'Fortbildning', 'om', 'tillgängliga', 'lärmiljöer', 'i', 'förskolan', '--limit', '5',
    ]);
    expect(tg.huvudman.length).toBe(5);
    expect(tg.byRegion.reduce((a, r) => a + r.huvudman, 0)).toBe(tg.total);
    const missing = cli(['brief', 'hm-9999']);
    expect(missing.code).not.toBe(0);
    expect(missing.err).toMatch(/finns inte/);
  }, 180_000);
});
