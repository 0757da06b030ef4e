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

/**
 * `probabilities[m][i]`: model m's probability that unit i carries the label (m = 0 is the main
 * model; further rows come from bootstrap refits). `known[i]`: a reviewed answer, or null.
 * In closed form, fast enough for a dashboard over 100k passages: the sampling variance of the
 * uncertain units (a sum of Bernoulli variances) plus the spread of the share across the bootstrap
 * models, and a normal interval, clipped to what the reviewed answers alone make certain.
 */
export function estimateShare(probabilities: readonly ArrayLike<number>[], known: readonly (0 | 1 | null)[]): ShareEstimate {
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
  let yes = 0;
  let no = 0;
  for (const k of known) {
    if (k === 1) yes++;
    else if (k === 0) no++;
  }
  return { share, low: Math.max(yes / n, share - 1.96 * sd), high: Math.min((n - no) / n, share + 1.96 * sd), n };
}
