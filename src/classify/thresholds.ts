// Per-label decision thresholds, tuned on out-of-fold scores (never on scores of the examples the
// model was fitted to). Pure.

export interface ThresholdOptions {
  /** Below this many positive examples the default threshold is kept. */
  minPositives: number;
  defaultThreshold: number;
  /** Candidate range. */
  min: number;
  max: number;
  step: number;
  /** From this many positives on the tuned threshold is used as is; below, it is shrunk towards the default. */
  fullTrustPositives: number;
}

export const DEFAULT_THRESHOLD_OPTIONS: ThresholdOptions = { minPositives: 4, defaultThreshold: 0.5, min: 0.1, max: 0.9, step: 0.025, fullTrustPositives: 20 };

/**
 * The threshold that maximises F1 of `scores` against `labels` (1/0). Among equally good thresholds
 * the middle of the best plateau is taken, and the result is shrunk towards the default when there
 * are few positives (a handful of reviews should not swing the decision rule).
 */
export function tuneThreshold(scores: readonly number[], labels: readonly number[], opts: ThresholdOptions = DEFAULT_THRESHOLD_OPTIONS): number {
  const positives = labels.reduce((s, y) => s + (y > 0 ? 1 : 0), 0);
  if (positives < opts.minPositives) return opts.defaultThreshold;
  const candidates: { t: number; f1: number }[] = [];
  for (let t = opts.min; t <= opts.max + 1e-9; t += opts.step) {
    let tp = 0;
    let fp = 0;
    for (let i = 0; i < scores.length; i++) {
      if (scores[i]! >= t) {
        if (labels[i]! > 0) tp++;
        else fp++;
      }
    }
    const fn = positives - tp;
    candidates.push({ t, f1: tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn) });
  }
  const best = Math.max(...candidates.map((c) => c.f1));
  if (best === 0) return opts.defaultThreshold;
  const plateau = candidates.filter((c) => c.f1 >= best - 1e-9).map((c) => c.t);
  const tuned = plateau[Math.floor(plateau.length / 2)]!;
  const trust = Math.min(1, positives / opts.fullTrustPositives);
  return round(trust * tuned + (1 - trust) * opts.defaultThreshold, 3);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
