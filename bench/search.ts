// Benchmark: ingest a generated corpus (default 100,000 passages) and measure embedding throughput,
// ingest and index build time, hybrid search latency with and without filters, HNSW recall@10
// against exact search, and peak memory. Usage: npm run -s bench:search [-- --passages 100000]
// [--queries 200] [--db FILE]. With --db the database (and its .hnsw index) is kept: a missing
// file is generated and ingested, and the ingest figures are written next to it (FILE.ingest.json)
// for bench:classify; an existing file is reused (no ingest; its recorded ingest figures printed).
// The time classification takes inside ingest is measured too (the classifier's classifyPassages
// calls, sentence embeddings included).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Service } from '../src/service.js';
import { VectorIndex } from '../src/search/vector-index.js';
import { benchQueries, generateCorpus, LATENCY_FILTERS, sentencePool } from './generate.js';
import { argOf, load, ms, numArg, pct, timedIngest, type IngestRecord } from './timing.js';

const passages = numArg('passages', 100_000);
const queries = numArg('queries', 200);
const dbArg = argOf('db');

const dir = mkdtempSync(join(tmpdir(), 'dk-bench-'));
const dbFile = dbArg ?? join(dir, 'bench.db');
const recordFile = dbFile + '.ingest.json';
try {
  const reuse = dbArg !== undefined && existsSync(dbFile);
  let t0 = process.hrtime.bigint();
  if (!reuse) {
    const gen = generateCorpus(join(dir, 'corpus'), passages);
    console.log(`generated ${gen.huvudman} huvudmän in ${gen.files} files (${(ms(t0) / 1000).toFixed(1)} s)`);
  }

  const service = await Service.open({ db: dbFile });
  // Embedding throughput on its own, on 5,000 generated passages.
  const sample = sentencePool().slice(0, 1000);
  const texts = Array.from({ length: 5000 }, (_, i) => `${sample[i % sample.length]} ${sample[(i * 7) % sample.length]}`);
  const loadEmbed = load();
  let t = process.hrtime.bigint();
  await service.embedder.embedPassages(texts);
  const embedRate = texts.length / (ms(t) / 1000);
  console.error(`embedding: ${embedRate.toFixed(0)} passages/s (load ${loadEmbed} → ${load()})`);

  let rec: IngestRecord;
  if (reuse) {
    rec = JSON.parse(readFileSync(recordFile, 'utf8')) as IngestRecord;
    console.error(`reusing ${dbFile} (ingested ${rec.date})`);
  } else {
    rec = await timedIngest(service, join(dir, 'corpus'), embedRate);
    if (dbArg) writeFileSync(recordFile, JSON.stringify(rec, null, 2));
  }
  console.error(`ingest: ${rec.passages} passages in ${rec.ingestS.toFixed(1)} s, classification ${rec.classifyS.toFixed(1)} s of it`);
  const ingestS = rec.ingestS;

  const loadBuild = load();
  t = process.hrtime.bigint();
  const fresh = VectorIndex.open(service.db, null, service.embedder.dim, service.embedder.modelId);
  const buildS = ms(t) / 1000;
  console.error(`HNSW build: ${buildS.toFixed(1)} s (load ${loadBuild} → ${load()})`);

  const qs = benchQueries(queries);
  const lat = async (filters: Record<string, unknown>) => {
    const times: number[] = [];
    for (const q of qs) {
      const s = process.hrtime.bigint();
      await service.searcher.search({ query: q, limit: 10, filters });
      times.push(ms(s));
    }
    return { p50: pct(times, 50), p95: pct(times, 95) };
  };
  await lat({}); // warm-up
  const loadSearch = load();
  const latencies = [];
  for (const f of LATENCY_FILTERS) latencies.push({ label: f.label, ...(await lat(f.filters)) });
  const loadSearchAfter = load();

  let hit = 0;
  const recallQs = qs.slice(0, 100);
  for (const q of recallQs) {
    const v = await service.embedder.embedQuery(q);
    const approx = new Set(fresh.search(v, 10).map((h) => h.num));
    for (const h of fresh.exact(v, 10)) if (approx.has(h.num)) hit++;
  }
  const recall = hit / (recallQs.length * 10);

  const peak = process.resourceUsage().maxRSS / 1024;
  console.log(`\n## Search benchmark (${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, model ${service.embedder.modelId})`);
  console.log(`| measure | value |\n|---|---|`);
  console.log(`| passages ingested | ${rec.passages} (${rec.errors} errors) |`);
  console.log(`| embedding throughput | ${embedRate.toFixed(0)} passages/s |`);
  console.log(`| full ingest (parse, redact, split, embed, classify, FTS, store) | ${ingestS.toFixed(1)} s (${(rec.passages / ingestS).toFixed(0)} passages/s)${reuse ? `, recorded ${rec.date.slice(0, 10)}` : ''} |`);
  console.log(`| of which classification (sentence embeddings + features + scoring) | ${rec.classifyS.toFixed(1)} s (${((100 * rec.classifyS) / ingestS).toFixed(0)} % of ingest, ${(rec.classifyPassages / rec.classifyS).toFixed(0)} passages/s) |`);
  console.log(`| load average during ingest (1/5/15 min, before → after) | ${rec.loadBefore} → ${rec.loadAfter} |`);
  console.log(`| HNSW index build from stored vectors | ${buildS.toFixed(1)} s (load ${loadBuild}) |`);
  for (const l of latencies) console.log(`| hybrid search p50 / p95, ${l.label} | ${l.p50.toFixed(1)} / ${l.p95.toFixed(1)} ms |`);
  console.log(`| load average during the latency runs (before → after) | ${loadSearch} → ${loadSearchAfter} |`);
  console.log(`| HNSW recall@10 vs exact (100 queries) | ${recall.toFixed(3)} |`);
  console.log(`| peak RSS | ${peak.toFixed(0)} MiB |`);
  service.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
