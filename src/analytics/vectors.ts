// Small vector helpers over unit-length Float32Arrays. Pure.
export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) s += a[i]! * b[i]!;
  return s;
}

export function normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  const n = Math.sqrt(s);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i]! /= n;
  return v;
}

/** Normalised mean of unit vectors. */
export function centroid(vs: readonly Float32Array[], dim = vs[0]?.length ?? 0): Float32Array {
  const c = new Float32Array(dim);
  for (const v of vs) for (let i = 0; i < dim; i++) c[i]! += v[i]!;
  return normalize(c);
}
