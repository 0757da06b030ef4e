// Evaluates the Swedish compound splitter (src/text/compounds.ts) against eval/data/compounds.tsv.
// Run: npx tsx eval/compounds.ts   (add --all to list every word, not only the failures)
//
// Gold: one word per line, its expected parts in base form joined by "+"; a single part means the
// word must not be split. See the file's header for the rules the gold follows.
//
// Metrics:
// - Parts (exact): every word contributes the multiset of its parts when it is split (two or more
//   parts) and nothing when it is not. Precision = matched predicted parts / predicted parts;
//   recall = matched gold parts / gold parts, over all words. A part matches a part with the same
//   lemma (each part matches at most once). So a wrongly split non-compound costs precision only, an
//   unsplit compound costs recall only, and a wrong lemma (hälso for hälsa) costs both.
// - Parts (stem): the same, with both sides passed through stem() (src/text/stem.ts) first, which
//   is what matters for search: "främja"/"främjande" or a lemma choice the stemmer conflates count as
//   a match.
// - Split decision: precision/recall of "this word is a compound" (split vs. not split).
// - Exact words: share of words whose predicted part list equals the gold list.
import { readFileSync } from 'node:fs';
import { splitCompound } from '../src/text/compounds.js';
import { stem } from '../src/text/stem.js';

interface Gold {
  word: string;
  parts: string[];
}

function readGold(path: string): Gold[] {
  const out: Gold[] = [];
  for (const raw of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [word, parts] = line.split('\t');
    if (!word || !parts) throw new Error(`bad gold line: ${raw}`);
    out.push({ word: word.normalize('NFC'), parts: parts.normalize('NFC').split('+') });
  }
  return out;
}

function matched(predicted: string[], gold: string[]): number {
  const left = [...gold];
  let n = 0;
  for (const p of predicted) {
    const i = left.indexOf(p);
    if (i >= 0) {
      left.splice(i, 1);
      n++;
    }
  }
  return n;
}

function ratio(a: number, b: number): string {
  return b ? `${((100 * a) / b).toFixed(1)}%` : 'n/a';
}

const gold = readGold(new URL('./data/compounds.tsv', import.meta.url).pathname);
const showAll = process.argv.includes('--all');

const t0 = performance.now();
const predictions = gold.map((g) => splitCompound(g.word));
const elapsed = performance.now() - t0;

const totals = { pred: 0, gold: 0, exact: 0, stem: 0, tp: 0, fp: 0, fn: 0, words: 0 };
const failures: string[] = [];
gold.forEach((g, k) => {
  const predicted = predictions[k] ?? [];
  const p = predicted.length > 1 ? predicted : [];
  const q = g.parts.length > 1 ? g.parts : [];
  totals.pred += p.length;
  totals.gold += q.length;
  totals.exact += matched(p, q);
  totals.stem += matched(p.map(stem), q.map(stem));
  if (p.length && q.length) totals.tp++;
  else if (p.length) totals.fp++;
  else if (q.length) totals.fn++;
  const ok = predicted.join('+') === g.parts.join('+');
  if (ok) totals.words++;
  if (!ok || showAll) failures.push(`${ok ? '  ok  ' : 'FAIL  '}${g.word.padEnd(28)} gold ${g.parts.join('+').padEnd(32)} got ${predicted.join('+')}`);
});

const compounds = gold.filter((g) => g.parts.length > 1).length;
console.log(`Compound splitter on ${gold.length} words (${compounds} compounds, ${gold.length - compounds} non-compounds)`);
console.log(`(first call loads the lexicon; ${elapsed.toFixed(0)} ms for all words)\n`);
console.log(`Parts, exact lemma : precision ${ratio(totals.exact, totals.pred)}  recall ${ratio(totals.exact, totals.gold)}`);
console.log(`Parts, by stem     : precision ${ratio(totals.stem, totals.pred)}  recall ${ratio(totals.stem, totals.gold)}`);
console.log(`Split decision     : precision ${ratio(totals.tp, totals.tp + totals.fp)}  recall ${ratio(totals.tp, totals.tp + totals.fn)}  (false splits ${totals.fp}, missed ${totals.fn})`);
console.log(`Exact words        : ${ratio(totals.words, gold.length)} (${totals.words}/${gold.length})\n`);
if (failures.length) console.log(failures.join('\n'));
