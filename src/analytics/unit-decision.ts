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
}

export function trainUnitDecision(labels: readonly string[], examples: readonly UnitExample[]): UnitDecisionModel {
  const dim = DENSE.length + labels.length;
  const train: TrainExample[] = examples.map((e) => ({ x: vector(labels, e.label, unitFeatures(e.evidence)), y: e.y, w: 1 }));
  const m = trainBinary(train, dim, { weights: new Float64Array(dim), bias: 0 }, { l2: 1, l2Bias: 0.01, epochs: 300, learningRate: 0.05 });
  return { labels: [...labels], weights: [...m.weights], bias: m.bias };
}

/** The probability that a unit carries `label`, from its passages' evidence. */
export function unitProbability(model: UnitDecisionModel, label: string, evidence: readonly PassageEvidence[]): number {
  return unitProbabilities([model], label, evidence)[0]!;
}

/** The same under several models (the main one and its bootstrap refits), features computed once. */
export function unitProbabilities(models: readonly UnitDecisionModel[], label: string, evidence: readonly PassageEvidence[]): Float32Array {
  const feats = unitFeatures(evidence);
  const out = new Float32Array(models.length);
  models.forEach((m, i) => {
    const x = vector(m.labels, label, feats);
    let z = m.bias;
    for (let k = 0; k < x.idx.length; k++) z += m.weights[x.idx[k]!]! * x.val[k]!;
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
export function estimateLabels(level: LevelModels, evidence: ReadonlyMap<string, { evidence: readonly PassageEvidence[]; known: 0 | 1 | null }>): Map<string, LabelEstimate> {
  const models = [level.main, ...level.boot];
  const out = new Map<string, LabelEstimate>();
  for (const [label, e] of evidence) {
    if (!level.main.labels.includes(label)) continue;
    out.set(label, { known: e.known, p: e.known !== null ? new Float32Array(models.length).fill(e.known) : unitProbabilities(models, label, e.evidence) });
  }
  return out;
}
