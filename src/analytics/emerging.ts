// Emerging themes: approved passages the codebook fits poorly (no label holds, and no prediction
// scores above `maxScore`), clustered on their stored embeddings (hashed tf-idf of the index terms
// when there are none), each cluster with its characteristic terms against the rest, its size, its
// spread over huvudmän and example passages — material for proposing a new codebook theme.
import type { SearchFilters } from '../search/filters.js';
import { bufferToVector } from '../search/vector-index.js';
import { analyzePassage } from '../classify/sentences.js';
import type { Db } from '../store/db.js';
import { seededRandom } from '../util/seeded-random.js';
import { clusterAuto } from './cluster.js';
import { loadDataset, type Dataset } from './dataset.js';
import { loadEmbeddings, loadIndexTerms, loadMaxPredictedScores, loadPassageTexts, type PassageText } from './load.js';
import { shownText } from './shown-text.js';
import { spreadOverHuvudman } from './spread.js';
import { characteristicTerms, documentFrequencies, hashedTfIdf, termDoc, type CharacteristicTerm, type TermDoc } from './terms.js';

export interface EmergingOptions {
  /** A passage fits poorly when no label holds and its highest predicted score is below this (default 0.35). */
  maxScore?: number;
  /** Number of clusters; default chosen by silhouette. */
  k?: number;
  /** Smallest cluster reported (default 3 passages) … */
  minSize?: number;
  /** … from at least this many huvudmän (default 2). */
  minHuvudman?: number;
  examples?: number;
  terms?: number;
  filters?: SearchFilters;
  seed?: number;
  /** At most this many poorly fitting passages are clustered (a seeded sample beyond; default 20,000). */
  maxPassages?: number;
  dataset?: Dataset;
}

export interface EmergingExample {
  passageId: string;
  noteId: string;
  huvudmanId: string;
  text: string;
}

export interface EmergingCluster {
  id: number;
  size: number;
  huvudman: number;
  /** Mean cosine of the passages to the cluster centre. */
  cohesion: number;
  terms: CharacteristicTerm[];
  examples: EmergingExample[];
  passageIds: string[];
}

export interface EmergingReport {
  report: 'emerging';
  /** Approved passages looked at. */
  passages: number;
  /** Of those, passages the codebook fits poorly (before the logistics filter). */
  poorlyFitting: number;
  /** Poorly fitting passages that were clustered. */
  clustered: number;
  vectorSource: 'embedding' | 'terms';
  k: number;
  clusters: EmergingCluster[];
}

/**
 * Whether a poorly fitting passage is worth clustering, as the classifier's sentence analysis reads
 * it (one list of logistics and need cues, classify/data/, for both): long enough; not a passage
 * about the meeting (a logistics sentence and no need cue anywhere); and with at least one sentence
 * that is neither logistics nor denied throughout ("studieron är god, inget vi ville fördjupa" is
 * no new need).
 */
export function isThemeCandidate(text: string): boolean {
  if (text.length < 40) return false;
  const sentences = analyzePassage(text);
  if (sentences.some((s) => s.nonNeed) && !sentences.some((s) => s.needCue)) return false;
  return sentences.some((s) => !s.nonNeed && s.needText.trim().length >= 20);
}

/** Term documents from the lexical index's stored terms; passages it lacks are analysed here. */
function termDocs(db: Db, ps: PassageText[]): TermDoc[] {
  const stored = loadIndexTerms(db, ps.map((p) => p.num));
  return ps.map((p) => termDoc(p.text, p.huvudmanId, stored.get(p.num)));
}

