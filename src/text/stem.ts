// Stemming: lemmatise (so definite and plural forms meet: styrkedjan -> styrkedja), then apply the
// Snowball/Porter Swedish stemmer of `natural` (styrkedja -> styrkedj).
import { createRequire } from 'node:module';
import { lemmatize } from './lemma.js';

const require = createRequire(import.meta.url);
// The stemmer module alone: importing all of `natural` takes over a second.
const porterSv = require('natural/lib/natural/stemmers/porter_stemmer_sv.js') as { stem(word: string): string };

const MEMO_LIMIT = 200_000;
const memo = new Map<string, string>();

/** The Porter (Snowball) Swedish stem of a word as it is, without lemmatising. */
export function porterStem(word: string): string {
  return porterSv.stem(word.normalize('NFC').toLowerCase());
}

/** The stem of a word: its lemma, stemmed. Forms of one word get one stem. */
export function stem(word: string): string {
  const w = word.normalize('NFC').toLowerCase();
  let s = memo.get(w);
  if (s === undefined) {
    s = porterStem(lemmatize(w));
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(w, s);
  }
  return s;
}
