// The share estimator and the unit-level decision model (#13): pure functions, checked on data
// whose answer is known.
import { describe, expect, it } from 'vitest';
import { estimateShare as estimateUnits } from '../src/analytics/share-estimate.js';

/** Probabilities per model (row m = model m) and known answers, as units. */
const estimateShare = (probabilities: number[][], known: (0 | 1 | null)[]) =>
  estimateUnits(known.map((k, i) => ({ known: k, p: probabilities.map((row) => row[i]!) })));
import { L2_CANDIDATES, trainUnitDecision, unitProbability, type PassageEvidence } from '../src/analytics/unit-decision.js';
import { seededRandom } from '../src/util/seeded-random.js';

describe('estimateShare', () => {
  it('averages calibrated probabilities, counts reviewed answers as known, and brackets the share', () => {
    const est = estimateShare([[0.9, 0.1, 0.5, 0.5]], [null, null, 1, null]);
    expect(est.share).toBeCloseTo((0.9 + 0.1 + 1 + 0.5) / 4, 10);
    expect(est.n).toBe(4);
    expect(est.low).toBeLessThanOrEqual(est.share);
    expect(est.high).toBeGreaterThanOrEqual(est.share);
    // The reviewed dialogue is always counted: the share can never fall below 1 of 4.
    expect(est.low).toBeGreaterThanOrEqual(0.25);
  });

  it('is exact when everything is reviewed, and small groups get wide intervals', () => {
    expect(estimateShare([[0.2, 0.7]], [1, 0])).toEqual({ share: 0.5, low: 0.5, high: 0.5, n: 2 });
    const small = estimateShare([[0.5, 0.5, 0.5, 0.5]], [null, null, null, null]);
    const large = estimateShare([Array(400).fill(0.5)], Array(400).fill(null));
    expect(small.high - small.low).toBeGreaterThan(0.4);
    expect(large.high - large.low).toBeLessThan(0.12);
  });

  it('widens with the spread of the bootstrap models, and never leaves what the reviews make certain', () => {
    const p = Array(50).fill(0.3);
    const one = estimateShare([p], p.map(() => null));
    const spread = estimateShare([p, p.map(() => 0.2), p.map(() => 0.4), p.map(() => 0.25), p.map(() => 0.35)], p.map(() => null));
    expect(spread.share).toBe(one.share);
    expect(spread.high - spread.low).toBeGreaterThan(one.high - one.low + 0.05);
    const reviewed = estimateShare([[0.5, 0.5, 0.5, 0.5]], [1, 1, 1, null]);
    expect(reviewed.low).toBeGreaterThanOrEqual(0.75);
    expect(reviewed.high).toBe(1);
  });

  it('covers the realised share about 95 % of the time when the probabilities are calibrated', () => {
    const rand = seededRandom(5);
    let inside = 0;
    const trials = 300;
    for (let t = 0; t < trials; t++) {
      const p = Array.from({ length: 30 }, () => rand());
      const truth = p.filter((x) => rand() < x).length / p.length;
      const est = estimateShare([p], p.map(() => null));
      if (truth >= est.low && truth <= est.high) inside++;
    }
    expect(inside / trials).toBeGreaterThan(0.9);
    expect(inside / trials).toBeLessThan(0.995);
  });
});

describe('the unit-level decision model', () => {
  it('learns that one strong passage is a need and many weak ones are not', () => {
    const rand = seededRandom(9);
    const unit = (strong: boolean): PassageEvidence[] =>
      Array.from({ length: 8 }, (_, i) => ({ score: strong && i === 0 ? 0.8 + 0.2 * rand() : 0.3 * rand(), predicted: strong && i === 0 }));
    const examples = Array.from({ length: 200 }, (_, i) => ({ label: i % 2 ? 'a' : 'b', evidence: unit(i % 4 < 2), y: (i % 4 < 2 ? 1 : 0) as 0 | 1 }));
    const model = trainUnitDecision(['a', 'b'], examples);
    expect(unitProbability(model, 'a', unit(true))).toBeGreaterThan(0.8);
    expect(unitProbability(model, 'a', unit(false))).toBeLessThan(0.2);
  });

  it('chooses its penalty by grouped inner cross-validation when the examples name their huvudman', () => {
    const rand = seededRandom(4);
    const unit = (strong: boolean): PassageEvidence[] => Array.from({ length: 6 }, (_, i) => ({ score: strong && i === 0 ? 0.6 + 0.4 * rand() : 0.4 * rand(), predicted: strong && i === 0 }));
    // Noisy answers (a fifth flipped), thirty huvudmän: the penalty is one of the candidates.
    const examples = Array.from({ length: 240 }, (_, i) => {
      const strong = rand() < 0.5;
      return { label: 'a', evidence: unit(strong), y: ((rand() < 0.2 ? !strong : strong) ? 1 : 0) as 0 | 1, group: `hm-${i % 30}` };
    });
    const model = trainUnitDecision(['a'], examples);
    expect(L2_CANDIDATES).toContain(model.l2);
    expect(trainUnitDecision(['a'], examples, { l2: 7 }).l2).toBe(7);
    expect(trainUnitDecision(['a'], examples.map(({ group: _g, ...e }) => e)).l2).toBe(L2_CANDIDATES[0]);
  });
});
