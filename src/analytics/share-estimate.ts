// Shares that are right even when single decisions are not. Counting thresholded decisions is
// biased whenever false positives and false negatives differ in number; averaging calibrated
// probabilities (probabilistic classify-and-count) is not. Reviewed labels count as known (0 or
// 1). The 95 % interval is for the share among these n dialogues and carries two uncertainties:
// which of the uncertain dialogues really carry the label (each one a Bernoulli draw with its
// probability), and how well the probabilities themselves are calibrated (the spread of the share
// under models refitted on bootstrap resamples of the reviewed data). Pure.

export interface ShareEstimate {
  share: number;
  low: number;
  high: number;
  n: number;
}

/** One unit (dialogue) as the estimator reads it. */
export interface UnitEstimate {
  /** A reviewed answer, or null. */
  known: 0 | 1 | null;
  /** The probability under the main model (index 0) and under each bootstrap refit. */
  p: ArrayLike<number>;
}

/**
 * The share of units carrying a label, in closed form, fast enough for a dashboard over 100k
 * passages: the sampling variance of the uncertain units (a sum of Bernoulli variances) plus the
 * spread of the share across the bootstrap models, and a normal interval, clipped to what the
 * reviewed answers alone make certain.
 */
export function estimateShare(units: readonly UnitEstimate[]): ShareEstimate {
  const n = units.length;
  if (n === 0) return { share: 0, low: 0, high: 0, n: 0 };
  const models = Math.max(1, ...units.map((u) => (u.known === null ? u.p.length : 1)));
  const sums = new Float64Array(models);
  let sampling = 0;
  let yes = 0;
  let no = 0;
  for (const u of units) {
    if (u.known !== null) {
      for (let m = 0; m < models; m++) sums[m]! += u.known;
      if (u.known === 1) yes++;
      else no++;
      continue;
    }
    const p0 = u.p[0]!;
    sampling += p0 * (1 - p0);
    for (let m = 0; m < models; m++) sums[m]! += u.p[m] ?? p0;
  }
  const share = sums[0]! / n;
  let model = 0;
  if (models > 2) {
    let mu = 0;
    for (let m = 1; m < models; m++) mu += sums[m]! / n;
    mu /= models - 1;
    for (let m = 1; m < models; m++) model += (sums[m]! / n - mu) ** 2;
    model /= models - 2;
  }
  const sd = Math.sqrt(sampling / (n * n) + model);
  return { share, low: Math.max(yes / n, share - 1.96 * sd), high: Math.min((n - no) / n, share + 1.96 * sd), n };
}
