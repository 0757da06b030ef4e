// Swedish compound splitting: "elevhälsoarbetet" -> elev + hälsa + arbete.
//
// Output: the parts in base form (lemma), flat and complete. The word is split into modifiers and a
// head; every part that is itself a compound is split again, so elevhälsoarbetet gives
// [elev, hälsa, arbete], not [elevhälsa, arbete]. The analyser (analyze.ts) adds the terms of the
// in-between compounds (elevhälsa, hälsoarbete), so a query for "elevhälsa" meets the whole term.
// A word that is not a compound gives [word] unchanged.
//
// Method (dictionary-based, see lexicon.ts and sv/compound-rules.json):
// - Dynamic programming over the word's letters. A modifier is a surface form the lexicon reads as
//   a compound modifier: licensed by the Hunspell dictionary (compound flags, linking forms such as
//   kvalitets-, vecko-), a domain-lexicon linking form, or a linking rule applied to a content word
//   (hälso- -> hälsa, skol- -> skola, huvudmanna- -> huvudman). The head is any inflected form of a
//   content word (arbetet -> arbete, kedjan -> kedja, lärarna -> lärare).
// - Cost: each part beyond the first costs `partCost`; parts found only through a linking rule cost
//   that rule's cost; parts of the minimum length cost a little more. The cheapest split wins, so
//   fewer and longer parts are preferred.
// - Over-splitting guards: parts shorter than `minPartLength` (an+svar), blocked modifiers
//   (prefixes and particles: för+skola, under+visning) and blocked heads (derivational suffixes:
//   verksam+het, lär+are) are never used; lexicalised units of the domain lexicon (huvudman) are
//   never split, nor are proper names (Anders, Sjödin). A word the dictionary knows as a whole is
//   split only when every part is licensed by the dictionary or the domain lexicon (no
//   linking-rule guesses): kvalitetsarbete splits, but erfarenhet is not erfar(a) + enhet and
//   rapport is not rapp + port.
// - Three equal consonants at a boundary are written as two (process + stöd = processtöd); in words
//   the dictionary does not know, the splitter restores the dropped letter (that part's surface has
//   it; its end offset does not).
// - No boundary falls inside a derivational ending such as -ering (sorte+ring).
// - Hyphenated words are split at the hyphens first (SKA-arbetet -> ska + arbete).
// Results are memoised per word.
import { compoundRules } from './compound-rules.js';
import { swedishLexicon, type Reading, type SwedishLexicon } from './lexicon.js';

export interface CompoundPart {
  /** The part as written in the word (with its linking morpheme or inflection). */
  surface: string;
  /** The part's base form. */
  lemma: string;
  /** Offsets of `surface` in the (lowercased) word. */
  start: number;
  end: number;
}

interface Segment {
  cost: number;
  parts: CompoundPart[];
}

const MEMO_LIMIT = 200_000;
const memo = new Map<string, CompoundPart[]>();

function normalizeWord(word: string): string {
  return word.normalize('NFC').toLowerCase();
}

/**
 * The parts of a Swedish compound in base form, e.g. "kvalitetsarbetet" -> ["kvalitet", "arbete"].
 * A word that is not a compound gives [word] (lowercased).
 */
export function splitCompound(word: string): string[] {
  const parts = compoundParts(word);
  return parts.length > 1 ? parts.map((p) => p.lemma) : [normalizeWord(word)];
}

/** The parts of a compound with their surface forms and offsets; one part when it is not a compound. */
export function compoundParts(word: string): CompoundPart[] {
  const w = normalizeWord(word);
  let parts = memo.get(w);
  if (!parts) {
    parts = computeParts(w);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(w, parts);
  }
  return parts;
}

/** The base form of a compound: its modifiers as written plus its head's lemma (styrkedjan -> styrkedja). */
export function compoundLemma(word: string): string | undefined {
  const parts = compoundParts(word);
  const head = parts[parts.length - 1];
  if (parts.length < 2 || !head) return undefined;
  return normalizeWord(word).slice(0, head.start) + head.lemma;
}

function whole(w: string): CompoundPart[] {
  return [{ surface: w, lemma: w, start: 0, end: w.length }];
}

function computeParts(w: string): CompoundPart[] {
  if (w.includes('-')) return hyphenatedParts(w);
  if (!/^\p{L}+$/u.test(w)) return whole(w);
  const lex = swedishLexicon();
  const known = lex.lemmaOf(w);
  if ((known !== undefined && lex.isUnit(known)) || lex.isProperName(w)) return whole(w);
  // A word the dictionary knows as a whole is split only on parts the dictionary licenses.
  const best = bestSplit(w, lex, known !== undefined);
  if (!best) return whole(w);
  return best.parts.flatMap((p) => expandPart(p, lex));
}

