// The classifier's trainable state as plain JSON (kept in classifier_model.state), the day-one rule it
// starts from, and the compiled form used for scoring. Pure.
import { fi } from './features.js';
import type { SparseVec } from './logreg.js';
import { sigmoid } from './logreg.js';

export const MODEL_FORMAT = 'dialogkunskap-needs/1';

/**
 * The day-one rule, which is also the centre of the supervised model's prior: logit =
 * bias + phrase·p + proto·z, where p is the phrase evidence (1 for one clear multi-word phrase) and
 * z the prototype z-score above Z_FLOOR. One clear phrase gives ≈ 0.82, one single-word phrase
 * ≈ 0.65, a phrase shared by two labels of a kind ≈ 0.4; without any phrase, a sentence whose
 * embedding stands out for one label (z ≈ 3.4, far above the other 24) reaches ≈ 0.5.
 */
export interface PriorWeights {
  phrase: number;
  proto: number;
  bias: number;
}
export const DEFAULT_PRIOR: PriorWeights = { phrase: 4.5, proto: 1.6, bias: -3.0 };

export interface LabelWeights {
  bias: number;
  /** Hashed feature indices and their weights (non-zero only). */
  idx: number[];
  w: number[];
}

export interface TrainingSummary {
  /** Passages with at least one label used in training. */
  examples: number;
  /** Reviewed label rows the model was trained from. */
  reviewedLabels: number;
  positives: Record<string, number>;
  /** Out-of-fold F1 per label at the chosen threshold (inner cross-validation). */
  cvF1?: Record<string, number>;
}

export interface ModelState {
  format: typeof MODEL_FORMAT;
  createdAt: string;
  /** Embedding model the "e:" weights belong to; they are ignored under another model. */
  embeddingModelId: string | null;
  embeddingDim: number;
  prior: PriorWeights;
  /** Trained weights per label id; a label missing here (e.g. new in the codebook) uses the prior. */
  labels: Record<string, LabelWeights>;
  thresholds: Record<string, number>;
  training: TrainingSummary | null;
}

export function defaultModel(prior: PriorWeights = DEFAULT_PRIOR): ModelState {
  return { format: MODEL_FORMAT, createdAt: new Date(0).toISOString(), embeddingModelId: null, embeddingDim: 0, prior, labels: {}, thresholds: {}, training: null };
}

export function isModelState(x: unknown): x is ModelState {
  return !!x && typeof x === 'object' && (x as { format?: unknown }).format === MODEL_FORMAT;
}

/** The prior weights of one label as sparse entries. */
export function priorEntries(labelId: string, prior: PriorWeights): Map<number, number> {
  return new Map([
    [fi(`p:${labelId}`), prior.phrase],
    [fi(`z:${labelId}`), prior.proto],
  ]);
}

/** A model ready for scoring: one weight row per feature index covering all labels. */
export interface CompiledModel {
  labelIds: string[];
  rows: Map<number, Float32Array>;
  bias: Float32Array;
  thresholds: Float32Array;
  /** Which labels use trained weights (false: the day-one rule). */
  trained: boolean[];
}

export const DEFAULT_THRESHOLD = 0.5;

export function compileModel(state: ModelState, labelIds: readonly string[], embeddingModelId: string | null): CompiledModel {
  const L = labelIds.length;
  const rows = new Map<number, Float32Array>();
  const bias = new Float32Array(L);
  const thresholds = new Float32Array(L);
  const trained: boolean[] = [];
  const dropEmbedding = state.embeddingModelId !== null && state.embeddingModelId !== embeddingModelId;
  const embeddingIdx = new Set<number>();
  if (dropEmbedding) for (let i = 0; i < state.embeddingDim; i++) embeddingIdx.add(fi(`e:${i}`));
  labelIds.forEach((id, l) => {
    const lw = state.labels[id];
    const entries: [number, number][] = lw ? lw.idx.map((j, k) => [j, lw.w[k]!]) : [...priorEntries(id, state.prior)];
    bias[l] = lw ? lw.bias : state.prior.bias;
    thresholds[l] = state.thresholds[id] ?? DEFAULT_THRESHOLD;
    trained.push(!!lw);
    for (const [j, w] of entries) {
      if (embeddingIdx.has(j)) continue;
      let row = rows.get(j);
      if (!row) rows.set(j, (row = new Float32Array(L)));
      row[l] = w;
    }
  });
  return { labelIds: [...labelIds], rows, bias, thresholds, trained };
}

/** Scores of all labels for one feature vector. */
export function scoreAll(m: CompiledModel, x: SparseVec): Float32Array {
  const z = Float32Array.from(m.bias);
  for (let k = 0; k < x.idx.length; k++) {
    const row = m.rows.get(x.idx[k]!);
    if (!row) continue;
    const v = x.val[k]!;
    for (let l = 0; l < row.length; l++) z[l]! += row[l]! * v;
  }
  return z.map(sigmoid);
}
