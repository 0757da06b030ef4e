// Benchmark: classification throughput of the real NeedsClassifier (the service's, with the newest
// trained model or the day-one rule) on a generated corpus (default 100,000 passages), run as
// `reclassify` runs it: approved notes in batches of 100, stored passage vectors reused, every
// sentence embedded, predictions written. The classifier's own time (featurising + scoring) is
// measured apart from the store's (reading passages and vectors, writing predictions). With the
// ingest record that bench:search keeps next to its database (FILE.ingest.json), the share of
// ingest time that classification took is printed too.
//
//   npm run -s bench:classify -- --db FILE [--notes N] [--passages 100000]
//
// --db FILE: a database kept by `bench:search -- --db FILE` (reused; its predictions are
// rewritten). A missing file is generated and ingested first (slow at 100k). Without --db a temp
// database is built and removed. --notes N: only the first N approved notes (by id).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { reclassify } from '../src/classify/reclassify.js';
import { Service } from '../src/service.js';
import { generateCorpus } from './generate.js';
import { argOf, load, ms, numArg, timeClassifier, timedIngest, type IngestRecord } from './timing.js';

const passages = numArg('passages', 100_000);
const noteLimit = argOf('notes') ? Number(argOf('notes')) : undefined;
const dbArg = argOf('db');


const dir = mkdtempSync(join(tmpdir(), 'dk-bench-classify-'));
const dbFile = dbArg ?? join(dir, 'bench.db');
const recordFile = dbFile + '.ingest.json';
try {
  const fresh = !existsSync(dbFile);
  const service = await Service.open({ db: dbFile });
  let rec: IngestRecord | null = existsSync(recordFile) ? (JSON.parse(readFileSync(recordFile, 'utf8')) as IngestRecord) : null;
  if (fresh) {
    generateCorpus(join(dir, 'corpus'), passages);
    rec = await timedIngest(service, join(dir, 'corpus'), NaN);
    if (dbArg) writeFileSync(recordFile, JSON.stringify(rec, null, 2));
  }

  const c = service.db.$client;
  const counts = {
    passages: c.prepare(`SELECT count(*) FROM passage`).pluck().get() as number,
    notes: c.prepare(`SELECT count(*) FROM note WHERE status = 'godkand' AND text IS NOT NULL`).pluck().get() as number,
  };
  let t = process.hrtime.bigint();
  const classifier = await service.classifier();
  const createS = ms(t) / 1000;
  const trained = Object.values(classifier.trainedLabels).filter(Boolean).length;

  // The classifier's own time inside reclassify (featurising with sentence embeddings + scoring).
  const timer = timeClassifier(classifier);
  const noteIds = noteLimit
    ? (c.prepare(`SELECT id FROM note WHERE status = 'godkand' AND text IS NOT NULL ORDER BY id LIMIT ?`).pluck().all(noteLimit) as string[])
    : undefined;
  const loadBefore = load();
  const start = Date.now();
  t = process.hrtime.bigint();
  const rep = await reclassify(service.db, classifier, {
    noteIds,
    onProgress: (d, n) => process.stderr.write(`\rreclassify ${d}/${n} notes (${((Date.now() - start) / 1000).toFixed(0)} s, load ${load()})`),
  });
  const totalS = ms(t) / 1000;
  process.stderr.write('\n');
  service.catalog.invalidate();
  timer.restore();
  const loadAfter = load();

  const peak = process.resourceUsage().maxRSS / 1024;
  const classifyS = timer.ms / 1000;
  console.log(`\n## Classification benchmark (${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}, model ${service.embedder.modelId})`);
  console.log(`\n${counts.passages} passages in ${counts.notes} approved notes in the store; classified ${rep.passages} passages of ${rep.notes} notes as \`reclassify\` does (batches of 100 notes, stored passage vectors, every sentence embedded).\n`);
  console.log(`| measure | value |\n|---|---|`);
  console.log(`| classifier set-up (label prototypes embedded) | ${createS.toFixed(1)} s; ${trained} of ${classifier.labelIds.length} labels with trained weights |`);
  console.log(`| reclassify, end to end (read, classify, write predictions) | ${totalS.toFixed(1)} s (${(rep.passages / totalS).toFixed(0)} passages/s, ${(rep.notes / totalS).toFixed(1)} notes/s) |`);
  console.log(`| of which the classifier (sentence embeddings, features, scoring) | ${classifyS.toFixed(1)} s (${(rep.passages / classifyS).toFixed(0)} passages/s) |`);
  console.log(`| of which the store (passages and vectors read, ${rep.labels} predicted rows written) | ${(totalS - classifyS).toFixed(1)} s |`);
  console.log(`| load average (1/5/15 min, before → after) | ${loadBefore} → ${loadAfter} |`);
  if (rec) {
    console.log(`| classification inside ingest (${rec.date.slice(0, 10)}) | ${rec.classifyS.toFixed(1)} s of ${rec.ingestS.toFixed(1)} s ingest = ${((100 * rec.classifyS) / rec.ingestS).toFixed(0)} % (${(rec.classifyPassages / rec.classifyS).toFixed(0)} passages/s; ingest load ${rec.loadBefore} → ${rec.loadAfter}) |`);
    console.log(`| ingest without classification (estimate: ingest − classification) | ${(rec.ingestS - rec.classifyS).toFixed(1)} s (${(rec.passages / (rec.ingestS - rec.classifyS)).toFixed(0)} passages/s) |`);
  } else console.log(`| share of ingest | no ingest record (${recordFile}); run bench:search with --db first |`);
  console.log(`| peak RSS | ${peak.toFixed(0)} MiB |`);
  service.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
