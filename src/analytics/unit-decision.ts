// Decisions at the level people count: does a note (or a dialogue) carry a label? Instead of "any
// passage is predicted", a small model of its own, trained on reviewed labels lifted to that level,
// reads the evidence of all the unit's passages for the label: the strongest and second-strongest
// passage score, the mean of the top three, how many passages are predicted and what share of the
// unit that is, and the unit's size. One pooled logistic regression over every label, with a bias
// per label, so that 25 labels share the little data there is. Its output is a probability, which
// the share estimator (share-estimate.ts) averages; the decision is that probability ≥ 0.5.
import { sigmoid, trainBinary, type SparseVec, type TrainExample } from '../classify/logreg.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { groupFolds } from '../classify/folds.js';
import { MIN_STORED_SCORE } from '../classify/predictions-store.js';
import type { LabelEstimate } from './types.js';

/** One passage's evidence for one label. */
export interface PassageEvidence {
  score: number;
  predicted: boolean;
  /** The note's type: an introduction names topics before any need is documented. */
  noteTyp?: string;
}

const DENSE = ['max', 'second', 'top3', 'predictedShare', 'predictedCount', 'logPassages', 'logitMax', 'logitTop3', 'maxOutsideIntro', 'maxInIntro'] as const;

const logit = (p: number) => {
  const q = Math.min(0.999, Math.max(0.001, p));
  return Math.log(q / (1 - q)) / 7;
};

/** The unit-level features of one label: dense values in DENSE's order. */
export function unitFeatures(evidence: readonly PassageEvidence[]): number[] {
  // The store keeps no score below MIN_STORED_SCORE unless predicted: features see what it keeps,
  // so a model trained on full scores reads the same values in the service.
  evidence = evidence.map((e) => (e.predicted || e.score >= MIN_STORED_SCORE ? e : { ...e, score: 0 }));
  const s = evidence.map((e) => e.score).sort((a, b) => b - a);
  const predicted = evidence.filter((e) => e.predicted).length;
  const top3 = s.slice(0, 3);
  const top3Mean = top3.length ? top3.reduce((a, b) => a + b, 0) / top3.length : 0;
  return [
    s[0] ?? 0,
    s[1] ?? 0,
    top3Mean,
    evidence.length ? predicted / evidence.length : 0,
    Math.min(predicted, 5) / 5,
    Math.log1p(evidence.length) / Math.log(50),
    logit(s[0] ?? 0),
    logit(top3Mean),
    Math.max(0, ...evidence.filter((e) => e.noteTyp !== 'introduktion').map((e) => e.score)),
    Math.max(0, ...evidence.filter((e) => e.noteTyp === 'introduktion').map((e) => e.score)),
  ];
}

export interface UnitDecisionModel {
  labels: string[];
  weights: number[];
  bias: number;
  /** The L2 penalty it was fitted with. */
  l2?: number;
}

function vector(labels: readonly string[], label: string, feats: readonly number[]): SparseVec {
  const li = labels.indexOf(label);
  const idx = [...DENSE.keys(), DENSE.length + li];
  const val = [...feats, 1];
  return { idx: Int32Array.from(idx), val: Float32Array.from(val) };
}

export interface UnitExample {
  label: string;
  evidence: readonly PassageEvidence[];
  /** The reviewed (gold) answer for the unit. */
  y: 0 | 1;
  /** The unit's huvudman: inner cross-validation keeps a huvudman's units in one fold. */
  group?: string;
}

/** L2 penalties tried; the one with the best held-out log-loss in grouped inner folds is used. */
export const L2_CANDIDATES = [1, 3, 10] as const;
const INNER_FOLDS = 4;

function fit(labels: readonly string[], examples: readonly { x: SparseVec; y: 0 | 1 }[], l2: number) {
  const dim = DENSE.length + labels.length;
  const train: TrainExample[] = examples.map((e) => ({ x: e.x, y: e.y, w: 1 }));
  return trainBinary(train, dim, { weights: new Float64Array(dim), bias: 0 }, { l2, l2Bias: 0.01, epochs: 300, learningRate: 0.05 });
}

