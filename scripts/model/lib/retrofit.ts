/**
 * Retrofitting (Faruqui et al. 2015), generalised to multi-token items.
 *
 * Minimises   Σ_t α_t ‖q_t − q̂_t‖²  +  Σ_(A,B) β_AB ‖m(A) − m(B)‖²
 * where q̂ are the distributional vectors, A and B are words or phrases that should be close, and
 * m(A) = Σ_{t∈A} ω_t q_t is the weighted mean of A's token vectors (ω from the same frequency
 * weights that pooling will use). With single-token items and one step size of 1 this is exactly
 * the classic Jacobi update q_i ← (α q̂_i + Σ β q_j) / (α + Σ β).
 */

export interface Item {
  ids: Int32Array;
  /** Weights summing to 1. */
  w: Float32Array;
}

export interface Edge {
  a: Item;
  b: Item;
  beta: number;
}

export function retrofit(
  base: Float32Array,
  n: number,
  dim: number,
  alpha: Float32Array,
  edges: Edge[],
  opts: { iterations: number; step?: number; log?: (s: string) => void },
): Float32Array {
  const q = Float32Array.from(base);
  const g = new Float32Array(n * dim);
  const h = new Float32Array(n);
  const ma = new Float32Array(dim);
  const mb = new Float32Array(dim);
  const step = opts.step ?? 1;
  const mean = (it: Item, out: Float32Array) => {
    out.fill(0);
    for (let k = 0; k < it.ids.length; k++) {
      const o = it.ids[k]! * dim;
      const w = it.w[k]!;
      for (let c = 0; c < dim; c++) out[c]! += w * q[o + c]!;
    }
  };
  for (let iter = 0; iter < opts.iterations; iter++) {
    g.fill(0);
    h.fill(0);
    for (let t = 0; t < n; t++) {
      const a = alpha[t]!;
      if (a === 0) continue;
      h[t] = a;
      const o = t * dim;
      for (let c = 0; c < dim; c++) g[o + c] = a * (q[o + c]! - base[o + c]!);
    }
    let loss = 0;
    for (const e of edges) {
      mean(e.a, ma);
      mean(e.b, mb);
      for (let c = 0; c < dim; c++) ma[c]! -= mb[c]!; // ma = d
      let d2 = 0;
      for (let c = 0; c < dim; c++) d2 += ma[c]! * ma[c]!;
      loss += e.beta * d2;
      for (const [it, sign] of [[e.a, 1], [e.b, -1]] as const) {
        for (let k = 0; k < it.ids.length; k++) {
          const t = it.ids[k]!;
          const s = e.beta * it.w[k]!;
          h[t]! += s;
          const o = t * dim;
          const f = sign * s;
          for (let c = 0; c < dim; c++) g[o + c]! += f * ma[c]!;
        }
      }
    }
    for (let t = 0; t < n; t++) {
      const ht = h[t]!;
      if (ht === 0) continue;
      const o = t * dim;
      const f = step / ht;
      for (let c = 0; c < dim; c++) q[o + c]! -= f * g[o + c]!;
    }
    opts.log?.(`  retrofit iteration ${iter + 1}: edge loss ${loss.toFixed(1)}`);
  }
  return q;
}
