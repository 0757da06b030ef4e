// Shared measuring for the benches: their command-line options, load averages, elapsed time, the
// classifier's share of a larger job (its classifyPassages is wrapped, so the job runs unchanged),
// and a timed ingest whose record (FILE.ingest.json) lets later benches reuse the database.
import { loadavg } from 'node:os';
import type { NeedsClassifier } from '../src/classify/classifier.js';
import type { Service } from '../src/service.js';

/** The value after --name on the command line, if given. */
export function argOf(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** A numeric option, or its default. */
export function numArg(name: string, def: number): number {
  const v = argOf(name);
  return v === undefined ? def : Number(v);
}

export const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
export const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

/** The p-th percentile (nearest rank) of xs; NaN for none. */
export const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

export interface ClassifierTimer {
  /** Milliseconds spent in classifyPassages, and passages classified. */
  readonly ms: number;
  readonly passages: number;
  /** Puts the original method back. */
  restore(): void;
}

export function timeClassifier(clf: NeedsClassifier): ClassifierTimer {
  const orig = clf.classifyPassages.bind(clf);
  const timer = { ms: 0, passages: 0, restore: () => void (clf.classifyPassages = orig) };
  clf.classifyPassages = async (ps) => {
    const s = process.hrtime.bigint();
    try {
      return await orig(ps);
    } finally {
      timer.ms += ms(s);
      timer.passages += ps.length;
    }
  };
  return timer;
}

export interface IngestRecord {
  date: string;
  passages: number;
  errors: number;
  files: number;
  ingestS: number;
  classifyS: number;
  classifyPassages: number;
  embedRate: number;
  loadBefore: string;
  loadAfter: string;
}

/** Ingests a generated corpus folder, timing the whole and the classification inside it. */
export async function timedIngest(service: Service, corpusDir: string, embedRate: number): Promise<IngestRecord> {
  const timer = timeClassifier(await service.classifier());
  const loadBefore = load();
  const t = process.hrtime.bigint();
  const startWall = Date.now();
  const rep = await service.ingest([corpusDir], {
    onProgress: (d, n) => {
      if (d % 20 === 0) process.stderr.write(`\ringest ${d}/${n} (${((Date.now() - startWall) / 1000).toFixed(0)} s, load ${load()})`);
    },
  });
  const ingestS = ms(t) / 1000;
  process.stderr.write('\n');
  timer.restore();
  return {
    date: new Date().toISOString(),
    passages: rep.passages,
    errors: rep.errors.length,
    files: rep.imported,
    ingestS,
    classifyS: timer.ms / 1000,
    classifyPassages: timer.passages,
    embedRate,
    loadBefore,
    loadAfter: load(),
  };
}
