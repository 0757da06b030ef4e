// Benchmark of the analytics reports on a generated corpus (default 100,000 passages): each report
// timed as the CLI runs it (reading the store itself), plus the shared read on its own. The
// generated bundles carry no labels; unless the database already has predictions, seeded
// synthetic ones are written (every label on every passage with a score, as a classifier that
// stores all its scores would: the heaviest case for the counting), and reviewed note labels on a
// tenth of the notes.
// Usage: npx tsx bench/analytics.ts [--passages 100000] [--db FILE (kept and reused)] [--runs 3]
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import {
  changeReport,
  cooccurrenceReport,
  emergingThemes,
  exportReport,
  factorReport,
  loadDataset,
  preDialogueBrief,
  quotes,
  targetSupport,
  themeReport,
} from '../src/analytics/index.js';
import { loadCodebook } from '../src/codebook/index.js';
import { Service } from '../src/service.js';
import { checkpoint } from '../src/store/db.js';
import { seededRandom } from '../src/util/seeded-random.js';
import { generateCorpus } from './generate.js';
import { argOf, ms, numArg } from './timing.js';

const passages = numArg('passages', 100_000);
const runs = numArg('runs', 3);
const keepDb = argOf('db');

function synthesizeLabels(service: Service): { rows: number } {
  const c = service.db.$client;
  const have = c.prepare(`SELECT count(*) FROM label WHERE source = 'predicted'`).pluck().get() as number;
  if (have > 0) return { rows: 0 };
  const ids = loadCodebook().all.map((e) => e.id);
  // Some labels are much more common than others, as in the agencies' report.
  const weight = ids.map((_, i) => 0.5 / (1 + i * 0.35));
  const rand = seededRandom(123);
  const now = new Date().toISOString();
  const notes = c.prepare(`SELECT id FROM note WHERE status = 'godkand'`).pluck().all() as string[];
  const pOf = c.prepare(`SELECT id FROM passage WHERE note_id = ? ORDER BY ord`).pluck();
  const ins = c.prepare(`INSERT INTO label (target_kind, target_id, note_id, label_id, source, positive, score, reviewer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  let rows = 0;
  c.transaction(() => {
    for (const noteId of notes) {
      const noteMax = new Float64Array(ids.length);
      for (const pid of pOf.all(noteId) as string[]) {
        ids.forEach((l, k) => {
          const positive = rand() < weight[k]! * 0.3;
          const score = positive ? 0.5 + 0.5 * rand() : 0.3 * rand() * rand();
          noteMax[k] = Math.max(noteMax[k]!, score);
          ins.run('passage', pid, noteId, l, 'predicted', positive ? 1 : 0, Math.round(score * 1000) / 1000, null, now);
          rows++;
        });
      }
      ids.forEach((l, k) => {
        ins.run('note', noteId, noteId, l, 'predicted', noteMax[k]! >= 0.5 ? 1 : 0, Math.round(noteMax[k]! * 1000) / 1000, null, now);
        rows++;
      });
      if (rand() < 0.1)
        for (const k of [0, 1, 7 + Math.floor(rand() * 10)]) {
          ins.run('note', noteId, noteId, ids[k]!, 'reviewed', rand() < 0.8 ? 1 : 0, null, 'bench', now);
          rows++;
        }
    }
  })();
  service.catalog.invalidate();
  return { rows };
}

const dir = mkdtempSync(join(tmpdir(), 'dk-bench-analytics-'));
const dbFile = keepDb ?? join(dir, 'bench.db');
try {
  const fresh = !existsSync(dbFile);
  const service = await Service.open({ db: dbFile });
  let setup = '';
  if (fresh) {
    let t = process.hrtime.bigint();
    const gen = generateCorpus(join(dir, 'corpus'), passages);
    const genS = ms(t) / 1000;
    t = process.hrtime.bigint();
    const rep = await service.ingest([join(dir, 'corpus')], { onProgress: (d, n) => d % 20 === 0 && process.stderr.write(`\ringest ${d}/${n}`) });
    process.stderr.write('\n');
    setup = `generated ${gen.huvudman} huvudmän in ${genS.toFixed(1)} s; ingested ${rep.passages} passages in ${(ms(t) / 1000).toFixed(1)} s`;
  }
  let t = process.hrtime.bigint();
  const syn = synthesizeLabels(service);
  if (syn.rows) setup += `; wrote ${syn.rows} synthetic label rows in ${(ms(t) / 1000).toFixed(1)} s`;
  checkpoint(service.db); // as after a closed ingest: the WAL folded into the database file
  console.error(setup);

  const c = service.db.$client;
  const counts = {
    passages: c.prepare(`SELECT count(*) FROM passage`).pluck().get() as number,
    dialogues: c.prepare(`SELECT count(*) FROM dialog`).pluck().get() as number,
    labels: c.prepare(`SELECT count(*) FROM label`).pluck().get() as number,
  };
  const someHm = c.prepare(`SELECT huvudman_id FROM dialog GROUP BY huvudman_id ORDER BY count(*) DESC, huvudman_id LIMIT 1`).pluck().get() as string;
  const course =
    'Kurs om tillgängliga lärmiljöer för rektorer och elevhälsa: från individfokus till en lärmiljö för alla barn och elever, extra anpassningar och särskilt stöd, och hur huvudmannen följer upp arbetet.';

  const results: { name: string; times: number[]; note: string }[] = [];
  const time = async (name: string, fn: () => unknown | Promise<unknown>, note: (r: unknown) => string = () => '') => {
    const times: number[] = [];
    let last: unknown;
    for (let i = 0; i < runs; i++) {
      const s = process.hrtime.bigint();
      last = await fn();
      times.push(ms(s));
    }
    results.push({ name, times, note: note(last) });
    process.stderr.write(`${name}: ${Math.min(...times).toFixed(0)} ms\n`);
  };

  await time('read approved notes + labels, decide (shared by all reports)', () => loadDataset(service.db), (d) => `${(d as { dialogues: unknown[] }).dialogues.length} dialogues`);
  const ds = loadDataset(service.db);
  for (const by of ['alla', 'typ', 'storlek', 'endast-forskola', 'skolform', 'region', 'cykel', 'omgang', 'typ,storlek'])
    await time(`report factors --by ${by}`, () => factorReport(service.db, { by }), (r) => `${(r as { rows: unknown[] }).rows.length} rows`);
  await time('report themes --by typ', () => themeReport(service.db, { by: 'typ' }));
  await time('report factors --by region (dataset already read)', () => factorReport(service.db, { by: 'region', dataset: ds }));
  // The dashboard as the API serves it: the dataset is cached per store version, so a page view
  // costs the counting and the intervals (share, low, high, n per cell) only.
  await time('dashboard: factors --by typ with 95 % intervals (dataset already read)', () => factorReport(service.db, { by: 'typ', dataset: ds }), (r) => `${(r as { rows: unknown[] }).rows.length} cells`);
  await time('dashboard: themes --by region with 95 % intervals (dataset already read)', () => themeReport(service.db, { by: 'region', dataset: ds }), (r) => `${(r as { rows: unknown[] }).rows.length} cells`);
  await time('dashboard: factors --by typ,storlek with 95 % intervals (dataset already read)', () => factorReport(service.db, { by: 'typ,storlek', dataset: ds }), (r) => `${(r as { rows: unknown[] }).rows.length} cells`);
  await time('co-occurrence of factors', () => cooccurrenceReport(service.db, 'factor'));
  await time('change between cycles, themes, by typ', () => changeReport(service.db, 'theme', { by: 'typ', period: 'cykel' }));
  await time('change between rounds (cykel:omgång), factors', () => changeReport(service.db, 'factor', { period: 'cykel-omgang' }));
  const factorsTyp = factorReport(service.db, { by: 'typ' });
  await time('export factors --by typ as csv', () => exportReport(factorsTyp, 'csv'));
  await time('export factors --by typ as xlsx', () => exportReport(factorsTyp, 'xlsx'));
  await time('export factors --by typ as svg', () => exportReport(factorsTyp, 'svg'));
  await time('quotes --factor roll-och-ansvar', () => quotes(service, { factor: 'roll-och-ansvar' }), (r) => `${(r as { candidates: number }).candidates} candidates, ${(r as { huvudman: number }).huvudman} huvudmän in 10 quotes`);
  await time('quotes --theme narvaro', () => quotes(service, { theme: 'narvaro' }));
  await time('quotes --query "elevhälsans förebyggande arbete"', () => quotes(service, { query: 'elevhälsans förebyggande arbete' }));
  await time('emerging', () => emergingThemes(service.db), (r) => {
    const e = r as { poorlyFitting: number; clustered: number; k: number; clusters: unknown[] };
    return `${e.poorlyFitting} poorly fitting, ${e.clustered} clustered, k = ${e.k}, ${e.clusters.length} clusters kept`;
  });
  await time(`brief ${someHm}`, () => preDialogueBrief(service, someHm));
  await time('target <course text>', () => targetSupport(service, { text: course }), (r) => `${(r as { total: number }).total} huvudmän`);
  await time('target --factor kompensatoriska-insatser --theme tillganglig-larmiljo', () =>
    targetSupport(service, { factors: ['kompensatoriska-insatser'], themes: ['tillganglig-larmiljo'] }), (r) => `${(r as { total: number }).total} huvudmän`);

  const peak = process.resourceUsage().maxRSS / 1024;
  console.log(`\n## Analytics benchmark (${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB)`);
  console.log(`\n${counts.passages} passages, ${counts.dialogues} dialogues, ${counts.labels} label rows. Each report as the CLI runs it (it reads the store itself), best and median of ${runs} runs.\n`);
  console.log(`| report | best | median | |\n|---|---:|---:|---|`);
  for (const r of results) {
    const s = [...r.times].sort((a, b) => a - b);
    console.log(`| ${r.name} | ${s[0]!.toFixed(0)} ms | ${s[Math.floor(s.length / 2)]!.toFixed(0)} ms | ${r.note} |`);
  }
  console.log(`\npeak RSS ${peak.toFixed(0)} MiB`);
  service.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
