// The feature vector of a passage, one sparse vector in a hashed space shared by all labels:
// - analysed terms (stems, compound parts, part pairs), marked by context: "t:" plain, plus "n:" in a
//   negated segment, "d:" in a denied segment, "l:" in a non-need sentence (so "fungerar väl" and
//   logistics words learn their own weights); L2-normalised as a block, times TERM_SCALE;
// - the centred passage embedding ("e:0" … "e:255"), times EMBED_SCALE;
// - per label: the phrase signal "p:<id>", the prototype signals "z:<id>" (best sentence) and
//   "s:<id>" (whole passage), "x:<id>" (the label was mentioned only in a denied, non-need or
//   negative-phrase context) and "c:<id>" (found only inside compounds or other forms);
// - per codebook phrase "h:<phrase>": its strongest discounted hit, so training can learn which
//   phrases the agencies' own labels bear out (and for which labels);
// - global: share of sentences with a need cue "g:need" and of non-need sentences "g:nonneed".
// Named features are hashed, so a model stays valid when labels are added to the codebook. Pure.
import type { SparseVec } from './logreg.js';
import { wordTerms } from './lexical.js';
import type { PhraseHit } from './phrase-signal.js';
import type { AnalyzedSentence } from './sentences.js';

export const HASH_BITS = 20;
const HASH_SIZE = 1 << HASH_BITS;

/** FNV-1a, 32 bit, folded into the hashed space. */
export function featureIndex(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & (HASH_SIZE - 1);
}

const memo = new Map<string, number>();
export function fi(name: string): number {
  let i = memo.get(name);
  if (i === undefined) {
    i = featureIndex(name);
    if (memo.size > 500_000) memo.clear();
    memo.set(name, i);
  }
  return i;
}

/** Everything the classifier knows about one sentence of a passage. */
export interface SentenceFeatures {
  text: string;
  start: number;
  end: number;
  nonNeed: boolean;
  needCue: boolean;
  /** Phrase evidence per label (codebook order), after discounts. */
  phrase: Float32Array;
  hits: PhraseHit[][];
  /** Prototype z-score per label; empty without an embedder. */
  z: Float32Array;
  /** z-score of the similarity to the label's nearest single codebook text; empty without an embedder. */
  near: Float32Array;
  /** Hashed indices of the sentence's term features (for evidence). */
  terms: Int32Array;
}

export interface PassageFeatures {
  text: string;
  sentences: SentenceFeatures[];
  x: SparseVec;
  /** Per label (codebook order): the signals that went into x, for explanations and tests. */
  signals: { phrase: Float32Array; z: Float32Array; sim: Float32Array };
}

/**
 * Block scales. Training uses one L2 strength and Adam for every weight, so a block's value scale
 * sets how much it can carry: the centred passage embedding (256 values of ≈ 0.06) is scaled up, the
 * unit-normalised term block and the per-phrase hits "h:" down (measured on the grouped
 * cross-validation, docs/classifier.md).
 */
export const TERM_SCALE = 0.5;
export const EMBED_SCALE = 4;

/** z above this counts as prototype evidence (the hinge in "z:<id>"). */
export const Z_FLOOR = 1.5;

export function sentenceTermFeatures(s: AnalyzedSentence): string[] {
  const out: string[] = [];
  const prefix = s.nonNeed ? 'l:' : '';
  s.words.forEach((w, i) => {
    const state = s.wordState[i]!;
    for (const t of wordTerms(w)) {
      if (s.nonNeed) out.push(prefix + t);
      else if (state === 'denied') out.push('d:' + t);
      else {
        out.push('t:' + t);
        if (state === 'negated') out.push('n:' + t);
      }
    }
  });
  return out;
}

export function buildFeatureVector(input: {
  labelIds: readonly string[];
  sentences: readonly SentenceFeatures[];
  termNames: readonly string[][];
  passageSim: Float32Array | null;
  passageVector: Float32Array | null;
}): { x: SparseVec; phrase: Float32Array; z: Float32Array } {
  const entries = new Map<number, number>();
  const add = (name: string, v: number) => {
    if (v === 0 || !Number.isFinite(v)) return;
    const i = fi(name);
    entries.set(i, (entries.get(i) ?? 0) + v);
  };
  // Terms, as a set, normalised to unit length.
  const terms = new Set(input.termNames.flat());
  const tv = terms.size ? TERM_SCALE / Math.sqrt(terms.size) : 0;
  for (const t of terms) add(t, tv);
  if (input.passageVector) input.passageVector.forEach((v, i) => add(`e:${i}`, EMBED_SCALE * v));

  const L = input.labelIds.length;
  const phrase = new Float32Array(L);
  const z = new Float32Array(L);
  const ss = input.sentences;
  const phraseHits = new Map<string, number>();
  input.labelIds.forEach((id, l) => {
    let p = 0;
    let zMax = 0;
    let nMax = 0;
    let mentioned = false;
    let mentionedPlain = false;
    let onlyInside = true;
    for (const s of ss) {
      p = Math.max(p, s.phrase[l]!);
      const hits = s.hits[l]!;
      for (const h of hits) {
        const key = `h:${h.phrase.toLowerCase()}`;
        phraseHits.set(key, Math.max(phraseHits.get(key) ?? 0, h.weight));
        mentioned = true;
        if (!s.nonNeed && h.state !== 'denied' && h.weight > 0.3) mentionedPlain = true;
        if (!h.insideCompound) onlyInside = false;
      }
      if (s.z.length && !s.nonNeed) zMax = Math.max(zMax, s.z[l]! - Z_FLOOR);
      if (s.near.length && !s.nonNeed) nMax = Math.max(nMax, s.near[l]! - Z_FLOOR);
    }
    phrase[l] = p;
    z[l] = zMax;
    add(`p:${id}`, p);
    add(`z:${id}`, zMax);
    add(`m:${id}`, nMax);
    if (input.passageSim) add(`s:${id}`, input.passageSim[l]!);
    if (mentioned && !mentionedPlain) add(`x:${id}`, 1);
    if (mentioned && onlyInside) add(`c:${id}`, 1);
  });
  for (const [k, v] of phraseHits) add(k, TERM_SCALE * v);
  if (ss.length) {
    add('g:need', ss.filter((s) => s.needCue).length / ss.length);
    add('g:nonneed', ss.filter((s) => s.nonNeed).length / ss.length);
  }
  const idx = Int32Array.from([...entries.keys()].sort((a, b) => a - b));
  const val = Float32Array.from(idx, (i) => entries.get(i)!);
  return { x: { idx, val }, phrase, z };
}