export function emergingThemes(db: Db, opts: EmergingOptions = {}): EmergingReport {
  const { factor: _f, theme: _t, ...filters } = opts.filters ?? {};
  const ds = opts.dataset ?? loadDataset(db, filters);
  const maxScore = opts.maxScore ?? 0.35;
  const minSize = opts.minSize ?? 3;
  const minHm = opts.minHuvudman ?? 2;

  const counted = ds.dialogues.flatMap((d) => d.noteIds);
  let total = 0;
  const unlabelled: string[] = [];
  const fitting: string[] = [];
  for (const noteId of counted)
    for (const pid of ds.raw.notes.get(noteId)?.passageIds ?? []) {
      total++;
      ((ds.decisions.passages.get(pid)?.size ?? 0) > 0 ? fitting : unlabelled).push(pid);
    }
  // No label holds: poorly fitting unless some prediction came close.
  const maxScores = loadMaxPredictedScores(db, unlabelled);
  const poor: string[] = [];
  for (const pid of unlabelled) ((maxScores.get(pid) ?? 0) >= maxScore ? fitting : poor).push(pid);
  const rand = seededRandom(opts.seed ?? 42);
  const sample = (ids: string[], n: number) => (ids.length <= n ? ids : ids.filter(() => rand() < n / ids.length));

  const poorTexts = loadPassageTexts(db, sample(poor, opts.maxPassages ?? 20000));
  const members: PassageText[] = [...poorTexts.values()].filter((p) => isThemeCandidate(p.text)).sort((a, b) => a.num - b.num);
  const docs = termDocs(db, members);

  // Vectors: stored embeddings when (nearly) all have one, else hashed tf-idf for all.
  const emb = loadEmbeddings(db, members.map((p) => p.num));
  const useEmb = members.length > 0 && emb.vectors.size >= 0.8 * members.length;
  const keep = useEmb ? members.map((p, i) => (emb.vectors.has(p.num) ? i : -1)).filter((i) => i >= 0) : members.map((_, i) => i);
  const ms = keep.map((i) => members[i]!);
  const md = keep.map((i) => docs[i]!);
  const vs = useEmb ? ms.map((p) => bufferToVector(emb.vectors.get(p.num)!)) : hashedTfIdf(md);

  const report: EmergingReport = { report: 'emerging', passages: total, poorlyFitting: poor.length, clustered: ms.length, vectorSource: useEmb ? 'embedding' : 'terms', k: 0, clusters: [] };
  if (ms.length < Math.max(2 * minSize, 4)) return report;

  const result = clusterAuto(vs, { k: opts.k, seed: opts.seed ?? 42 });
  report.k = result.k;

  // The rest, for the term contrast: a sample of well-fitting passages plus the other clusters.
  const bgDocs = termDocs(db, [...loadPassageTexts(db, sample(fitting, 5000)).values()]);
  const bg = documentFrequencies(bgDocs);
  const poorDf = documentFrequencies(md);

  const byCluster = new Map<number, number[]>();
  result.assign.forEach((c, i) => (byCluster.get(c) ?? byCluster.set(c, []).get(c)!).push(i));
  for (const [c, idx] of byCluster) {
    const hm = new Set(idx.map((i) => ms[i]!.huvudmanId));
    if (idx.length < minSize || hm.size < minHm) continue;
    const group = idx.map((i) => md[i]!);
    const gdf = documentFrequencies(group);
    const restDf = new Map(bg.df);
    for (const [t, n] of poorDf.df) restDf.set(t, (restDf.get(t) ?? 0) + n - (gdf.df.get(t) ?? 0));
    const terms = characteristicTerms(group, { df: restDf, n: bg.n + poorDf.n - group.length }, opts.terms ?? 8);
    const examples = spreadOverHuvudman(
      idx.map((i) => ({ huvudmanId: ms[i]!.huvudmanId, noteId: ms[i]!.noteId, text: ms[i]!.text, score: result.similarity[i]!, passageId: ms[i]!.id })),
      opts.examples ?? 3,
    ).map((e) => ({ passageId: e.passageId, noteId: e.noteId, huvudmanId: e.huvudmanId, text: shownText(e.text) }));
    const cohesion = idx.reduce((s, i) => s + result.similarity[i]!, 0) / idx.length;
    report.clusters.push({ id: c, size: idx.length, huvudman: hm.size, cohesion: Math.round(cohesion * 1000) / 1000, terms, examples, passageIds: idx.map((i) => ms[i]!.id) });
  }
  report.clusters.sort((a, b) => b.huvudman - a.huvudman || b.size - a.size || b.cohesion - a.cohesion);
  report.clusters.forEach((c, i) => (c.id = i + 1));
  return report;
}
