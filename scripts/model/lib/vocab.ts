/**
 * A small, morphology-first WordPiece vocabulary trainer.
 *
 * 1. Every word type in the training text (and every single-word thesaurus entry, with a small
 *    weight, for coverage of general Swedish) is cut into morphemes by `segment()` — lexicon-driven
 *    compound splitting plus inflection endings from hunspell-sv.
 * 2. Morphemes become candidate pieces: the first one as a word-initial piece, the rest with "##".
 *    Candidates are counted by word frequency (domain text counts `domainBoost` times).
 * 3. The vocabulary is: the five special tokens, every character seen (as "x" and "##x", so no
 *    letter ever becomes [UNK]), the most frequent continuation character bigrams/trigrams (a
 *    fallback for words the lexicon cannot analyse), then the most frequent candidates until the
 *    target size is reached.
 *
 * Inference uses plain greedy longest-match WordPiece; because the vocabulary consists of
 * morphemes, greedy matching reproduces the morpheme cuts for almost all words (the training
 * script reports how often).
 */
import { Lexicon, segment, type Morph } from './lexicon.js';
import { SPECIALS, WordPiece } from './wordpiece.js';

export interface VocabInput {
  /** Word (lower-case, pre-tokenised) → frequency in general text. */
  general: Map<string, number>;
  /** Word → frequency in domain text. */
  domain: Map<string, number>;
  /** Extra words for coverage (thesaurus entries), each counted with `extraWeight`. */
  extra: Iterable<string>;
  lexicon: Lexicon;
  targetSize: number;
  domainBoost: number;
  extraWeight: number;
  ngramPieces: number;
  minCount: number;
}

export interface VocabResult {
  vocab: string[];
  /** Piece → lemma it belongs to (for morphological links in retrofitting). */
  pieceLemma: Map<string, string>;
  /** Word → morpheme segmentation (for the report). */
  segmentations: Map<string, Morph[]>;
}

const piecesOf = (seg: Morph[]) => seg.map((m, i) => (i === 0 ? m.text : '##' + m.text));

export function buildVocab(inp: VocabInput): VocabResult {
  const freq = new Map<string, number>();
  for (const [w, c] of inp.general) freq.set(w, (freq.get(w) ?? 0) + c);
  for (const [w, c] of inp.domain) freq.set(w, (freq.get(w) ?? 0) + c * inp.domainBoost);

  const cand = new Map<string, number>();
  const pieceLemma = new Map<string, string>();
  const segmentations = new Map<string, Morph[]>();
  const chars = new Map<string, number>();
  const ngrams = new Map<string, number>();

  const addWord = (w: string, weight: number) => {
    let seg = segmentations.get(w);
    if (!seg) {
      seg = segment(w, inp.lexicon, freq);
      segmentations.set(w, seg);
    }
    const ps = piecesOf(seg);
    ps.forEach((p, i) => {
      cand.set(p, (cand.get(p) ?? 0) + weight);
      const lemma = seg[i]!.lemma;
      if (lemma && lemma !== seg[i]!.text && !pieceLemma.has(p)) pieceLemma.set(p, lemma);
    });
    const cs = [...w];
    cs.forEach((ch, i) => {
      const key = i === 0 ? ch : '##' + ch;
      chars.set(key, (chars.get(key) ?? 0) + weight);
    });
    for (let i = 1; i < cs.length; i++) {
      for (const len of [2, 3]) {
        if (i + len > cs.length) continue;
        const key = '##' + cs.slice(i, i + len).join('');
        ngrams.set(key, (ngrams.get(key) ?? 0) + weight);
      }
    }
  };

  for (const [w, c] of freq) addWord(w, c);
  for (const w of inp.extra) if (/^\p{L}+$/u.test(w)) addWord(w, inp.extraWeight);

  const vocab: string[] = [...SPECIALS];
  const seen = new Set<string>(vocab);
  const push = (t: string) => {
    if (!seen.has(t)) {
      seen.add(t);
      vocab.push(t);
    }
  };
  const byCount = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));

  // Characters: both forms of every character that occurs at least twice in any position.
  const charSet = new Set<string>();
  for (const [k, c] of chars) if (c >= 2) charSet.add(k.replace(/^##/, ''));
  for (const ch of [...charSet].sort()) {
    push(ch);
    push('##' + ch);
  }
  // Punctuation and symbols are pre-tokenised as single characters: include common ones.
  for (const ch of '.,;:!?-–—()[]{}"\'«»”“’/\\&%§+=*<>|@#$€_~^`°…•'.split('')) push(ch);

  const protectedTokens = new Set(vocab);
  for (const [k] of byCount(ngrams).slice(0, inp.ngramPieces)) push(k);

  const ranked = byCount(cand).filter(([p, c]) => c >= inp.minCount && !seen.has(p));
  const removed = new Set<string>();
  const fill = () => {
    for (const [p] of ranked) {
      if (vocab.length >= inp.targetSize) break;
      if (!removed.has(p)) push(p);
    }
  };
  fill();

  // Greedy longest-match can "steal" letters from the next morpheme when a longer piece exists
  // (kvalitet|s|arbete → kvalitet ##sar ##bete). Pieces that do more harm than good this way are
  // dropped and the vocabulary is refilled, a few rounds.
  for (let round = 0; round < 4; round++) {
    const wp = new WordPiece(vocab);
    const harm = new Map<string, number>();
    const use = new Map<string, number>();
    for (const [w, f] of freq) {
      const dp = piecesOf(segmentations.get(w)!);
      const gr = wp.encodeWord(w);
      let k = 0;
      while (k < gr.length && k < dp.length && gr[k] === dp[k]) k++;
      const bad = k < gr.length && k < dp.length && gr[k]!.replace(/^##/, '').length > dp[k]!.replace(/^##/, '').length ? k : -1;
      gr.forEach((p, i) => {
        if (i === bad) harm.set(p, (harm.get(p) ?? 0) + f);
        else use.set(p, (use.get(p) ?? 0) + f);
      });
    }
    let dropped = 0;
    for (let i = vocab.length - 1; i >= 0; i--) {
      const p = vocab[i]!;
      if (protectedTokens.has(p)) continue;
      if ((harm.get(p) ?? 0) > (use.get(p) ?? 0)) {
        removed.add(p);
        seen.delete(p);
        vocab.splice(i, 1);
        dropped++;
      }
    }
    if (dropped === 0) break;
    fill();
  }
  return { vocab, pieceLemma, segmentations };
}