/** Splits a part again when its lemma is itself a compound, keeping offsets in the original word. */
function expandPart(part: CompoundPart, lex: SwedishLexicon): CompoundPart[] {
  const { minPartLength } = compoundRules();
  if (part.lemma.length < 2 * minPartLength || lex.isUnit(part.lemma)) return [part];
  const sub = compoundParts(part.lemma);
  const last = sub[sub.length - 1];
  if (sub.length < 2 || !last) return [part];
  // Only the end of a part changes between surface and lemma (hälso/hälsa), so the sub-parts before
  // the last one sit at the same offsets in the surface.
  if (part.surface.slice(0, last.start) !== part.lemma.slice(0, last.start) || last.start >= part.surface.length) return [part];
  return sub.map((s, i) =>
    i < sub.length - 1
      ? { ...s, start: part.start + s.start, end: part.start + s.end }
      : { surface: part.surface.slice(s.start), lemma: s.lemma, start: part.start + s.start, end: part.end },
  );
}

function partCost(surface: string, reading: Reading): number {
  const r = compoundRules();
  return reading.cost + (surface.length <= r.minPartLength ? r.shortPartCost : 0);
}

function usableModifier(surface: string, reading: Reading): boolean {
  const r = compoundRules();
  return !r.blockedModifiers.has(surface) && !r.blockedModifiers.has(reading.lemma) && reading.lemma.length >= 2;
}

function usableHead(surface: string, reading: Reading): boolean {
  const r = compoundRules();
  return !r.blockedHeads.has(surface) && !r.blockedHeads.has(reading.lemma) && reading.lemma.length >= 2;
}

/**
 * The cheapest split of `w` into at least two parts, or undefined when there is none. `known`: the
 * word is in the dictionary, so only licensed parts are used and no dropped third consonant is
 * restored (rätt+tvist, mapp+par).
 */
function bestSplit(w: string, lex: SwedishLexicon, known: boolean): Segment | undefined {
  const rules = compoundRules();
  const min = rules.minPartLength;
  const n = w.length;
  if (n < 2 * min) return undefined;
  // prefix[i]: the cheapest sequence of modifiers covering w[0, i).
  const noCut = uncuttablePositions(w);
  const prefix: (Segment | undefined)[] = new Array(n + 1);
  prefix[0] = { cost: 0, parts: [] };
  for (let i = 0; i <= n - 2 * min; i++) {
    const before = prefix[i];
    if (!before) continue;
    for (let j = i + min; j <= n - min; j++) {
      if (noCut[j]) continue;
      const candidates: { surface: string; end: number; restored: boolean }[] = [{ surface: w.slice(i, j), end: j, restored: false }];
      // process + stöd is written processtöd: the modifier may end with the next part's first letter
      // (only for a licensed modifier followed by a part of four letters or more).
      if (!known && w[j - 1] === w[j] && w[j - 2] !== w[j] && n - j > min) {
        candidates.push({ surface: w.slice(i, j + 1), end: j, restored: true });
      }
      for (const c of candidates) {
        for (const reading of lex.modifierReadings(c.surface)) {
          if (!usableModifier(c.surface, reading) || ((c.restored || known) && !reading.licensed)) continue;
          const cost = before.cost + partCost(c.surface, reading) + (before.parts.length ? rules.partCost : 0);
          const had = prefix[c.end];
          if (!had || cost < had.cost) {
            const part = { surface: c.surface, lemma: reading.lemma, start: i, end: c.end };
            prefix[c.end] = { cost, parts: [...before.parts, part] };
          }
          break; // readings are sorted by cost; the cheapest usable one is enough
        }
      }
    }
  }
  let best: Segment | undefined;
  for (let i = min; i <= n - min; i++) {
    const mods = prefix[i];
    if (noCut[i]) continue;
    if (!mods || !mods.parts.length) continue;
    const surface = w.slice(i);
    for (const reading of lex.headReadings(surface, rules.headWithoutLicenceCost)) {
      if (!usableHead(surface, reading) || (known && !reading.licensed)) continue;
      const cost = mods.cost + partCost(surface, reading) + rules.partCost;
      if (!best || cost < best.cost) {
        const part = { surface, lemma: reading.lemma, start: i, end: w.length };
        best = { cost, parts: [...mods.parts, part] };
      }
      break;
    }
  }
  return best;
}

/** Positions inside a derivational ending (sorte|ring) where no part may start. */
function uncuttablePositions(w: string): boolean[] {
  const out = new Array<boolean>(w.length + 1).fill(false);
  for (const suffix of compoundRules().suffixesNotToCut) {
    for (let at = w.indexOf(suffix); at >= 0; at = w.indexOf(suffix, at + 1)) {
      for (let k = at + 1; k < at + suffix.length; k++) out[k] = true;
    }
  }
  return out;
}

function hyphenatedParts(w: string): CompoundPart[] {
  const out: CompoundPart[] = [];
  const re = /[^-]+/gu;
  const segments = [...w.matchAll(re)];
  segments.forEach((m, k) => {
    const seg = m[0];
    const at = m.index ?? 0;
    const sub = compoundParts(seg);
    const isLast = k === segments.length - 1;
    for (const p of sub) {
      let lemma = p.lemma;
      // A single-part segment: the last one is the head and is lemmatised; others stay as written.
      if (sub.length === 1 && isLast) lemma = swedishLexicon().lemmaOf(seg) ?? seg;
      out.push({ surface: p.surface, lemma, start: at + p.start, end: at + p.end });
    }
  });
  return out.length ? out : whole(w);
}
