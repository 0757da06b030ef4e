// Inter-annotator agreement on the need rule (docs/annotation.md): the second annotator's labels
// for a random sample of gold paragraphs (eval/data/annotation/) against the re-checked gold
// (corpus/gold-needs/), and, for contrast, against the old mention-level gold (corpus/gold/).
//
//   npm run -s eval:agreement
//
// Cohen's κ over (paragraph, label) yes/no decisions, pooled over the factors and over the themes,
// and per label; also the labels per paragraph each side gives.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadCodebook } from '../src/codebook/index.js';

type Labels = { factors: string[]; themes: string[] };
const root = resolve(import.meta.dirname, '..');
const read = <T>(p: string) => JSON.parse(readFileSync(join(root, p), 'utf8')) as T;

function goldParagraphs(dir: string): Map<string, Labels> {
  const out = new Map<string, Labels>();
  for (const f of readdirSync(join(root, dir)).filter((x) => x.endsWith('.json'))) {
    for (const n of read<{ note_id: string; paragraphs: Labels[] }[]>(join(dir, f))) n.paragraphs.forEach((p, i) => out.set(`${n.note_id}#${i}`, p));
  }
  return out;
}

export function cohenKappa(a: boolean[], b: boolean[]): number {
  const n = a.length;
  let agree = 0;
  let pa = 0;
  let pb = 0;
  for (let i = 0; i < n; i++) {
    if (a[i] === b[i]) agree++;
    if (a[i]) pa++;
    if (b[i]) pb++;
  }
  const po = agree / n;
  const pe = (pa / n) * (pb / n) + (1 - pa / n) * (1 - pb / n);
  return pe === 1 ? 1 : (po - pe) / (1 - pe);
}

const cb = loadCodebook();
const sample = read<{ items: { key: string }[] }>('eval/data/annotation/sample.json').items.map((i) => i.key);
const second = new Map(read<{ items: ({ key: string } & Labels)[] }>('eval/data/annotation/second-annotator.json').items.map((i) => [i.key, i]));

function compare(name: string, gold: Map<string, Labels>) {
  const keys = sample.filter((k) => gold.has(k) && second.has(k));
  const row = (ids: string[], kind: 'factors' | 'themes') => {
    const a: boolean[] = [];
    const b: boolean[] = [];
    for (const k of keys) for (const id of ids) {
      a.push(gold.get(k)![kind].includes(id));
      b.push(second.get(k)![kind].includes(id));
    }
    return cohenKappa(a, b);
  };
  const density = (m: (k: string) => Labels, kind: 'factors' | 'themes') => keys.reduce((s, k) => s + m(k)[kind].length, 0) / keys.length;
  console.log(`\n## Second annotator against ${name} (${keys.length} paragraphs)\n`);
  console.log('| | κ | labels per paragraph, gold | second annotator |');
  console.log('|---|---|---|---|');
  for (const kind of ['factors', 'themes'] as const) {
    const ids = (kind === 'factors' ? cb.factors : cb.themes).map((e) => e.id);
    console.log(`| ${kind === 'factors' ? 'factors (7)' : `themes (${ids.length})`} | ${row(ids, kind).toFixed(2)} | ${density((k) => gold.get(k)!, kind).toFixed(2)} | ${density((k) => second.get(k)!, kind).toFixed(2)} |`);
  }
  console.log('\n| factor | κ |\n|---|---|');
  for (const f of cb.factors) console.log(`| ${f.id} | ${row([f.id], 'factors').toFixed(2)} |`);
}

compare('the re-checked gold (corpus/gold-needs)', goldParagraphs('corpus/gold-needs'));
compare('the old mention-level gold (corpus/gold)', goldParagraphs('corpus/gold'));
