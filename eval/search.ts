// Search evaluation: ingests the fixture corpus into a temporary database and scores lexical-only,
// vector-only and hybrid retrieval against graded judgments (eval/data/search-judgments.json,
// note-level grades 1–3 written by reading the notes). Prints nDCG@10 and recall@20 per mode.
// Usage: npm run -s eval:search [-- --verbose]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { projectRoot } from '../src/store/db.js';
import { Service } from '../src/service.js';
import { mean, ndcgAtK, recallAtK } from './metrics.js';

interface Judged {
  id: string;
  query: string;
  /** true when the query shares no content word with the relevant notes. */
  paraphrase?: boolean;
  judgments: Record<string, number>;
}

const verbose = process.argv.includes('--verbose');
const queries = JSON.parse(readFileSync(resolve(projectRoot, 'eval/data/search-judgments.json'), 'utf8')) as Judged[];
const dir = mkdtempSync(join(tmpdir(), 'dk-eval-search-'));
const service = await Service.open({ db: join(dir, 'eval.db'), memoryIndex: true });
try {
  const rep = await service.ingest([resolve(projectRoot, 'corpus/fixtures')]);
  if (rep.errors.length) throw new Error(`fixture ingest failed: ${JSON.stringify(rep.errors)}`);
  const modes = ['lexical', 'vector', 'hybrid'] as const;
  const rows: Record<string, { ndcg: number[]; recall: number[]; ndcgPara: number[] }> = {};
  for (const mode of modes) {
    rows[mode] = { ndcg: [], recall: [], ndcgPara: [] };
    for (const q of queries) {
      const { hits } = await service.searcher.search({ query: q.query, limit: 20, mode, onePerNote: true });
      const ranked = hits.map((h) => h.noteId);
      const n = ndcgAtK(ranked, q.judgments, 10);
      rows[mode]!.ndcg.push(n);
      rows[mode]!.recall.push(recallAtK(ranked, q.judgments, 20));
      if (q.paraphrase) rows[mode]!.ndcgPara.push(n);
      if (verbose && mode === 'hybrid') console.log(`${q.id}\t${n.toFixed(3)}\t${q.query}\t→ ${ranked.slice(0, 5).join(' ')}`);
    }
  }
  console.log(`Search evaluation: ${queries.length} queries (${queries.filter((q) => q.paraphrase).length} paraphrase), ${rep.passages} passages, model ${service.embedder.modelId}`);
  console.log('mode      nDCG@10  recall@20  nDCG@10 (paraphrase queries)');
  for (const mode of modes) {
    const r = rows[mode]!;
    console.log(`${mode.padEnd(9)} ${mean(r.ndcg).toFixed(3)}    ${mean(r.recall).toFixed(3)}      ${mean(r.ndcgPara).toFixed(3)}`);
  }
} finally {
  service.close();
  rmSync(dir, { recursive: true, force: true });
}
