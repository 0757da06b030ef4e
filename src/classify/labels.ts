// The codebook compiled for matching: every label's phrases (its own phrases plus a short name) as
// phrase words with a weight, and its negative phrases. Pure.
import type { Codebook, CodebookEntry } from '../codebook/index.js';
import { phraseWords, type PhraseWord } from './lexical.js';

export interface CompiledPhrase {
  text: string;
  words: PhraseWord[];
  /** Evidence a match gives on its own, in (0, 1]. */
  weight: number;
}

export interface LabelSpec {
  id: string;
  kind: 'factor' | 'theme';
  entry: CodebookEntry;
  phrases: CompiledPhrase[];
  negative: CompiledPhrase[];
}

/** A single content word says less than a multi-word phrase. */
const SINGLE_WORD_WEIGHT = 0.8;

function contentKey(ws: PhraseWord[]): string {
  return ws
    .filter((w) => !w.stop)
    .map((w) => w.stem)
    .sort()
    .join(' ');
}

/** Names with at most this many content words count as a phrase of their label. */
const MAX_NAME_WORDS = 3;

export function compileLabels(codebook: Codebook): LabelSpec[] {
  const raw = codebook.all.map((e) => {
    const texts = [...(e.phrases ?? [])];
    const nameWords = phraseWords(e.name);
    if (nameWords.filter((w) => !w.stop).length <= MAX_NAME_WORDS) texts.push(e.name);
    const seen = new Set<string>();
    const phrases = texts
      .map((t) => ({ text: t, words: phraseWords(t) }))
      .filter((p) => p.words.some((w) => !w.stop))
      .filter((p) => {
        const k = p.words.map((w) => (w.stop ? w.norm : w.stem)).join(' ');
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
    const negative = (e.negativePhrases ?? []).map((t) => ({ text: t, words: phraseWords(t), weight: 1 })).filter((p) => p.words.length > 0);
    return { e, phrases, negative };
  });
  // A phrase shared by several labels of the same kind (two themes, two factors) is weaker evidence
  // for each of them; a factor sharing a phrase with a theme is no ambiguity (both apply).
  const labelsPerKey = new Map<string, Set<string>>();
  for (const r of raw) for (const p of r.phrases) {
    const k = `${r.e.kind}|${contentKey(p.words)}`;
    if (!labelsPerKey.has(k)) labelsPerKey.set(k, new Set());
    labelsPerKey.get(k)!.add(r.e.id);
  }
  return raw.map((r) => ({
    id: r.e.id,
    kind: r.e.kind,
    entry: r.e,
    negative: r.negative,
    phrases: r.phrases.map((p) => {
      const content = p.words.filter((w) => !w.stop).length;
      const shared = labelsPerKey.get(`${r.e.kind}|${contentKey(p.words)}`)!.size;
      return { ...p, weight: (content >= 2 ? 1 : SINGLE_WORD_WEIGHT) / Math.sqrt(shared) };
    }),
  }));
}
