// Search latency on an existing benchmark database, per component, without rebuilding anything:
// for each filter set of bench:search, hybrid search end to end and, separately, the lexical
// retriever, the query embedding and the vector retriever; and hybrid without the label-aware
// ranking (the query's classification), for a before/after in one run. Usage:
//   npm run -s bench:latency -- --db FILE [--queries 200] [--rounds 2]
// FILE is a database bench:search kept (--db); its .hnsw index is loaded, not rebuilt.
import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { Service } from '../src/service.js';
import { matchesFilters, searchFiltersSchema } from '../src/search/filters.js';
import { lexicalSearch } from '../src/search/lexical-index.js';
import { queryTerms } from '../src/search/query-terms.js';
import { CANDIDATES } from '../src/search/search.js';
import { benchQueries, LATENCY_FILTERS } from './generate.js';
import { argOf, load, ms, numArg, pct } from './timing.js';

const dbFile = argOf('db');
if (!dbFile || !existsSync(dbFile)) {
  console.error('usage: npm run -s bench:latency -- --db FILE (a database kept by bench:search --db FILE)');
  process.exit(2);
}
const queries = numArg('queries', 200);
const rounds = numArg('rounds', 2);

/** How deep each retriever looks, as SearchService does for limit 10. */
const DEPTH = CANDIDATES;

const service = await Service.open({ db: dbFile });
const qs = benchQueries(queries);
for (const q of qs.slice(0, 20)) await service.searcher.search({ query: q, limit: 10 }); // warm-up
const loadBefore = load();
const rows: string[] = [];
for (const { label, filters } of LATENCY_FILTERS) {
  const f = searchFiltersSchema.parse(filters);
  const t = { total: [] as number[], plain: [] as number[], lexical: [] as number[], embed: [] as number[], vector: [] as number[] };
  const allowed = Object.keys(filters).length ? service.catalog.matching(f, matchesFilters) : undefined;
  const accept = allowed && ((num: number) => allowed.has(num));
  for (let r = 0; r < rounds; r++) {
    for (const q of qs) {
      // Before and after label-aware ranking (#15) in the same run: the query classified or not.
      let s = process.hrtime.bigint();
      await service.searcher.search({ query: q, limit: 10, filters }, { labelBoost: { minScore: 0.5, weight: 0 } });
      t.plain.push(ms(s));
      s = process.hrtime.bigint();
      await service.searcher.search({ query: q, limit: 10, filters });
      t.total.push(ms(s));
      s = process.hrtime.bigint();
      lexicalSearch(service.db, queryTerms(q), DEPTH, accept);
      t.lexical.push(ms(s));
      s = process.hrtime.bigint();
      const v = await service.embedder.embedQuery(q);
      t.embed.push(ms(s));
      s = process.hrtime.bigint();
      service.vectors.search(v, DEPTH, allowed);
      t.vector.push(ms(s));
    }
  }
  const cell = (xs: number[]) => `${pct(xs, 50).toFixed(1)} / ${pct(xs, 95).toFixed(1)}`;
  rows.push(`| ${label} | ${allowed?.size ?? service.catalog.size} | **${cell(t.total)}** | ${cell(t.plain)} | ${cell(t.lexical)} | ${cell(t.embed)} | ${cell(t.vector)} |`);
}
console.log(`\n## Search latency (${new Date().toISOString().slice(0, 16)}, ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${service.catalog.size} passages, ${queries} queries × ${rounds}, load ${loadBefore} → ${load()})`);
console.log('| filters | passages allowed | hybrid p50 / p95 ms | hybrid without label-aware ranking | lexical | query embedding | vector |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
service.close();
