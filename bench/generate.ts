// A generated benchmark corpus: N synthetic huvudmän whose notes recombine sentences of the
// approved fixture notes (seeded, so every run builds the same corpus), written as JSON bundles.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import matter from 'gray-matter';
import { splitSentences } from '../src/text/sentences.js';
import { HUVUDMAN_TYPER, REGIONER, SKOLFORMER } from '../src/ingest/vocabulary.js';
import { seededRandom } from '../src/util/seeded-random.js';

function fixtureTexts(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.json') && !e.name.endsWith('.meta.json')) {
        const raw = JSON.parse(readFileSync(full, 'utf8')) as unknown;
        for (const b of (Array.isArray(raw) ? raw : [raw]) as { notes: { status: string; text: string }[] }[])
          for (const n of b.notes) if (n.status === 'godkand') out.push(n.text);
      } else if (e.name.endsWith('.md')) {
        const m = matter(readFileSync(full, 'utf8'), {});
        if (m.data.status === 'godkand') out.push(m.content);
      }
    }
  };
  walk(root);
  return out;
}

export function sentencePool(fixturesDir = resolve('corpus/fixtures')): string[] {
  const pool: string[] = [];
  for (const text of fixtureTexts(fixturesDir)) {
    for (const para of text.split(/\n\s*\n/)) for (const s of splitSentences(para)) pool.push(para.slice(s.start, s.end).trim());
  }
  return pool.filter((s) => s.length > 20);
}

/** Writes bundles with about `passages` passages in total (10 per note, 2 notes per huvudman). */
export function generateCorpus(outDir: string, passages: number, seed = 7): { files: number; huvudman: number } {
  mkdirSync(outDir, { recursive: true });
  const pool = sentencePool();
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const perNote = 10;
  const hmCount = Math.ceil(passages / (perNote * 2));
  const perFile = 50;
  let files = 0;
  for (let f = 0; f * perFile < hmCount; f++) {
    const bundles = [];
    for (let i = f * perFile; i < Math.min(hmCount, (f + 1) * perFile); i++) {
      const typ = rand() < 0.9 ? 'enskild' : pick(HUVUDMAN_TYPER.slice(1));
      const onlyForskola = typ === 'enskild' && rand() < 0.65;
      const skolformer = onlyForskola ? ['forskola'] : [...new Set([pick(SKOLFORMER), pick(SKOLFORMER)])];
      const id = `bench-${i}`;
      const notes = [1, 2].map((k) => ({
        id: `${id}-n${k}`,
        typ: k === 1 ? 'dialog' : 'aterkoppling',
        datum: `202${3 + Math.floor(rand() * 3)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`,
        status: 'godkand',
        text: Array.from({ length: perNote }, () => Array.from({ length: 2 + Math.floor(rand() * 3) }, () => pick(pool)).join(' ')).join('\n\n'),
      }));
      bundles.push({
        huvudman: { id, namn: `Benchhuvudman ${i}`, typ, antal_barn_elever: Math.floor(5 + rand() * (onlyForskola ? 60 : 5000)), skolformer, region: pick(REGIONER) },
        dialog: { cykel: 1 + Math.floor(rand() * 2), omgang: 1 + Math.floor(rand() * 15) },
        notes,
      });
    }
    writeFileSync(join(outDir, `bench-${String(f).padStart(4, '0')}.json`), JSON.stringify(bundles));
    files++;
  }
  return { files, huvudman: hmCount };
}

/** Search queries for the latency benches: 3–7 words from the start of fixture sentences (seeded). */
export function benchQueries(n: number, seed = 99): string[] {
  const rand = seededRandom(seed);
  const pool = sentencePool();
  return Array.from({ length: n }, () => pool[Math.floor(rand() * pool.length)]!.split(/\s+/).slice(0, 3 + Math.floor(rand() * 5)).join(' '));
}

/** The filter sets the latency benches time, from none to selective. */
export const LATENCY_FILTERS: { label: string; filters: Record<string, unknown> }[] = [
  { label: 'no filter', filters: {} },
  { label: 'typ=enskild + endast förskola', filters: { typ: 'enskild', endastForskola: true } },
  { label: 'region + cykel + note type (selective)', filters: { region: 'Luleå', cykel: 2, noteTyp: 'dialog' } },
  { label: 'typ=offentlig (all public types)', filters: { typ: 'offentlig' } },
  { label: 'factor=fortroendefullt-klimat', filters: { factor: 'fortroendefullt-klimat' } },
];
