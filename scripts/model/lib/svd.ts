/**
 * Co-occurrence counting, PPMI and a randomized truncated SVD (Halko, Martinsson & Tropp 2011),
 * written on typed arrays so it needs no matrix library.
 */
import { Rng } from './rng.js';

/** Symmetric sparse matrix in CSR form. */
export interface Csr {
  n: number;
  rowPtr: Int32Array;
  col: Int32Array;
  val: Float32Array;
}

/**
 * Accumulates weighted co-occurrences in a symmetric window (weight 1/distance), never across
 * sequence boundaries. Keys pack (row, col) into one number (n < 2^26).
 */
export class CooccurrenceCounter {
  private readonly map = new Map<number, number>();
  constructor(readonly n: number, readonly window: number) {}

  addSequence(ids: Int32Array | number[], weight: number, skip: (id: number) => boolean): void {
    const len = ids.length;
    for (let i = 0; i < len; i++) {
      const a = ids[i]!;
      if (skip(a)) continue;
      const end = Math.min(len, i + this.window + 1);
      for (let j = i + 1; j < end; j++) {
        const b = ids[j]!;
        if (skip(b) || a === b) continue;
        const w = weight / (j - i);
        const k1 = a * this.n + b;
        const k2 = b * this.n + a;
        this.map.set(k1, (this.map.get(k1) ?? 0) + w);
        this.map.set(k2, (this.map.get(k2) ?? 0) + w);
      }
    }
  }

  get size(): number {
    return this.map.size;
  }

  toCsr(): Csr {
    const n = this.n;
    const counts = new Int32Array(n + 1);
    for (const k of this.map.keys()) counts[Math.floor(k / n) + 1]!++;
    for (let i = 0; i < n; i++) counts[i + 1]! += counts[i]!;
    const rowPtr = counts;
    const fill = rowPtr.slice(0, n);
    const col = new Int32Array(this.map.size);
    const val = new Float32Array(this.map.size);
    for (const [k, v] of this.map) {
      const r = Math.floor(k / n);
      const c = k - r * n;
      const p = fill[r]!++;
      col[p] = c;
      val[p] = v;
    }
    return { n, rowPtr, col, val };
  }
}

/**
 * Positive PMI with context-distribution smoothing (Levy, Goldberg & Dagan 2015):
 * PPMI(i,j) = max(0, log( P(i,j) / (P(i) · P_α(j)) )), P_α(j) ∝ c(j)^α.
 */
export function ppmi(m: Csr, alpha = 0.75, shift = 0): Csr {
  const { n, rowPtr, col, val } = m;
  const rowSum = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let p = rowPtr[i]!; p < rowPtr[i + 1]!; p++) s += val[p]!;
    rowSum[i] = s;
    total += s;
  }
  let alphaTotal = 0;
  const ctxA = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    ctxA[j] = Math.pow(rowSum[j]!, alpha);
    alphaTotal += ctxA[j]!;
  }
  const out = new Float32Array(val.length);
  for (let i = 0; i < n; i++) {
    const pi = rowSum[i]! / total;
    for (let p = rowPtr[i]!; p < rowPtr[i + 1]!; p++) {
      const j = col[p]!;
      const pij = val[p]! / total;
      const pj = ctxA[j]! / alphaTotal;
      const v = Math.log(pij / (pi * pj)) - shift;
      out[p] = v > 0 ? v : 0;
    }
  }
  return { n, rowPtr, col, val: out };
}

/** Y = M · X for sparse M (n×n) and dense X (n×k, row-major). */
function spmm(m: Csr, x: Float64Array, k: number): Float64Array {
  const y = new Float64Array(m.n * k);
  for (let i = 0; i < m.n; i++) {
    const yo = i * k;
    for (let p = m.rowPtr[i]!; p < m.rowPtr[i + 1]!; p++) {
      const v = m.val[p]!;
      if (v === 0) continue;
      const xo = m.col[p]! * k;
      for (let c = 0; c < k; c++) y[yo + c]! += v * x[xo + c]!;
    }
  }
  return y;
}

