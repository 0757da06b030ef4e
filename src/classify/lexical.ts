// Word-level Swedish analysis for the classifier: every word gets its stem and the stems of its
// compound parts, so a phrase word meets its inflected and definite forms (styrkedjan ~ styrkedja)
// and its occurrences inside compounds (elevhälsoarbetet contains elevhälsa). Also the small
// pattern language of the cue files (negation.json, non-needs.json, need-cues.json). Pure, memoised.
import { splitCompound } from '../text/compounds.js';
import { stem } from '../text/stem.js';
import { tokenize } from '../text/tokenize.js';
import { isStopWord } from '../text/stopwords.js';

export interface Word {
  text: string;
  /** Lowercased NFC form. */
  norm: string;
  start: number;
  end: number;
  /** Stem of the whole word. */
  stem: string;
  /** Stems of the compound parts in order; [stem] for a simplex word. */
  parts: string[];
  stop: boolean;
}

interface WordInfo {
  stem: string;
  parts: string[];
  stop: boolean;
}

const MEMO_LIMIT = 200_000;
const memo = new Map<string, WordInfo>();

export function wordInfo(norm: string): WordInfo {
  let info = memo.get(norm);
  if (!info) {
    const s = stem(norm);
    const split = /\p{L}/u.test(norm) ? splitCompound(norm) : [norm];
    const parts = split.length > 1 ? split.map((p) => stem(p)) : [s];
    info = { stem: s, parts, stop: isStopWord(norm) };
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(norm, info);
  }
  return info;
}

/** Words of a text (punctuation dropped), with offsets into `text`. */
export function words(text: string): Word[] {
  return tokenize(text)
    .filter((t) => /[\p{L}\p{N}]/u.test(t.text))
    .map((t) => ({ text: t.text, norm: t.norm, start: t.start, end: t.end, ...wordInfo(t.norm.replace(/[-\u2010\u2011]$/, '')) }));
}

/**
 * Terms of a word for features: its stem, its part stems, and the stems of adjacent part pairs
 * (elevhälsoarbete -> elevhälsoarbet, elev, häls, arbet, elev+häls, häls+arbet). Empty for stop words.
 */
export function wordTerms(w: Pick<Word, 'stem' | 'parts' | 'stop'>): string[] {
  if (w.stop) return [];
  if (w.parts.length < 2) return [w.stem];
  const out = [w.stem, ...w.parts];
  for (let i = 0; i + 1 < w.parts.length; i++) out.push(`${w.parts[i]}+${w.parts[i + 1]}`);
  return out;
}

// ---------------------------------------------------------------- phrase words

/** A word of a codebook phrase, ready to be matched against text words. */
export interface PhraseWord {
  norm: string;
  stem: string;
  parts: string[];
  stop: boolean;
}

export function phraseWords(phrase: string): PhraseWord[] {
  return words(phrase).map((w) => ({ norm: w.norm, stem: w.stem, parts: w.parts, stop: w.stop }));
}

/**
 * Does text word `w` contain phrase word `p`? The same word in any form (same stem), or — for
 * content words — the phrase word's parts as a contiguous run of the text word's compound parts
 * (kvalitetsarbete in kvalitetsarbetsplanen, frånvaro in skolfrånvaron). Stop words must be equal.
 */
export function wordMatches(p: PhraseWord, w: Word): boolean {
  if (p.stop) return p.norm === w.norm;
  if (p.stem === w.stem || p.norm === w.norm) return true;
  if (w.parts.length <= 1) return false;
  const n = p.parts.length;
  for (let i = 0; i + n <= w.parts.length; i++) {
    let ok = true;
    for (let k = 0; k < n && ok; k++) ok = w.parts[i + k] === p.parts[k];
    if (ok) return true;
  }
  return false;
}

/** Was the phrase word found only inside a longer compound (not as the word itself)? */
export function matchedInsideCompound(p: PhraseWord, w: Word): boolean {
  return !p.stop && p.stem !== w.stem && p.norm !== w.norm;
}

/**
 * Positions (word indices) where all words of a phrase occur, in any order, within a window of
 * `2·n + 1` words; null when the phrase does not occur. Only stop words have to be exact.
 */
export function findPhrase(phrase: readonly PhraseWord[], ws: readonly Word[], from = 0, to = ws.length): number[] | null {
  if (phrase.length === 0) return null;
  const window = 2 * phrase.length + 1;
  // Most phrases are absent: stop at the first word that does not occur.
  const positions: number[][] = [];
  for (const p of phrase) {
    const out: number[] = [];
    for (let i = from; i < to; i++) if (wordMatches(p, ws[i]!)) out.push(i);
    if (!out.length) return null;
    positions.push(out);
  }
  // Anchor on the rarest phrase word; every other word needs a distinct position nearby.
  let anchor = 0;
  positions.forEach((x, k) => {
    if (x.length < positions[anchor]!.length) anchor = k;
  });
  for (const a of positions[anchor]!) {
    const used = new Set([a]);
    let ok = true;
    for (let k = 0; k < phrase.length && ok; k++) {
      if (k === anchor) continue;
      const hit = positions[k]!.find((i) => !used.has(i) && Math.abs(i - a) < window);
      if (hit === undefined) ok = false;
      else used.add(hit);
    }
    if (ok) return [...used].sort((x, y) => x - y);
  }
  return null;
}

// ---------------------------------------------------------------- cue patterns

/** A cue pattern: words in order; a gap ('*') stands for 0–2 other words that are not negators. */
export type CueItem = { kind: 'word'; norm: string; stem: string } | { kind: 'gap' };
export type CuePattern = CueItem[];

export function compileCue(pattern: string): CuePattern {
  return pattern
    .trim()
    .split(/\s+/)
    .flatMap((tok): CueItem[] => {
      if (tok === '*') return [{ kind: 'gap' }];
      const norm = tok.normalize('NFC').toLowerCase();
      if (norm === ';') return [{ kind: 'word', norm, stem: norm }];
      return [{ kind: 'word', norm, stem: wordInfo(norm).stem }];
    });
}

const MAX_GAP = 2;

function cueWordMatches(item: { norm: string; stem: string }, w: Word): boolean {
  return item.norm === w.norm || item.stem === w.stem;
}

/**
 * Start and end word index of the first match of `cue` in ws[from, to), or null. `isBlocked(i)` marks
 * words a gap may not swallow (negators, so "fungerar inte väl" is not "fungerar * väl").
 */
export function findCue(cue: CuePattern, ws: readonly Word[], from: number, to: number, isBlocked: (w: Word) => boolean): { start: number; end: number } | null {
  const matchAt = (ci: number, wi: number): number => {
    if (ci === cue.length) return wi;
    const item = cue[ci]!;
    if (item.kind === 'gap') {
      for (let g = 0; g <= MAX_GAP; g++) {
        if (g > 0 && (wi + g - 1 >= to || isBlocked(ws[wi + g - 1]!))) break;
        const r = matchAt(ci + 1, wi + g);
        if (r >= 0) return r;
      }
      return -1;
    }
    if (wi >= to || !cueWordMatches(item, ws[wi]!)) return -1;
    return matchAt(ci + 1, wi + 1);
  };
  for (let i = from; i < to; i++) {
    const end = matchAt(0, i);
    if (end >= 0) return { start: i, end };
  }
  return null;
}
