// Signal (b): similarity in embedding space to each label's prototype, built from the codebook
// (name, description, examples, phrases). Static word-vector models share a strong common direction,
// so vectors are centred on the mean of all codebook texts before comparing. Similarities are also
// turned into z-scores across labels: "how much more this label than the others".
import type { Embedder } from '../embed/embedder.js';
import type { LabelSpec } from './labels.js';

export interface Prototypes {
  modelId: string;
  dim: number;
  /** Mean embedding of all codebook texts (the common direction). */
  mean: Float32Array;
  /** One centred unit vector per label, codebook order. */
  vectors: Float32Array[];
  /** Per label, the centred vectors of its single texts (description, examples, phrases). */
  members: Float32Array[][];
  /** The same vectors packed row by row (label l owns rows memberStart[l] … memberStart[l+1]),
   * since nearestMember runs for every sentence and a flat array keeps that loop tight. */
  memberMatrix: Float32Array;
  memberStart: Int32Array;
}

export type EmbedderLike = Pick<Embedder, 'embedPassages' | 'dim' | 'modelId'>;

export function normalize(v: Float32Array): Float32Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i]! * v[i]!;
  n = Math.sqrt(n);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i]! /= n;
  return v;
}

export function centre(v: Float32Array, mean: Float32Array): Float32Array {
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i]! - mean[i]!;
  return normalize(out);
}

function meanOf(vs: readonly Float32Array[], dim: number): Float32Array {
  const m = new Float32Array(dim);
  for (const v of vs) for (let i = 0; i < dim; i++) m[i]! += v[i]! / vs.length;
  return m;
}

export async function buildPrototypes(embedder: EmbedderLike, labels: readonly LabelSpec[]): Promise<Prototypes> {
  const groups = labels.map((l) => ({
    core: [l.entry.name, l.entry.description],
    examples: l.entry.examples ?? [],
    phrases: l.phrases.map((p) => p.text),
  }));
  const all = groups.flatMap((g) => [...g.core, ...g.examples, ...g.phrases]);
  const vecs = await embedder.embedPassages(all);
  const dim = embedder.dim;
  const mean = meanOf(vecs, dim);
  let k = 0;
  const take = (n: number) => vecs.slice(k, (k += n)).map((v) => centre(v, mean));
  const members: Float32Array[][] = [];
  const vectors = groups.map((g) => {
    const core = take(g.core.length);
    const ex = take(g.examples.length);
    const ph = take(g.phrases.length);
    members.push([core[1]!, ...ex, ...ph]);
    const parts = [...core];
    if (ex.length) parts.push(normalize(meanOf(ex, dim)));
    if (ph.length) parts.push(normalize(meanOf(ph, dim)));
    return normalize(meanOf(parts, dim));
  });
  const memberStart = new Int32Array(members.length + 1);
  members.forEach((ms, l) => (memberStart[l + 1] = memberStart[l]! + ms.length));
  const memberMatrix = new Float32Array(memberStart[members.length]! * dim);
  members.flat().forEach((v, r) => memberMatrix.set(v, r * dim));
  return { modelId: embedder.modelId, dim, mean, vectors, members, memberMatrix, memberStart };
}

/** Cosine of a centred unit vector with every prototype. */
export function similarities(centred: Float32Array, p: Prototypes): Float32Array {
  const out = new Float32Array(p.vectors.length);
  p.vectors.forEach((v, l) => {
    let s = 0;
    for (let i = 0; i < v.length; i++) s += v[i]! * centred[i]!;
    out[l] = s;
  });
  return out;
}

/** z-scores of similarities across labels. */
export function zScores(sims: Float32Array): Float32Array {
  const n = sims.length;
  let mu = 0;
  for (const s of sims) mu += s / n;
  let v = 0;
  for (const s of sims) v += (s - mu) ** 2 / n;
  const sd = Math.sqrt(v) || 1;
  return sims.map((s) => (s - mu) / sd);
}

/** Per label, the cosine of a centred unit vector with the label's nearest single text. */
export function nearestMember(centred: Float32Array, p: Prototypes): Float32Array {
  const labels = p.memberStart.length - 1;
  const out = new Float32Array(labels);
  const m = p.memberMatrix;
  const dim = p.dim;
  for (let l = 0; l < labels; l++) {
    let best = -1;
    for (let r = p.memberStart[l]!, end = p.memberStart[l + 1]!; r < end; r++) {
      let s = 0;
      for (let i = 0, o = r * dim; i < dim; i++, o++) s += m[o]! * centred[i]!;
      if (s > best) best = s;
    }
    out[l] = best;
  }
  return out;
}
