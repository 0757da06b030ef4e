// A passage as the classifier sees it: sentences, their words, and for every sentence whether it is
// a non-need (logistics, greetings, attendance), whether it voices a need, and its segments (split at
// contrast words such as "men") with their negation state:
// - denied: the segment says the matter is fine or not a need ("fungerar väl", "inte något de ville
//   fördjupa", "inget behov"); mentions there hardly count;
// - negated: the segment holds a plain negator ("inte", "ingen", "utan" …); in these notes that is
//   as often a lack ("det finns ingen struktur") as a denial, so mentions count somewhat less and
//   the supervised model sees the negation as its own feature.
// Pure.
import { splitSentences } from '../text/sentences.js';
import { loadCues, type Cues } from './cues.js';
import { findCue, words, type Word } from './lexical.js';

export type SegmentState = 'plain' | 'negated' | 'denied';

export interface Segment {
  /** Word index range [from, to). */
  from: number;
  to: number;
  state: SegmentState;
}

export interface AnalyzedSentence {
  text: string;
  /** Offsets in the passage text. */
  start: number;
  end: number;
  /** Words with offsets in the passage text. */
  words: Word[];
  segments: Segment[];
  /** Segment state of each word. */
  wordState: SegmentState[];
  /** Logistics, greetings, attendance and no need cue. */
  nonNeed: boolean;
  /** Voices a need, lack or wish. */
  needCue: boolean;
  /**
   * The text that may speak for a need, for the embedding signal: the sentence without its denied
   * segments; empty for a non-need sentence or one that is denied throughout.
   */
  needText: string;
}

/** Sentence spans, also cut at line breaks (list items often lack a full stop). */
export function sentenceSpans(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const s of splitSentences(text)) {
    let from = s.start;
    const chunk = text.slice(s.start, s.end);
    const re = /\n+/g;
    for (let m = re.exec(chunk); m; m = re.exec(chunk)) {
      pushTrimmed(text, from, s.start + m.index, out);
      from = s.start + m.index + m[0].length;
    }
    pushTrimmed(text, from, s.end, out);
  }
  return out;
}

function pushTrimmed(text: string, s: number, e: number, out: { start: number; end: number }[]): void {
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  if (e > s && /[\p{L}\p{N}]/u.test(text.slice(s, e))) out.push({ start: s, end: e });
}

export function analyzePassage(text: string, cues: Cues = loadCues()): AnalyzedSentence[] {
  const sentences = sentenceSpans(text).map((span) => analyzeSentence(text, span, cues));
  // A short denial that points back ("Det är en styrka att bygga vidare på.", "Det var inget område
  // man ville utveckla.") denies the last segment of the sentence before it.
  for (let i = 1; i < sentences.length; i++) {
    const s = sentences[i]!;
    const first = s.words[0]?.norm;
    if (!first || !cues.anaphora.has(first) || s.words.length > ANAPHORIC_MAX_WORDS) continue;
    if (!s.segments.every((g) => g.state === 'denied')) continue;
    const prev = sentences[i - 1]!;
    const last = prev.segments[prev.segments.length - 1];
    if (!last || last.state === 'denied') continue;
    last.state = 'denied';
    for (let w = last.from; w < last.to; w++) prev.wordState[w] = 'denied';
    prev.needText = prev.segments
      .filter((g) => g.state !== 'denied' && g.to > g.from)
      .map((g) => text.slice(prev.words[g.from]!.start, prev.words[g.to - 1]!.end))
      .join(' ');
  }
  return sentences;
}

/** A pointing-back denial is a short sentence. */
const ANAPHORIC_MAX_WORDS = 14;

function analyzeSentence(text: string, span: { start: number; end: number }, cues: Cues): AnalyzedSentence {
  const sentence = text.slice(span.start, span.end);
  const ws = words(sentence).map((w) => ({ ...w, start: w.start + span.start, end: w.end + span.start }));
  const isNegator = (w: Word) => cues.negators.has(w.norm);

  // Segment boundaries: contrast words (men, däremot, …).
  const bounds = new Set<number>([0]);
  for (const c of cues.contrast) {
    for (let i = 1; i < ws.length; i++) {
      const m = findCue(c, ws, i, ws.length, isNegator);
      if (m && m.start === i) bounds.add(i);
    }
  }
  const starts = [...bounds].sort((a, b) => a - b);
  const segments: Segment[] = starts.map((from, k) => {
    const to = starts[k + 1] ?? ws.length;
    const denied = cues.denials.some((d) => {
      for (let i = from; i < to; i++) {
        const m = findCue(d, ws, i, to, isNegator);
        if (!m) return false;
        // "inte nöjda med", "aldrig fungerat bra": a negator right before a denial undoes it.
        const before = ws[m.start - 1];
        if (!(before && m.start > from && isNegator(before) && !isNegator(ws[m.start]!))) return true;
        i = m.start;
      }
      return false;
    });
    const negated = !denied && ws.slice(from, to).some(isNegator);
    return { from, to, state: denied ? 'denied' : negated ? 'negated' : 'plain' };
  });
  const wordState: SegmentState[] = ws.map(() => 'plain');
  for (const s of segments) for (let i = s.from; i < s.to; i++) wordState[i] = s.state;

  const has = (patterns: readonly import('./lexical.js').CuePattern[]) => patterns.some((p) => findCue(p, ws, 0, ws.length, isNegator) !== null);
  const needCue = has(cues.need);
  const nonNeed = !needCue && has(cues.logistics);
  const needText = nonNeed
    ? ''
    : segments
        .filter((g) => g.state !== 'denied' && g.to > g.from)
        .map((g) => text.slice(ws[g.from]!.start, ws[g.to - 1]!.end))
        .join(' ');
  return { text: sentence, start: span.start, end: span.end, words: ws, segments, wordState, nonNeed, needCue, needText };
}
