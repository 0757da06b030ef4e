// One-vs-rest L2 logistic regression over sparse feature vectors, written by hand.
//
// Why no library: the problem is small (hundreds to tens of thousands of reviewed passages, a few
// thousand active features, 25 labels), the model must serialise to plain JSON for the store, and
// we need one thing libraries for Node do not offer: an L2 penalty centred on *prior* weights
// (||w − w0||² instead of ||w||²). The prior is the day-one rule (phrase and embedding signals with
// hand-set weights), so with no reviews the trained model equals the rule and every review moves it
// a little. Full-batch Adam on a convex loss is enough at this size and is deterministic.

/** A sparse vector: parallel arrays of feature indices and values. */
export interface SparseVec {
  idx: Int32Array;
  val: Float32Array;
}

export interface TrainExample {
  x: SparseVec;
  /** 1 = positive, 0 = negative. */
  y: number;
  /** Sample weight (weak labels weigh less). */
  w: number;
}

export interface LogRegOptions {
  /** L2 strength on the weights (towards the prior). */
  l2: number;
  /** L2 strength on the bias (towards the prior bias); small, base rates differ between labels. */
  l2Bias: number;
  epochs: number;
  learningRate: number;
}

export const DEFAULT_LOGREG: LogRegOptions = { l2: 1.0, l2Bias: 0.01, epochs: 100, learningRate: 0.1 };

