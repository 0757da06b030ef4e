// Similar huvudmän: a profile per huvudman that combines structure (type, size, skolformer) with
// needs (which codebook labels its approved passages carry, and where its text lies in the
// embedding space), compared by weighted similarity, each result with what the two share.
import { loadCodebook } from '../codebook/index.js';
import { huvudmanSektor } from '../ingest/vocabulary.js';
import type { Db } from '../store/db.js';
import type { PassageCatalog } from './catalog.js';
import { isOnlyForskola } from './filters.js';
import type { VectorIndex } from './vector-index.js';

export interface SimilarHuvudman {
  huvudmanId: string;
  namn: string;
  score: number;
  why: string;
}

interface Profile {
  id: string;
  namn: string;
  typ: string;
  size: number | null;
  skolformer: string[];
  /** Share of the huvudman's passages carrying each label. */
  labels: Map<string, number>;
  centroid: Float32Array | null;
}

const WEIGHTS = { structure: 0.35, labels: 0.35, text: 0.3 };

export function sizeClass(size: number | null): string | null {
  if (size === null) return null;
  return size <= 50 ? '≤ 50' : size <= 500 ? '51–500' : '> 500';
}

function buildProfiles(db: Db, catalog: PassageCatalog, vectors: VectorIndex | null): Map<string, Profile> {
  const rows = db.$client.prepare(`SELECT id, namn, typ, antal_barn_elever AS size, skolformer FROM huvudman`).all() as {
    id: string; namn: string; typ: string; size: number | null; skolformer: string;
  }[];
  const profiles = new Map<string, Profile>();
  for (const r of rows) profiles.set(r.id, { ...r, skolformer: JSON.parse(r.skolformer) as string[], labels: new Map(), centroid: null });
  const counts = new Map<string, number>();
  for (const m of catalog.all()) {
    const p = profiles.get(m.huvudmanId);
    if (!p) continue;
    counts.set(p.id, (counts.get(p.id) ?? 0) + 1);
    for (const l of m.labels) p.labels.set(l, (p.labels.get(l) ?? 0) + 1);
    const v = vectors?.vectorOf(m.num);
    if (v) {
      p.centroid ??= new Float32Array(v.length);
      for (let i = 0; i < v.length; i++) p.centroid[i]! += v[i]!;
    }
  }
  for (const p of profiles.values()) {
    const n = counts.get(p.id) ?? 0;
    for (const [l, c] of p.labels) p.labels.set(l, c / Math.max(1, n));
    if (p.centroid) normalize(p.centroid);
  }
  return profiles;
}

function normalize(v: Float32Array): void {
  let s = 0;
  for (const x of v) s += x * x;
  const n = Math.sqrt(s) || 1;
  for (let i = 0; i < v.length; i++) v[i]! /= n;
}

function structureSimilarity(a: Profile, b: Profile): number {
  const typ = a.typ === b.typ ? 1 : huvudmanSektor(a.typ) === huvudmanSektor(b.typ) ? 0.6 : 0;
  const size = a.size !== null && b.size !== null ? 1 - Math.min(1, Math.abs(Math.log10(a.size + 1) - Math.log10(b.size + 1)) / 2) : 0.5;
  const sa = new Set(a.skolformer);
  const inter = b.skolformer.filter((s) => sa.has(s)).length;
  const jaccard = inter / (sa.size + b.skolformer.length - inter || 1);
  return (typ + size + jaccard) / 3;
}

function labelSimilarity(a: Profile, b: Profile): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [, v] of a.labels) na += v * v;
  for (const [l, v] of b.labels) {
    nb += v * v;
    dot += v * (a.labels.get(l) ?? 0);
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

function textSimilarity(a: Profile, b: Profile): number {
  if (!a.centroid || !b.centroid) return 0;
  let dot = 0;
  for (let i = 0; i < a.centroid.length; i++) dot += a.centroid[i]! * b.centroid[i]!;
  return Math.max(0, dot);
}

function explain(a: Profile, b: Profile): string {
  const parts: string[] = [];
  if (a.typ === b.typ) parts.push(`samma typ (${a.typ})`);
  else if (huvudmanSektor(a.typ) === huvudmanSektor(b.typ)) parts.push(`båda ${huvudmanSektor(a.typ)}a`);
  if (sizeClass(a.size) && sizeClass(a.size) === sizeClass(b.size)) parts.push(`samma storlek (${sizeClass(a.size)} barn/elever)`);
  if (isOnlyForskola(a.skolformer) && isOnlyForskola(b.skolformer)) parts.push('endast förskola');
  else {
    const shared = b.skolformer.filter((s) => a.skolformer.includes(s));
    if (shared.length) parts.push(`gemensamma skolformer: ${shared.join(', ')}`);
  }
  const cb = loadCodebook();
  const sharedLabels = [...b.labels]
    .filter(([l]) => a.labels.has(l))
    .map(([l, v]) => [l, Math.min(v, a.labels.get(l)!)] as const)
    .sort((x, y) => y[1] - x[1])
    .slice(0, 3)
    .map(([l]) => cb.byId.get(l)?.name ?? l);
  if (sharedLabels.length) parts.push(`liknande behov: ${sharedLabels.join(', ')}`);
  return parts.join('; ') || 'liknande innehåll i anteckningarna';
}

export function similarHuvudman(db: Db, catalog: PassageCatalog, vectors: VectorIndex | null, huvudmanId: string, limit = 5): SimilarHuvudman[] {
  const profiles = buildProfiles(db, catalog, vectors);
  const me = profiles.get(huvudmanId);
  if (!me) throw new Error(`okänd huvudman "${huvudmanId}"`);
  const out: SimilarHuvudman[] = [];
  for (const other of profiles.values()) {
    if (other.id === me.id) continue;
    const score = WEIGHTS.structure * structureSimilarity(me, other) + WEIGHTS.labels * labelSimilarity(me, other) + WEIGHTS.text * textSimilarity(me, other);
    out.push({ huvudmanId: other.id, namn: other.namn, score: Number(score.toFixed(4)), why: explain(me, other) });
  }
  return out.sort((a, b) => b.score - a.score || a.huvudmanId.localeCompare(b.huvudmanId)).slice(0, limit);
}