/** Orthonormalise the columns of a dense n×k matrix in place (modified Gram–Schmidt, twice). */
function orthonormalize(a: Float64Array, n: number, k: number): void {
  const cols: Float64Array[] = [];
  for (let c = 0; c < k; c++) {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = a[i * k + c]!;
    cols.push(col);
  }
  for (let pass = 0; pass < 2; pass++) {
    for (let c = 0; c < k; c++) {
      const cur = cols[c]!;
      for (let prev = 0; prev < c; prev++) {
        const pv = cols[prev]!;
        let dot = 0;
        for (let i = 0; i < n; i++) dot += cur[i]! * pv[i]!;
        for (let i = 0; i < n; i++) cur[i]! -= dot * pv[i]!;
      }
      let norm = 0;
      for (let i = 0; i < n; i++) norm += cur[i]! * cur[i]!;
      norm = Math.sqrt(norm) || 1;
      for (let i = 0; i < n; i++) cur[i]! /= norm;
    }
  }
  for (let c = 0; c < k; c++) {
    const col = cols[c]!;
    for (let i = 0; i < n; i++) a[i * k + c] = col[i]!;
  }
}

/** Eigen-decomposition of a small symmetric matrix (cyclic Jacobi). Returns values, vectors (columns). */
export function symmetricEigen(a: Float64Array, k: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(k * k);
  for (let i = 0; i < k; i++) v[i * k + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < k; p++) for (let q = p + 1; q < k; q++) off += m[p * k + q]! * m[p * k + q]!;
    if (off < 1e-22) break;
    for (let p = 0; p < k; p++) {
      for (let q = p + 1; q < k; q++) {
        const apq = m[p * k + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const app = m[p * k + p]!;
        const aqq = m[q * k + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < k; r++) {
          const mrp = m[r * k + p]!;
          const mrq = m[r * k + q]!;
          m[r * k + p] = c * mrp - s * mrq;
          m[r * k + q] = s * mrp + c * mrq;
        }
        for (let r = 0; r < k; r++) {
          const mpr = m[p * k + r]!;
          const mqr = m[q * k + r]!;
          m[p * k + r] = c * mpr - s * mqr;
          m[q * k + r] = s * mpr + c * mqr;
        }
        for (let r = 0; r < k; r++) {
          const vrp = v[r * k + p]!;
          const vrq = v[r * k + q]!;
          v[r * k + p] = c * vrp - s * vrq;
          v[r * k + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const values = new Float64Array(k);
  for (let i = 0; i < k; i++) values[i] = m[i * k + i]!;
  return { values, vectors: v };
}

/**
 * Rank-`dim` randomized SVD of a symmetric sparse matrix. Returns U·Σ^power (n × dim, float32),
 * the usual eigenvalue weighting for word vectors (power 0.5), and the singular values.
 */
export function randomizedSvd(
  m: Csr,
  dim: number,
  opts: { oversample?: number; powerIters?: number; power?: number; seed: number; log?: (s: string) => void },
): { vectors: Float32Array; singular: Float64Array } {
  const n = m.n;
  const l = dim + (opts.oversample ?? 16);
  const rng = new Rng(opts.seed);
  let y: Float64Array = new Float64Array(n * l);
  for (let i = 0; i < y.length; i++) y[i] = rng.normal();
  y = spmm(m, y, l);
  orthonormalize(y, n, l);
  for (let it = 0; it < (opts.powerIters ?? 2); it++) {
    y = spmm(m, y, l); // M symmetric: Mᵀ = M
    orthonormalize(y, n, l);
    opts.log?.(`  power iteration ${it + 1}`);
  }
  const q = y;
  // B = Qᵀ M (l × n); since M is symmetric, Bᵀ = M Q.
  const bt = spmm(m, q, l); // n × l
  // B Bᵀ (l × l)
  const g = new Float64Array(l * l);
  for (let i = 0; i < n; i++) {
    const o = i * l;
    for (let a = 0; a < l; a++) {
      const va = bt[o + a]!;
      if (va === 0) continue;
      for (let b = a; b < l; b++) g[a * l + b]! += va * bt[o + b]!;
    }
  }
  for (let a = 0; a < l; a++) for (let b = 0; b < a; b++) g[a * l + b] = g[b * l + a]!;
  const { values, vectors } = symmetricEigen(g, l);
  const order = Array.from({ length: l }, (_, i) => i).sort((a, b) => values[b]! - values[a]!);
  const singular = new Float64Array(dim);
  const power = opts.power ?? 0.5;
  const out = new Float32Array(n * dim);
  // U = Q · U_B, where U_B are eigenvectors of B Bᵀ; scale column c by σ_c^power.
  for (let c = 0; c < dim; c++) {
    const e = order[c]!;
    const sigma = Math.sqrt(Math.max(values[e]!, 0));
    singular[c] = sigma;
    const scale = Math.pow(sigma, power);
    for (let i = 0; i < n; i++) {
      let s = 0;
      const o = i * l;
      for (let a = 0; a < l; a++) s += q[o + a]! * vectors[a * l + e]!;
      out[i * dim + c] = s * scale;
    }
  }
  return { vectors: out, singular };
}