/**
 * Fits the pooled model. With groups on the examples, the L2 penalty is chosen by grouped inner
 * cross-validation (log-loss: the probabilities are what the shares average, so calibration is
 * what counts); without, or with a penalty given, that one is used.
 */
export function trainUnitDecision(labels: readonly string[], examples: readonly UnitExample[], opts: { l2?: number } = {}): UnitDecisionModel {
  const xs = examples.map((e) => ({ x: vector(labels, e.label, unitFeatures(e.evidence)), y: e.y }));
  let l2 = opts.l2 ?? L2_CANDIDATES[0];
  if (opts.l2 === undefined && examples.every((e) => e.group !== undefined)) {
    const { fold, k } = groupFolds(examples.map((e) => e.group!), INNER_FOLDS);
    let best = Infinity;
    for (const cand of L2_CANDIDATES) {
      let loss = 0;
      for (let f = 0; f < k; f++) {
        const m = fit(labels, xs.filter((_, i) => fold[i] !== f), cand);
        xs.forEach((e, i) => {
          if (fold[i] !== f) return;
          const p = Math.min(1 - 1e-6, Math.max(1e-6, probabilityOf(m.weights, m.bias, e.x)));
          loss -= e.y ? Math.log(p) : Math.log(1 - p);
        });
      }
      if (loss < best) [best, l2] = [loss, cand];
    }
  }
  const m = fit(labels, xs, l2);
  return { labels: [...labels], weights: [...m.weights], bias: m.bias, l2 };
}

function probabilityOf(weights: ArrayLike<number>, bias: number, x: SparseVec): number {
  let z = bias;
  for (let k = 0; k < x.idx.length; k++) z += weights[x.idx[k]!]! * x.val[k]!;
  return sigmoid(z);
}

/** The probability that a unit carries `label`, from its passages' evidence. */
export function unitProbability(model: UnitDecisionModel, label: string, evidence: readonly PassageEvidence[]): number {
  return unitProbabilities([model], label, evidence)[0]!;
}

/** The same under several models (the main one and its bootstrap refits), features computed once. */
export function unitProbabilities(models: readonly UnitDecisionModel[], label: string, evidence: readonly PassageEvidence[]): Float32Array {
  const feats = unitFeatures(evidence);
  const out = new Float32Array(models.length);
  models.forEach((m, i) => (out[i] = probabilityOf(m.weights, m.bias, vector(m.labels, label, feats))));
  return out;
}

export const DECISION_FORMAT = 1;

/** The models of one level: the main one and bootstrap refits (for the intervals). */
export interface LevelModels {
  main: UnitDecisionModel;
  boot: UnitDecisionModel[];
  /** Training units (notes or dialogues). */
  units: number;
}

/** What src/analytics/data/unit-decision.json holds (written by scripts/decision/train.ts). */
export interface DecisionModels {
  format: number;
  trainedOn: string;
  note: LevelModels;
  dialogue: LevelModels;
}

let shipped: DecisionModels | undefined;
/** The default models, fitted on the project's gold (scripts/decision/train.ts). */
export function defaultDecisionModels(): DecisionModels {
  if (!shipped) {
    const file = fileURLToPath(new URL('./data/unit-decision.json', import.meta.url));
    shipped = JSON.parse(readFileSync(file, 'utf8')) as DecisionModels;
    if (shipped.format !== DECISION_FORMAT) throw new Error(`${file}: format ${shipped.format}, expected ${DECISION_FORMAT}`);
  }
  return shipped;
}

/** Each label's estimate for one unit: a reviewed answer, or the probabilities of every model. */
export function estimateLabels(level: LevelModels, evidence: ReadonlyMap<string, { evidence: readonly PassageEvidence[]; known: 0 | 1 | null }>): Map<string, LabelEstimate> {
  const models = [level.main, ...level.boot];
  const out = new Map<string, LabelEstimate>();
  for (const [label, e] of evidence) {
    if (!level.main.labels.includes(label)) continue;
    out.set(label, { known: e.known, p: e.known !== null ? new Float32Array(models.length).fill(e.known) : unitProbabilities(models, label, e.evidence) });
  }
  return out;
}
