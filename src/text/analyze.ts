// Index terms for search and classification: tokens, lowercased, stop words removed, stemmed; a
// compound also gives the stems of its parts and of the compounds inside it.
//
// "elevhälsoarbetet" -> elevhälsoarbet (whole word), elev, häls, arbet (parts),
//                       elevhäls, hälsoarbet (inner compounds: elevhälsa, hälsoarbete)
// so it meets the queries "elevhälsa" (elevhäls, elev, häls), "hälsa" and "arbete".
//
// Other rules:
// - Acronyms (a word of 2+ capitals whose neighbours are not all capitals, "SKA", "SPSM") are kept
//   as they are, lowercased: not stemmed, never stop words ("SKA" is not "ska").
// - A capitalised word inside a sentence is taken for a name (Skolverket, Kustlanda, Sjölund): it
//   gives its stem but no compound parts, so "Sjölund" does not match "sjö".
// - Hyphenated words give the terms of each piece and of the pieces written together
//   ("SKA-arbetet" -> ska, arbet, skaarbet; "e-post" -> post, epost).
// - Suspended compounds are completed from the next compound: in "förskole- och skolformer",
//   "förskole-" is analysed as "förskoleformer".
// - Dotted abbreviations that are not stop words lose their dots ("kap." -> kap).
// - Numbers are kept; separators split them into their digit groups ("2024-03-01" -> 2024 03 01).
// Every term is letters and digits only. analyze() keeps one entry per term per token, in text order
// (repeated words repeat their terms, as term frequency needs).
import { swedishAbbreviations } from './abbreviations.js';
import { compoundParts, type CompoundPart } from './compounds.js';
import { stem } from './stem.js';
import { isStopWord } from './stopwords.js';
import { tokenize, type Token } from './tokenize.js';

export interface AnalyzedTerm {
  term: string;
  /** Offsets of the token the term comes from, in the analysed text. */
  start: number;
  end: number;
}

const CONJUNCTIONS = new Set(['och', 'eller', 'samt', 'resp', 'resp.', 'respektive', 'liksom']);
const MAX_INNER_PARTS = 6;
const PLAIN_WORD = /^\p{L}+$/u;
// What may stand between the end of one sentence (or list item) and the next word.
const SENTENCE_GAP = /[.!?:;…\n•*"“”«»(]|(?:^|\s)[-–—](?:\s|$)/u;

function allCaps(t: Token | undefined): boolean {
  return !!t && t.text.length > 1 && t.text !== t.norm && /^\p{Lu}+$/u.test(t.text);
}

function isAcronym(tokens: Token[], k: number): boolean {
  const t = tokens[k];
  if (!allCaps(t)) return false;
  return !allCaps(tokens[k - 1]) && !allCaps(tokens[k + 1]);
}

const MEMO_LIMIT = 200_000;
const memo = new Map<string, string[]>();

/** Terms of one word (no hyphens, no dots): its stem, its compound parts and inner compounds. */
export function wordTerms(word: string): string[] {
  return termsOfNorm(word.normalize('NFC').toLowerCase());
}

/** wordTerms() of a word already in NFC and lowercase. */
function termsOfNorm(w: string): string[] {
  let terms = memo.get(w);
  if (!terms) {
    terms = computeWordTerms(w);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(w, terms);
  }
  return terms;
}

function computeWordTerms(w: string): string[] {
  if (!/\p{L}/u.test(w)) return /^\p{N}+$/u.test(w) ? [w] : [];
  if (w.length < 2 || isStopWord(w)) return [];
  const terms = new Set<string>([stem(w)]);
  const parts = compoundParts(w);
  if (parts.length > 1) {
    for (const p of parts) terms.add(stem(p.lemma));
    for (const inner of innerCompounds(w, parts)) terms.add(stem(inner));
  }
  return [...terms].filter((t) => /^[\p{L}\p{N}]+$/u.test(t));
}

/**
 * The compounds inside a compound of three or more parts, in base form: elev|hälso|arbetet gives
 * elevhälsa and hälsoarbete (the modifiers as written, the last part's lemma).
 */
function innerCompounds(word: string, parts: CompoundPart[]): string[] {
  const out: string[] = [];
  const n = parts.length;
  if (n < 3 || n > MAX_INNER_PARTS) return out;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // the whole word
      const first = parts[i];
      const last = parts[j];
      if (!first || !last) continue;
      out.push(word.slice(first.start, last.start) + last.lemma);
    }
  }
  return out;
}

