// Training the supervised part from labelled passages: one L2 logistic regression per label (its
// penalty centred on the day-one rule, see logreg.ts), all labels fitted in one pass, and a
// per-label threshold tuned on out-of-fold scores from grouped cross-validation inside the training
// data. (A stacked second stage over all labels' scores and class re-weighting were tried and gave
// no gain on the fixture evaluation, so they are not here.) Pure: examples in, JSON-serialisable state out.
import { groupFolds } from './folds.js';
import { DEFAULT_LOGREG, trainMulti, type LogRegOptions, type MultiExample, type SparseVec } from './logreg.js';
import { DEFAULT_PRIOR, MODEL_FORMAT, priorEntries, type LabelWeights, type ModelState, type PriorWeights } from './model.js';
import { DEFAULT_THRESHOLD_OPTIONS, tuneThreshold, type ThresholdOptions } from './thresholds.js';

export interface LabelTarget {
  /** 1 = the label applies, 0 = it does not. */
  y: 0 | 1;
  /** Weight: 1 for a person's review, less for weak labels. */
  w: number;
}

export interface TrainingExample {
  x: SparseVec;
  /** Cross-validation group (the huvudman). */
  group: string;
  /** Only the labels known for this passage; the others are left out of that label's training. */
  labels: Record<string, LabelTarget>;
}

export interface TrainOptions {
  logreg?: Partial<LogRegOptions>;
  prior?: PriorWeights;
  thresholds?: Partial<ThresholdOptions>;
  /** Folds of the inner cross-validation for the thresholds (below 2: default thresholds). */
  innerFolds?: number;
  embeddingModelId?: string | null;
  embeddingDim?: number;
  /** Reviewed label rows behind the examples (recorded in the state). */
  reviewedLabels?: number;
  now?: Date;
}

/** Weights are stored with five decimals; smaller ones are dropped. */
const WEIGHT_DIGITS = 1e5;

interface Fitted {
  /** Global (hashed) feature index per compact slot. */
  globalIdx: number[];
  weights: Float64Array;
  bias: Float64Array;
}

export function trainModel(examples: readonly TrainingExample[], labelIds: readonly string[], opts: TrainOptions = {}): ModelState {
  const prior = opts.prior ?? DEFAULT_PRIOR;
  const lr: LogRegOptions = { ...DEFAULT_LOGREG, ...opts.logreg };
  const th: ThresholdOptions = { ...DEFAULT_THRESHOLD_OPTIONS, ...opts.thresholds };
  const innerFolds = opts.innerFolds ?? 4;
  const L = labelIds.length;
  const data: (MultiExample & { group: string })[] = examples
    .map((e) => ({
      x: e.x,
      group: e.group,
      y: Float32Array.from(labelIds, (id) => e.labels[id]?.y ?? 0),
      w: Float32Array.from(labelIds, (id) => Math.max(0, e.labels[id]?.w ?? 0)),
    }))
    .filter((e) => e.w.some((w) => w > 0));
  const known = labelIds.map((_, l) => data.some((e) => e.w[l]! > 0));
  const positives = labelIds.map((_, l) => data.filter((e) => e.w[l]! > 0 && e.y[l] === 1).length);

  const fitted = fit(data, labelIds, prior, lr);

  // Thresholds from out-of-fold scores of a grouped inner cross-validation.
  const thresholds: Record<string, number> = {};
  const cvF1: Record<string, number> = {};
  const { fold, k } = groupFolds(data.map((e) => e.group), innerFolds);
  const canTune = innerFolds >= 2 && k >= 2 && positives.some((p) => p >= th.minPositives);
  const oof: Float64Array[] = data.map(() => new Float64Array(L));
  if (canTune) {
    for (let f = 0; f < k; f++) {
      const score = scorer(fit(data.filter((_, i) => fold[i] !== f), labelIds, prior, lr), L);
      data.forEach((e, i) => {
        if (fold[i] === f) oof[i] = score(e.x);
      });
    }
  }
  labelIds.forEach((id, l) => {
    if (!known[l]) return;
    const rows = data.map((e, i) => ({ e, i })).filter((r) => r.e.w[l]! > 0);
    if (!canTune || positives[l]! < th.minPositives) {
      thresholds[id] = th.defaultThreshold;
      return;
    }
    const s = rows.map((r) => oof[r.i]![l]!);
    const ys = rows.map((r) => r.e.y[l]!);
    thresholds[id] = tuneThreshold(s, ys, th);
    cvF1[id] = f1At(s, ys, thresholds[id]!);
  });

  const labels: Record<string, LabelWeights> = {};
  labelIds.forEach((id, l) => {
    if (!known[l]) return; // no data: the label keeps the prior
    const idx: number[] = [];
    const w: number[] = [];
    fitted.globalIdx.forEach((j, s) => {
      const v = round5(fitted.weights[s * L + l]!);
      if (v !== 0) {
        idx.push(j);
        w.push(v);
      }
    });
    labels[id] = { bias: round5(fitted.bias[l]!), idx, w };
  });
  return {
    format: MODEL_FORMAT,
    createdAt: (opts.now ?? new Date()).toISOString(),
    embeddingModelId: opts.embeddingModelId ?? null,
    embeddingDim: opts.embeddingDim ?? 0,
    prior,
    labels,
    thresholds,
    training: {
      examples: data.length,
      reviewedLabels: opts.reviewedLabels ?? data.length,
      positives: Object.fromEntries(labelIds.filter((_, l) => known[l]).map((id) => [id, positives[labelIds.indexOf(id)]!])),
      cvF1,
    },
  };
}

