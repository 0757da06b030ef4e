// Search evaluation: ingests the fixture corpus into a temporary database and scores lexical-only,
// vector-only and hybrid retrieval against graded judgments (note-level grades 1–3):
//   - eval/data/search-judgments.json, written by reading the notes, split into a dev half (what
//     the fusion and the other search settings are tuned on) and a test half (nothing is tuned on);
//   - eval/data/search-judgments-blind.json when present: queries written blind (by a writer who
//     had read only the codebook and domain.md) and judged afterwards; never tuned on.
// Paraphrase queries (no content word shared with their relevant notes) get a line of their own.
// Prints nDCG@10 and recall@20 per set and mode.
// Usage: npm run -s eval:search [-- --verbose] [-- --sweep]   (--sweep: fusion settings on dev)
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { projectRoot } from '../src/store/db.js';
import { Service } from '../src/service.js';
import { DEFAULT_FUSION, type ConvexOptions } from '../src/search/fusion.js';
import type { FeedbackOptions } from '../src/search/feedback.js';
import { mean, ndcgAtK, recallAtK } from './metrics.js';

interface Judged {
  id: string;
  query: string;
  /** true when the query shares no content word with the relevant notes. */
  paraphrase?: boolean;
  judgments: Record<string, number>;
}

const verbose = process.argv.includes('--verbose');
const sweep = process.argv.includes('--sweep');
const read = (file: string) => JSON.parse(readFileSync(resolve(projectRoot, file), 'utf8')) as Judged[];

/** Dev and test halves: alternate within paraphrase and other queries, in id order (stable). */
function split(qs: Judged[]): { dev: Judged[]; test: Judged[] } {
  const dev: Judged[] = [];
  const test: Judged[] = [];
  for (const para of [true, false])
    qs.filter((q) => !!q.paraphrase === para)
      .sort((a, b) => a.id.localeCompare(b.id))
      .forEach((q, i) => (i % 2 ? test : dev).push(q));
  return { dev, test };
}

const own = split(read('eval/data/search-judgments.json'));
const blindFile = 'eval/data/search-judgments-blind.json';
const sets: [string, Judged[]][] = [
  ['dev', own.dev],
  ['test', own.test],
  ...(existsSync(resolve(projectRoot, blindFile)) ? ([['blind', read(blindFile)]] as [string, Judged[]][]) : []),
];

const dir = mkdtempSync(join(tmpdir(), 'dk-eval-search-'));
const service = await Service.open({ db: join(dir, 'eval.db'), memoryIndex: true });
type Mode = 'lexical' | 'vector' | 'hybrid';
type Fusion = 'rrf' | ConvexOptions;

async function score(qs: Judged[], mode: Mode, fusion?: Fusion, noteDecay?: number, labelBoost?: { minScore: number; weight: number }, feedback?: FeedbackOptions) {
  const r = { ndcg: [] as number[], recall: [] as number[], para: [] as number[] };
  for (const q of qs) {
    const { hits } = await service.searcher.search({ query: q.query, limit: 20, mode, onePerNote: true }, { fusion, noteDecay, labelBoost, feedback });
    const ranked = hits.map((h) => h.noteId);
    const n = ndcgAtK(ranked, q.judgments, 10);
    r.ndcg.push(n);
    r.recall.push(recallAtK(ranked, q.judgments, 20));
    if (q.paraphrase) r.para.push(n);
    if (verbose && mode === 'hybrid') console.log(`${q.id}\t${n.toFixed(3)}\t${q.query}\t→ ${ranked.slice(0, 5).join(' ')}`);
  }
  return { ndcg: mean(r.ndcg), recall: mean(r.recall), para: r.para.length ? mean(r.para) : NaN, nPara: r.para.length };
}

try {
  const rep = await service.ingest([resolve(projectRoot, 'corpus/fixtures')]);
  if (rep.errors.length) throw new Error(`fixture ingest failed: ${JSON.stringify(rep.errors)}`);
  console.log(`Search evaluation: ${rep.passages} passages, model ${service.embedder.modelId}; fusion ${JSON.stringify(DEFAULT_FUSION)}\n`);
  console.log('| set | queries (paraphrase) | mode | nDCG@10 | recall@20 | nDCG@10 paraphrase |\n|---|---|---|---|---|---|');
  for (const [name, qs] of sets) {
    for (const mode of ['lexical', 'vector', 'hybrid'] as Mode[]) {
      const r = await score(qs, mode);
      const label = mode;
      console.log(`| ${name} | ${qs.length} (${r.nPara}) | ${label} | ${r.ndcg.toFixed(3)} | ${r.recall.toFixed(3)} | ${Number.isNaN(r.para) ? '–' : r.para.toFixed(3)} |`);
    }
  }
  if (sweep) {
    console.log('\nFusion sweep on dev (hybrid):\n\n| fusion | nDCG@10 | paraphrase |\n|---|---|---|');
    const rows: [string, number, number][] = [];
    const rrf = await score(own.dev, 'hybrid', 'rrf');
    rows.push(['rrf', rrf.ndcg, rrf.para]);
    for (const norm of ['minmax', 'max'] as const)
      for (const alpha of [0.3, 0.5, 0.6, 0.7, 0.8])
        for (const coveragePower of [0, 1]) {
          const r = await score(own.dev, 'hybrid', { alpha, coveragePower, norm });
          rows.push([`convex ${norm} α ${alpha}, coverage^${coveragePower}`, r.ndcg, r.para]);
        }
    for (const docs of [3, 5, 10])
      for (const [terms, rocchio] of [[10, 0], [0, 0.5], [10, 0.5], [20, 1]] as const)
        for (const weight of [0.5, 1]) {
          const r = await score(own.dev, 'hybrid', undefined, undefined, undefined, { docs, terms, weight, rocchio });
          rows.push([`feedback: ${docs} passages, ${terms} terms, Rocchio ${rocchio}, weight ${weight}`, r.ndcg, r.para]);
        }
    for (const minScore of [0.3, 0.5, 0.7])
      for (const weight of [0.5, 1, 2, 3, 5]) {
        const r = await score(own.dev, 'hybrid', undefined, undefined, { minScore, weight });
        rows.push([`label boost: classifier score ≥ ${minScore}, weight ${weight}`, r.ndcg, r.para]);
      }
    for (const decay of [0.25, 0.5, 0.75, 1]) {
      const r = await score(own.dev, 'hybrid', undefined, decay);
      rows.push([`note score: best + ${decay}·second + ${decay ** 2}·third`, r.ndcg, r.para]);
    }
    for (const [name, n, p] of rows.sort((a, b) => b[1] - a[1])) console.log(`| ${name} | ${n.toFixed(3)} | ${p.toFixed(3)} |`);
  }
} finally {
  service.close();
  rmSync(dir, { recursive: true, force: true });
}
