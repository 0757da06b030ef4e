// Characteristic terms of a group of passages against the rest: document frequencies of index
// terms (analyze() in src/text), weighted tf-idf-style by how much more often a term occurs inside
// the group than outside it. Terms shown in their commonest written form. Pure.
import { analyzeWithOffsets } from '../text/analyze.js';

export interface TermDoc {
  huvudmanId: string;
  terms: Set<string>;
  /** Written form (lowercase word) for the terms that are whole words here. */
  surface: Map<string, string>;
}

export function termDoc(text: string, huvudmanId: string): TermDoc {
  const terms = new Set<string>();
  const surface = new Map<string, string>();
  let lastStart = -1;
  for (const t of analyzeWithOffsets(text)) {
    terms.add(t.term);
    if (t.start !== lastStart) {
      // The first term of a token is the stem of the whole word.
      lastStart = t.start;
      if (!surface.has(t.term)) surface.set(t.term, text.slice(t.start, t.end).toLowerCase());
    }
  }
  return { huvudmanId, terms, surface };
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
  const forms = new Map<string, Map<string, number>>();
  for (const d of group) {
    for (const t of d.terms) {
      gdf.set(t, (gdf.get(t) ?? 0) + 1);
      (hms.get(t) ?? hms.set(t, new Set()).get(t)!).add(d.huvudmanId);
    }
    for (const [t, w] of d.surface) {
      const m = forms.get(t) ?? forms.set(t, new Map()).get(t)!;
      m.set(w, (m.get(w) ?? 0) + 1);
    }
  }
  const groupHm = new Set(group.map((d) => d.huvudmanId)).size;
  const minDf = Math.max(2, Math.ceil(n * 0.15));
  const out: CharacteristicTerm[] = [];
  for (const [term, df] of gdf) {
    if (df < Math.min(minDf, n) || term.length < 3 || /^\d+$/.test(term) || STOP_PLACEHOLDERS.has(term)) continue;
    const hm = hms.get(term)!.size;
    if (groupHm >= 2 && hm < 2) continue;
    const pIn = (df + 0.5) / (n + 1);
    const pOut = ((rest.df.get(term) ?? 0) + 0.5) / (rest.n + 1);
    if (pIn <= pOut) continue;
    const weight = pIn * Math.log(pIn / pOut);
    const f = forms.get(term);
    const word = f ? [...f].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0] : term;
    out.push({ term, word, weight: Math.round(weight * 1000) / 1000, df, restShare: Math.round(((rest.df.get(term) ?? 0) / Math.max(1, rest.n)) * 1000) / 1000, huvudman: hm });
  }
  out.sort((a, b) => b.weight - a.weight || a.term.localeCompare(b.term));
  // One entry per written form (a word and its compound part can share it).
  const seen = new Set<string>();
  return out.filter((t) => (seen.has(t.word) ? false : (seen.add(t.word), true))).slice(0, limit);
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