/** Fits all labels in a compact index space (features that occur, plus the prior's). */
function fit(data: readonly MultiExample[], labelIds: readonly string[], prior: PriorWeights, lr: LogRegOptions): Fitted {
  const L = labelIds.length;
  const compact = new Map<number, number>();
  const globalIdx: number[] = [];
  const slot = (j: number) => {
    let s = compact.get(j);
    if (s === undefined) {
      s = globalIdx.length;
      compact.set(j, s);
      globalIdx.push(j);
    }
    return s;
  };
  const priorRows = labelIds.map((id) => priorEntries(id, prior));
  for (const pr of priorRows) for (const j of pr.keys()) slot(j);
  const local = data.map((e) => ({ x: { idx: Int32Array.from(e.x.idx, slot), val: e.x.val }, y: e.y, w: e.w }));
  const dim = globalIdx.length;
  const W0 = new Float64Array(dim * L);
  priorRows.forEach((pr, l) => {
    for (const [j, w] of pr) W0[compact.get(j)! * L + l] = w;
  });
  const b0 = new Float64Array(L).fill(prior.bias);
  const m = trainMulti(local, dim, L, { weights: W0, bias: b0 }, lr);
  return { globalIdx, weights: m.weights, bias: m.bias };
}

const round5 = (x: number) => Math.round(x * WEIGHT_DIGITS) / WEIGHT_DIGITS;
/** Scores of all labels under a fitted model. */
function scorer(m: Fitted, L: number): (x: SparseVec) => Float64Array {
  const slotOf = new Map(m.globalIdx.map((j, s) => [j, s]));
  return (x) => {
    const z = Float64Array.from(m.bias);
    for (let k = 0; k < x.idx.length; k++) {
      const s = slotOf.get(x.idx[k]!);
      if (s === undefined) continue;
      const v = x.val[k]!;
      for (let l = 0; l < L; l++) z[l]! += m.weights[s * L + l]! * v;
    }
    return z.map((v) => 1 / (1 + Math.exp(-v)));
  };
}

function f1At(scores: readonly number[], ys: readonly number[], t: number): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  scores.forEach((s, i) => {
    const p = s >= t;
    if (p && ys[i]) tp++;
    else if (p) fp++;
    else if (ys[i]) fn++;
  });
  return tp ? Math.round(((2 * tp) / (2 * tp + fp + fn)) * 1000) / 1000 : 0;
}