/** Weights of one binary model over a fixed dimension `dim`; `prior` is the centre of the penalty. */
export interface BinaryModel {
  weights: Float64Array;
  bias: number;
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

export function dot(w: ArrayLike<number>, x: SparseVec): number {
  let s = 0;
  for (let k = 0; k < x.idx.length; k++) s += w[x.idx[k]!]! * x.val[k]!;
  return s;
}

/**
 * Trains one binary model. Loss: Σ w_i·logloss_i / Σ w_i + l2/(2n)·||θ − θ0||² + l2Bias/(2n)·(b − b0)²,
 * i.e. the penalty weakens as data grows (MAP estimate with a Gaussian prior around the rule).
 */
export function trainBinary(
  examples: readonly TrainExample[],
  dim: number,
  prior: { weights: ArrayLike<number>; bias: number },
  opts: LogRegOptions = DEFAULT_LOGREG,
): BinaryModel {
  const w = Float64Array.from({ length: dim }, (_, j) => prior.weights[j] ?? 0);
  let b = prior.bias;
  if (examples.length === 0) return { weights: w, bias: b };
  const totalW = examples.reduce((s, e) => s + e.w, 0) || 1;
  const m = new Float64Array(dim);
  const v = new Float64Array(dim);
  let mb = 0;
  let vb = 0;
  const g = new Float64Array(dim);
  const beta1 = 0.9;
  const beta2 = 0.999;
  const eps = 1e-8;
  const lam = opts.l2 / totalW;
  const lamB = opts.l2Bias / totalW;
  for (let t = 1; t <= opts.epochs; t++) {
    g.fill(0);
    let gb = 0;
    for (const e of examples) {
      const p = sigmoid(dot(w, e.x) + b);
      const r = ((p - e.y) * e.w) / totalW;
      for (let k = 0; k < e.x.idx.length; k++) g[e.x.idx[k]!]! += r * e.x.val[k]!;
      gb += r;
    }
    for (let j = 0; j < dim; j++) g[j]! += lam * (w[j]! - (prior.weights[j] ?? 0));
    gb += lamB * (b - prior.bias);
    const c1 = 1 - Math.pow(beta1, t);
    const c2 = 1 - Math.pow(beta2, t);
    for (let j = 0; j < dim; j++) {
      const gj = g[j]!;
      m[j] = beta1 * m[j]! + (1 - beta1) * gj;
      v[j] = beta2 * v[j]! + (1 - beta2) * gj * gj;
      w[j]! -= (opts.learningRate * (m[j]! / c1)) / (Math.sqrt(v[j]! / c2) + eps);
    }
    mb = beta1 * mb + (1 - beta1) * gb;
    vb = beta2 * vb + (1 - beta2) * gb * gb;
    b -= (opts.learningRate * (mb / c1)) / (Math.sqrt(vb / c2) + eps);
  }
  return { weights: w, bias: b };
}

/** An example for all labels at once: target and weight per label (weight 0: label unknown here). */
export interface MultiExample {
  x: SparseVec;
  y: Float32Array;
  w: Float32Array;
}

/**
 * All labels' binary models in one pass over the data (same loss and prior as trainBinary, per label).
 * Weights are laid out feature-major: W[j·L + l]. Used for training; the per-label form above is the
 * reference implementation the tests compare against.
 */
export function trainMulti(
  examples: readonly MultiExample[],
  dim: number,
  L: number,
  prior: { weights: Float64Array; bias: Float64Array },
  opts: LogRegOptions = DEFAULT_LOGREG,
): { weights: Float64Array; bias: Float64Array } {
  const W = Float64Array.from(prior.weights);
  const b = Float64Array.from(prior.bias);
  const totalW = new Float64Array(L);
  for (const e of examples) for (let l = 0; l < L; l++) totalW[l]! += e.w[l]!;
  for (let l = 0; l < L; l++) if (totalW[l] === 0) totalW[l] = 1;
  const lam = Float64Array.from(totalW, (t) => opts.l2 / t);
  const lamB = Float64Array.from(totalW, (t) => opts.l2Bias / t);
  const G = new Float64Array(dim * L);
  const M = new Float64Array(dim * L);
  const V = new Float64Array(dim * L);
  const gb = new Float64Array(L);
  const mb = new Float64Array(L);
  const vb = new Float64Array(L);
  const z = new Float64Array(L);
  const beta1 = 0.9;
  const beta2 = 0.999;
  const eps = 1e-8;
  if (examples.length === 0) return { weights: W, bias: b };
  for (let t = 1; t <= opts.epochs; t++) {
    G.fill(0);
    gb.fill(0);
    for (const e of examples) {
      const { idx, val } = e.x;
      z.set(b);
      for (let k = 0; k < idx.length; k++) {
        const base = idx[k]! * L;
        const v = val[k]!;
        for (let l = 0; l < L; l++) z[l]! += W[base + l]! * v;
      }
      for (let l = 0; l < L; l++) {
        const zl = z[l]!;
        const p = zl >= 0 ? 1 / (1 + Math.exp(-zl)) : Math.exp(zl) / (1 + Math.exp(zl));
        z[l] = ((p - e.y[l]!) * e.w[l]!) / totalW[l]!;
        gb[l]! += z[l]!;
      }
      for (let k = 0; k < idx.length; k++) {
        const base = idx[k]! * L;
        const v = val[k]!;
        for (let l = 0; l < L; l++) G[base + l]! += z[l]! * v;
      }
    }
    const c1 = 1 - Math.pow(beta1, t);
    const c2 = 1 - Math.pow(beta2, t);
    for (let j = 0; j < dim; j++) {
      const base = j * L;
      for (let l = 0; l < L; l++) {
        const q = base + l;
        const g = G[q]! + lam[l]! * (W[q]! - prior.weights[q]!);
        M[q] = beta1 * M[q]! + (1 - beta1) * g;
        V[q] = beta2 * V[q]! + (1 - beta2) * g * g;
        W[q]! -= (opts.learningRate * (M[q]! / c1)) / (Math.sqrt(V[q]! / c2) + eps);
      }
    }
    for (let l = 0; l < L; l++) {
      const g = gb[l]! + lamB[l]! * (b[l]! - prior.bias[l]!);
      mb[l] = beta1 * mb[l]! + (1 - beta1) * g;
      vb[l] = beta2 * vb[l]! + (1 - beta2) * g * g;
      b[l]! -= (opts.learningRate * (mb[l]! / c1)) / (Math.sqrt(vb[l]! / c2) + eps);
    }
  }
  return { weights: W, bias: b };
}

export function predictBinary(model: BinaryModel, x: SparseVec): number {
  return sigmoid(dot(model.weights, x) + model.bias);
}
