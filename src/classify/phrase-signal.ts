// Signal (a): codebook phrases found in the Swedish analysis of each sentence. A match counts in full
// in a plain segment, less in a negated one, hardly in a denied one ("fungerar väl"), next to one of
// the label's negative phrases, or in a non-need sentence (logistics). Pure and explainable: every
// hit says which phrase matched where.
import type { Cues } from './cues.js';
import type { LabelSpec } from './labels.js';
import { findPhrase, matchedInsideCompound } from './lexical.js';
import type { AnalyzedSentence, SegmentState } from './sentences.js';

export interface PhraseHit {
  phrase: string;
  /** Word indices in the sentence. */
  words: number[];
  state: SegmentState;
  /** Some phrase word was found only inside a longer compound or in another form. */
  insideCompound: boolean;
  /** Weight after negation and non-need discounts. */
  weight: number;
}

export interface SentencePhraseSignal {
  /** Per label (codebook order): evidence in [0, 1]. */
  strength: Float32Array;
  hits: PhraseHit[][];
}

/** Weight of each further distinct phrase in one sentence relative to the strongest one. */
const FURTHER_HIT = 0.5;

export function phraseSignal(sentence: AnalyzedSentence, labels: readonly LabelSpec[], cues: Cues): SentencePhraseSignal {
  const strength = new Float32Array(labels.length);
  const hits: PhraseHit[][] = labels.map(() => []);
  const ws = sentence.words;
  labels.forEach((label, li) => {
    const found: PhraseHit[] = [];
    for (const p of label.phrases) {
      const at = findPhrase(p.words, ws);
      if (!at) continue;
      const states = at.map((i) => sentence.wordState[i]!);
      const state: SegmentState = states.includes('denied') ? 'denied' : states.includes('negated') ? 'negated' : 'plain';
      const content = p.words.filter((w) => !w.stop);
      const insideCompound = content.some((pw) => at.some((i) => matchedInsideCompound(pw, ws[i]!)) && !at.some((i) => !matchedInsideCompound(pw, ws[i]!) && ws[i]!.stem === pw.stem));
      let weight = p.weight;
      if (state === 'denied') weight *= cues.factors.denial;
      else if (state === 'negated') weight *= cues.factors.negated;
      if (sentence.nonNeed) weight *= cues.factors.nonNeed;
      found.push({ phrase: p.text, words: at, state, insideCompound, weight });
    }
    if (!found.length) return;
    // A negative phrase of the label in the same sentence ("sjukfrånvaro bland personalen" for
    // närvaro) discounts the hits it overlaps or sits next to.
    const negatives = label.negative.map((n) => findPhrase(n.words, ws)).filter((x): x is number[] => !!x);
    for (const h of found) {
      if (negatives.some((n) => n.some((i) => h.words.some((j) => Math.abs(i - j) <= 2)))) h.weight *= cues.factors.negativePhrase;
    }
    found.sort((a, b) => b.weight - a.weight);
    const used = new Set<number>();
    let s = 0;
    let first = true;
    for (const h of found) {
      if (h.words.every((i) => used.has(i))) continue; // same words as a stronger phrase
      s += first ? h.weight : FURTHER_HIT * h.weight;
      first = false;
      for (const i of h.words) used.add(i);
    }
    strength[li] = Math.min(1, s);
    hits[li] = found;
  });
  return { strength, hits };
}
