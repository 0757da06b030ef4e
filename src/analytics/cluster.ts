// Spherical k-means (cosine) with k-means++ seeding from a seeded generator, and a choice of k by
// the simplified silhouette. Deterministic for the same input and seed. Pure.
import { dot, normalize } from './vectors.js';
import { seededRandom } from '../util/seeded-random.js';

export interface KMeansResult {
  k: number;
  assign: Int32Array;
  centroids: Float32Array[];
  /** Cosine of each point to its centroid. */
  similarity: Float32Array;
  iterations: number;
}

function seedCentroids(vs: readonly Float32Array[], k: number, rand: () => number): Float32Array[] {
  const cs: Float32Array[] = [Float32Array.from(vs[Math.floor(rand() * vs.length)]!)];
  const d2 = new Float64Array(vs.length).fill(Infinity);
  while (cs.length < k) {
    const last = cs[cs.length - 1]!;
    let total = 0;
    for (let i = 0; i < vs.length; i++) {
      const d = Math.max(0, 1 - dot(vs[i]!, last));
      if (d < d2[i]!) d2[i] = d;
      total += d2[i]! * d2[i]!;
    }
    if (total === 0) break; // fewer distinct points than k
    let r = rand() * total;
    let pick = vs.length - 1;
    for (let i = 0; i < vs.length; i++) {
      r -= d2[i]! * d2[i]!;
      if (r <= 0) {
        pick = i;
        break;
      }
    }
    cs.push(Float32Array.from(vs[pick]!));
  }
  return cs;
}

export function assignTo(vs: readonly Float32Array[], centroids: readonly Float32Array[]): { assign: Int32Array; similarity: Float32Array } {
  const assign = new Int32Array(vs.length);
  const similarity = new Float32Array(vs.length);
  for (let i = 0; i < vs.length; i++) {
    let best = -Infinity;
    let bi = 0;
    for (let c = 0; c < centroids.length; c++) {
      const s = dot(vs[i]!, centroids[c]!);
      if (s > best) {
        best = s;
        bi = c;
      }
    }
    assign[i] = bi;
    similarity[i] = best;
  }
  return { assign, similarity };
}

/** Unit vectors in, k clusters out (fewer when there are fewer distinct points). */
export function kmeans(vs: readonly Float32Array[], k: number, opts: { seed?: number; maxIter?: number } = {}): KMeansResult {
  const dim = vs[0]?.length ?? 0;
  if (!vs.length || k < 1) return { k: 0, assign: new Int32Array(vs.length), centroids: [], similarity: new Float32Array(vs.length), iterations: 0 };
  const rand = seededRandom(opts.seed ?? 42);
  let centroids = seedCentroids(vs, Math.min(k, vs.length), rand);
  let { assign, similarity } = assignTo(vs, centroids);
  let it = 0;
  for (; it < (opts.maxIter ?? 40); it++) {
    const sums = centroids.map(() => new Float32Array(dim));
    const counts = new Int32Array(centroids.length);
    for (let i = 0; i < vs.length; i++) {
      const c = assign[i]!;
      counts[c]!++;
      const s = sums[c]!;
      const v = vs[i]!;
      for (let j = 0; j < dim; j++) s[j]! += v[j]!;
    }
    centroids = sums.map((s, c) => (counts[c]! > 0 ? normalize(s) : centroids[c]!));
    const next = assignTo(vs, centroids);
    let moved = 0;
    for (let i = 0; i < vs.length; i++) if (next.assign[i] !== assign[i]) moved++;
    assign = next.assign;
    similarity = next.similarity;
    if (moved === 0) break;
  }
  // Drop empty clusters and renumber.
  const used = [...new Set(assign)].sort((a, b) => a - b);
  const remap = new Map(used.map((c, i) => [c, i]));
  return { k: used.length, assign: assign.map((c) => remap.get(c)!), centroids: used.map((c) => centroids[c]!), similarity, iterations: it + 1 };
}

/** Mean simplified silhouette: (b − a) / max(a, b) with a, b the cosine distances to the own and the nearest other centroid. */
export function simplifiedSilhouette(vs: readonly Float32Array[], r: KMeansResult): number {
  if (r.k < 2) return 0;
  let sum = 0;
  for (let i = 0; i < vs.length; i++) {
    const own = r.assign[i]!;
    const a = 1 - r.similarity[i]!;
    let b = Infinity;
    for (let c = 0; c < r.k; c++) if (c !== own) b = Math.min(b, 1 - dot(vs[i]!, r.centroids[c]!));
    const m = Math.max(a, b);
    sum += m > 0 ? (b - a) / m : 0;
  }
  return sum / vs.length;
}

/**
 * Clusters with k chosen among a few candidates by the simplified silhouette on a sample
 * (at most `sample` points, default 1,500), then fitted on at most `fitOn` points (default 4,000)
 * and every point assigned to the nearest centre.
 */
export function clusterAuto(
  vs: readonly Float32Array[],
  opts: { k?: number; maxK?: number; seed?: number; sample?: number; fitOn?: number } = {},
): KMeansResult & { silhouette: number } {
  const seed = opts.seed ?? 42;
  const rand = seededRandom(seed + 1);
  const pickSample = (n: number) => {
    if (vs.length <= n) return [...vs];
    const idx = Array.from({ length: vs.length }, (_, i) => i);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(rand() * (idx.length - i));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    return idx.slice(0, n).map((i) => vs[i]!);
  };
  let k = opts.k;
  let silhouette = 0;
  if (k === undefined) {
    const sample = pickSample(opts.sample ?? 1500);
    const maxK = Math.min(opts.maxK ?? 32, Math.floor(sample.length / 3));
    // A theme someone can name is a few dozen passages, not hundreds: at least one cluster per 60.
    const minK = Math.min(maxK, Math.max(2, Math.ceil(vs.length / 60)));
    let best = -Infinity;
    k = Math.min(2, Math.max(1, sample.length));
    const cands = [...new Set([minK, ...[2, 3, 4, 6, 8, 12, 16, 24, 32].filter((c) => c >= minK && c <= maxK)])];
    for (const cand of cands) {
      const r = kmeans(sample, cand, { seed, maxIter: 10 });
      // A small preference for fewer clusters: a theme should be broad enough to name.
      const s = simplifiedSilhouette(sample, r) - 0.002 * cand;
      if (s > best) {
        best = s;
        k = cand;
      }
    }
    silhouette = Math.max(0, best);
  }
  const fit = pickSample(opts.fitOn ?? 4000);
  const r = kmeans(fit, k, { seed, maxIter: 20 });
  const all = fit.length === vs.length ? r : { ...r, ...assignTo(vs, r.centroids) };
  return { ...all, silhouette: opts.k === undefined ? silhouette : simplifiedSilhouette(fit, r) };
}