/** Terms of a token with hyphens: each piece, and the pieces written together. */
function hyphenatedTerms(text: string): string[] {
  const pieces = text.split(/[-\u2010\u2011]/u).filter((p) => p.length > 0);
  const terms: string[] = [];
  for (const p of pieces) {
    if (/^\p{Lu}{2,}$/u.test(p)) terms.push(p.toLowerCase());
    else terms.push(...wordTerms(p));
  }
  if (pieces.length > 1 && pieces.every((p) => /\p{L}/u.test(p))) terms.push(...wordTerms(pieces.join('')));
  return terms;
}

/** "förskole-" in "förskole- och skolformer": the word completed with the next compound's head. */
function completeSuspended(tokens: Token[], k: number): string | undefined {
  const stemPart = tokens[k]?.norm.replace(/[-\u2010\u2011]$/u, '') ?? '';
  for (let j = k + 1; j < tokens.length && j <= k + 6; j++) {
    const t = tokens[j];
    if (!t) break;
    if (CONJUNCTIONS.has(t.norm) || /[-\u2010\u2011]$/u.test(t.norm)) continue;
    const parts = compoundParts(t.norm);
    const head = parts[parts.length - 1];
    return parts.length > 1 && head ? stemPart + head.surface : undefined;
  }
  return undefined;
}

/** Whether a token starts with a capital but is not the first word of a sentence, line or list item. */
function isNameLike(text: string, tokens: Token[], k: number): boolean {
  const t = tokens[k];
  const first = t?.text[0];
  if (!t || !first || first === first.toLowerCase()) return false;
  const prev = tokens[k - 1];
  if (!prev) return false;
  return !SENTENCE_GAP.test(text.slice(prev.end, t.start)) && !swedishAbbreviations().mayEndSentence.has(prev.norm);
}

function tokenTerms(text: string, tokens: Token[], k: number): string[] {
  const t = tokens[k];
  if (!t) return [];
  const norm = t.norm;
  if (isAcronym(tokens, k)) return [norm];
  if (PLAIN_WORD.test(norm)) {
    if (isNameLike(text, tokens, k)) return isStopWord(norm) ? [] : [stem(norm)];
    return termsOfNorm(norm);
  }
  if (/[-\u2010\u2011]$/u.test(norm)) {
    const completed = completeSuspended(tokens, k);
    return wordTerms(completed ?? norm.slice(0, -1));
  }
  if (/^\p{N}/u.test(norm) && !/\p{L}/u.test(norm)) return norm.split(/[^\p{N}]+/u).filter(Boolean);
  if (/[.:]/u.test(norm)) {
    if (isStopWord(norm)) return [];
    return wordTerms(norm.replace(/[.:]/gu, ''));
  }
  if (/[-\u2010\u2011'\u2019]/u.test(norm)) return hyphenatedTerms(t.text.replace(/\u00AD/gu, '').replace(/['\u2019]/gu, '-'));
  return wordTerms(norm);
}

/** Index terms with the offsets of the token each comes from. */
export function analyzeWithOffsets(text: string): AnalyzedTerm[] {
  const tokens = tokenize(text);
  const out: AnalyzedTerm[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (!t) continue;
    const terms = tokenTerms(text, tokens, k);
    for (let i = 0; i < terms.length; i++) {
      const term = terms[i] as string;
      if (terms.indexOf(term) === i) out.push({ term, start: t.start, end: t.end });
    }
  }
  return out;
}

/** Index terms of a text: stems, compound parts and inner compounds, stop words removed. */
export function analyze(text: string): string[] {
  return analyzeWithOffsets(text).map((t) => t.term);
}
