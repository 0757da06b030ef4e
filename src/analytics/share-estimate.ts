// Shares that are right even when single decisions are not. Counting thresholded decisions is
// biased whenever false positives and false negatives differ in number; averaging calibrated
// probabilities (probabilistic classify-and-count) is not. Reviewed labels count as known (0 or
// 1). The 95 % interval is for the share among these n dialogues and carries two uncertainties:
// which of the uncertain dialogues really carry the label (each one a Bernoulli draw with its
// probability), and how well the probabilities themselves are calibrated (each draw uses one of
// several models refitted on bootstrap resamples of the reviewed data).
import { seededRandom } from '../util/seeded-random.js';

export interface ShareEstimate {
  share: number;
  low: number;
  high: number;
  n: number;
}

/**
 * `probabilities[m][i]`: model m's probability that unit i carries the label (m = 0 is the main
 * model; further rows come from bootstrap refits). `known[i]`: a reviewed answer, or null.
 */
export function estimateShare(probabilities: readonly (readonly number[])[], known: readonly (0 | 1 | null)[], opts: { draws?: number; seed?: number } = {}): ShareEstimate {
  const n = known.length;
  if (n === 0) return { share: 0, low: 0, high: 0, n: 0 };
  const main = probabilities[0]!;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += known[i] ?? main[i]!;
  const draws = opts.draws ?? 2000;
  const rand = seededRandom(opts.seed ?? 1);
  const sims = new Float64Array(draws);
  for (let d = 0; d < draws; d++) {
    const p = probabilities[Math.floor(rand() * probabilities.length)]!;
    let k = 0;
    for (let i = 0; i < n; i++) k += known[i] ?? (rand() < p[i]! ? 1 : 0);
    sims[d] = k / n;
  }
  sims.sort();
  return { share: sum / n, low: sims[Math.floor(0.025 * (draws - 1))]!, high: sims[Math.ceil(0.975 * (draws - 1))]!, n };
}

/**
 * The same estimate in closed form, fast enough for a dashboard over 100k passages: the sampling
 * variance of the uncertain dialogues (a sum of Bernoulli variances) plus the spread of the share
 * across the bootstrap models, and a normal interval clipped to [0, 1]. `probabilities[m]` and
 * `known` as in estimateShare.
 */
export function estimateShareFast(probabilities: readonly ArrayLike<number>[], known: readonly (0 | 1 | null)[]): ShareEstimate {
  const n = known.length;
  if (n === 0) return { share: 0, low: 0, high: 0, n: 0 };
  const means = probabilities.map(() => 0);
  let sampling = 0;
  for (let i = 0; i < n; i++) {
    const k = known[i];
    if (k !== null && k !== undefined) {
      for (let m = 0; m < means.length; m++) means[m]! += k;
      continue;
    }
    const p0 = probabilities[0]![i]!;
    sampling += p0 * (1 - p0);
    for (let m = 0; m < means.length; m++) means[m]! += probabilities[m]![i]!;
  }
  const share = means[0]! / n;
  let model = 0;
  if (means.length > 2) {
    const boot = means.slice(1).map((x) => x / n);
    const mu = boot.reduce((a, b) => a + b, 0) / boot.length;
    model = boot.reduce((a, b) => a + (b - mu) ** 2, 0) / (boot.length - 1);
  }
  const sd = Math.sqrt(sampling / (n * n) + model);
  return { share, low: Math.max(0, share - 1.96 * sd), high: Math.min(1, share + 1.96 * sd), n };
}
