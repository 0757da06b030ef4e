// Characteristic terms of a group of passages against the rest: document frequencies of index
// terms (analyze() in src/text — read back from the lexical index where it has them, so nothing is
// analysed twice), weighted tf-idf-style by how much more often a term occurs inside the group than
// outside it, shown in their commonest written form. Pure.
import { analyze, analyzeWithOffsets } from '../text/analyze.js';

export interface TermDoc {
  huvudmanId: string;
  terms: Set<string>;
  /** The passage text, for written forms (only a few are analysed for that). */
  text: string;
}

export function termDoc(text: string, huvudmanId: string, terms?: readonly string[]): TermDoc {
  return { huvudmanId, terms: new Set(terms ?? analyze(text)), text };
}

export function documentFrequencies(docs: Iterable<TermDoc>): { df: Map<string, number>; n: number } {
  const df = new Map<string, number>();
  let n = 0;
  for (const d of docs) {
    n++;
    for (const t of d.terms) df.set(t, (df.get(t) ?? 0) + 1);
  }
  return { df, n };
}

export interface CharacteristicTerm {
  term: string;
  /** The commonest written form in the group. */
  word: string;
  weight: number;
  /** Passages in the group with the term. */
  df: number;
  /** Share of the rest's passages with the term. */
  restShare: number;
  /** Huvudmän in the group whose passages have the term. */
  huvudman: number;
}

const STOP_PLACEHOLDERS = new Set(['person', 'deltagar', 'deltagare', 'telefon', 'epost', 'post', 'personnummer']);
/** Texts analysed per group to find written forms. */
const FORM_SAMPLE = 40;

/** Written forms of terms: for each term that is the stem of a whole word, the words it came from. */
export function writtenForms(texts: readonly string[]): Map<string, Map<string, number>> {
  const forms = new Map<string, Map<string, number>>();
  for (const text of texts) {
    let lastStart = -1;
    for (const t of analyzeWithOffsets(text)) {
      if (t.start === lastStart) continue; // the first term of a token is the whole word's stem
      lastStart = t.start;
      const m = forms.get(t.term) ?? forms.set(t.term, new Map()).get(t.term)!;
      const w = text.slice(t.start, t.end).toLowerCase();
      m.set(w, (m.get(w) ?? 0) + 1);
    }
  }
  return forms;
}

/**
 * Top terms of `group` against `rest` (document frequencies of the passages outside the group).
 * A term needs to be in at least `minDf` of the group's passages and used by two huvudmän when the
 * group has two, so one organisation's vocabulary does not make a theme.
 */
export function characteristicTerms(group: readonly TermDoc[], rest: { df: Map<string, number>; n: number }, limit = 8): CharacteristicTerm[] {
  const n = group.length;
  if (!n) return [];
  const gdf = new Map<string, number>();
  const hms = new Map<string, Set<string>>();
  for (const d of group)
    for (const t of d.terms) {
      gdf.set(t, (gdf.get(t) ?? 0) + 1);
      (hms.get(t) ?? hms.set(t, new Set()).get(t)!).add(d.huvudmanId);
    }
  const groupHm = new Set(group.map((d) => d.huvudmanId)).size;
  const minDf = Math.max(2, Math.ceil(n * 0.15));
  const scored: Omit<CharacteristicTerm, 'word'>[] = [];
  for (const [term, df] of gdf) {
    if (df < Math.min(minDf, n) || term.length < 3 || /^\d+$/.test(term) || STOP_PLACEHOLDERS.has(term)) continue;
    const hm = hms.get(term)!.size;
    if (groupHm >= 2 && hm < 2) continue;
    const pIn = (df + 0.5) / (n + 1);
    const pOut = ((rest.df.get(term) ?? 0) + 0.5) / (rest.n + 1);
    if (pIn <= pOut) continue;
    scored.push({ term, weight: pIn * Math.log(pIn / pOut), df, restShare: Math.round(((rest.df.get(term) ?? 0) / Math.max(1, rest.n)) * 1000) / 1000, huvudman: hm });
  }
  scored.sort((a, b) => b.weight - a.weight || a.term.localeCompare(b.term));
  const head = scored.slice(0, limit * 4);
  // Written forms from a few passages of the group that have the leading terms.
  const wanted = new Set(head.map((t) => t.term));
  const sample = group.filter((d) => [...d.terms].some((t) => wanted.has(t))).slice(0, FORM_SAMPLE);
  const forms = writtenForms(sample.map((d) => d.text));
  const out: CharacteristicTerm[] = head
    .map((t) => {
      const f = forms.get(t.term);
      const word = f ? [...f].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0] : t.term;
      // A compound part (no written form of its own) is worth a little less than a whole word.
      return { ...t, word, weight: Math.round(t.weight * (f ? 1 : 0.8) * 1000) / 1000, whole: !!f };
    })
    .sort((a, b) => b.weight - a.weight || a.term.localeCompare(b.term))
    .reduce<(CharacteristicTerm & { whole: boolean })[]>((chosen, t) => {
      // One entry per written form; a compound part already inside a chosen word adds nothing.
      if (chosen.length < limit && !chosen.some((c) => c.word === t.word || (!t.whole && c.word.includes(t.term)))) chosen.push(t);
      return chosen;
    }, [])
    .map(({ whole: _w, ...t }) => t);
  return out;
}

/** Hashed tf-idf vectors (unit length) for when passages have no stored embeddings. */
export function hashedTfIdf(docs: readonly TermDoc[], dim = 512): Float32Array[] {
  const { df, n } = documentFrequencies(docs);
  return docs.map((d) => {
    const v = new Float32Array(dim);
    for (const t of d.terms) {
      let h = 2166136261;
      for (let i = 0; i < t.length; i++) h = Math.imul(h ^ t.charCodeAt(i), 16777619);
      v[(h >>> 0) % dim]! += Math.log((n + 1) / ((df.get(t) ?? 0) + 1)) + 1;
    }
    let s = 0;
    for (const x of v) s += x * x;
    const norm = Math.sqrt(s) || 1;
    for (let i = 0; i < dim; i++) v[i]! /= norm;
    return v;
  });
}
