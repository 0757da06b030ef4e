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

/**
 * A unit's evidence for one label, accumulated passage by passage without keeping the passages:
 * the three best scores, how many are predicted, how many there are, and the best inside and
 * outside introduction notes. What the features need, at the cost of a few numbers per label.
 */
export class EvidenceAccumulator {
  private n = 0;
  private predicted = 0;
  private readonly top = [0, 0, 0];
  private intro = 0;
  private other = 0;

  add(score: number, predicted: boolean, noteTyp?: string): void {
    // The store keeps no score below MIN_STORED_SCORE unless predicted: features see what it
    // keeps, so a model trained on full scores reads the same values in the service.
    const s = predicted || score >= MIN_STORED_SCORE ? score : 0;
    this.n++;
    if (predicted) this.predicted++;
    if (noteTyp === 'introduktion') this.intro = Math.max(this.intro, s);
    else this.other = Math.max(this.other, s);
    const t = this.top;
    if (s > t[2]!) {
      if (s > t[0]!) [t[0], t[1], t[2]] = [s, t[0]!, t[1]!];
      else if (s > t[1]!) [t[1], t[2]] = [s, t[1]!];
      else t[2] = s;
    }
  }

  /** Dense values in DENSE's order. */
  features(): number[] {
    const k = Math.min(3, this.n);
    const top3Mean = k ? (this.top[0]! + this.top[1]! + this.top[2]!) / k : 0;
    return [
      this.top[0]!,
      this.top[1]!,
      top3Mean,
      this.n ? this.predicted / this.n : 0,
      Math.min(this.predicted, 5) / 5,
      Math.log1p(this.n) / Math.log(50),
      logit(this.top[0]!),
      logit(top3Mean),
      this.other,
      this.intro,
    ];
  }
}

/** The unit-level features of one label: dense values in DENSE's order. */
export function unitFeatures(evidence: readonly PassageEvidence[]): number[] {
  const acc = new EvidenceAccumulator();
  for (const e of evidence) acc.add(e.score, e.predicted, e.noteTyp);
  return acc.features();
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
  return probabilitiesFromFeatures(models, label, unitFeatures(evidence));
}

/** Dense dot products: a model's weights are DENSE's, then one bias per label. */
function probabilitiesFromFeatures(models: readonly UnitDecisionModel[], label: string, feats: readonly number[]): Float32Array {
  const out = new Float32Array(models.length);
  models.forEach((m, i) => {
    let z = m.bias;
    for (let j = 0; j < feats.length; j++) z += m.weights[j]! * feats[j]!;
    const li = m.labels.indexOf(label);
    if (li >= 0) z += m.weights[DENSE.length + li]!;
    out[i] = sigmoid(z);
  });
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
export function estimateLabels(level: LevelModels, evidence: ReadonlyMap<string, { evidence: EvidenceAccumulator; known: 0 | 1 | null }>): Map<string, LabelEstimate> {
  const models = [level.main, ...level.boot];
  const out = new Map<string, LabelEstimate>();
  for (const [label, e] of evidence) {
    if (!level.main.labels.includes(label)) continue;
    out.set(label, { known: e.known, p: e.known !== null ? new Float32Array(models.length).fill(e.known) : probabilitiesFromFeatures(models, label, e.evidence.features()) });
  }
  return out;
}
