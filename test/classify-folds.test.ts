import { describe, expect, it } from 'vitest';
import { groupFolds } from '../src/classify/folds.js';

// 30 groups (huvudmän) of 1–6 items each.
const groups = Array.from({ length: 30 }, (_, g) => Array.from({ length: 1 + (g % 6) }, () => `hm-${g}`)).flat();

describe('grouped folds', () => {
  for (const seed of [undefined, 1, 2]) {
    it(`keeps every group in one fold and balances the folds (seed ${seed})`, () => {
      const { fold, k } = groupFolds(groups, 5, seed);
      expect(k).toBe(5);
      const foldOf = new Map<string, number>();
      groups.forEach((g, i) => {
        if (foldOf.has(g)) expect(fold[i]).toBe(foldOf.get(g));
        foldOf.set(g, fold[i]!);
      });
      const sizes = [0, 1, 2, 3, 4].map((f) => fold.filter((x) => x === f).length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(6);
    });
  }

  it('is deterministic per seed, and another seed gives another split', () => {
    expect(groupFolds(groups, 5).fold).toEqual(groupFolds(groups, 5).fold);
    expect(groupFolds(groups, 5, 1).fold).toEqual(groupFolds(groups, 5, 1).fold);
    expect(groupFolds(groups, 5, 1).fold).not.toEqual(groupFolds(groups, 5, 2).fold);
    expect(groupFolds(groups, 5, 1).fold).not.toEqual(groupFolds(groups, 5).fold);
  });

  it('makes no more folds than there are groups', () => {
    expect(groupFolds(['a', 'a', 'b'], 5).k).toBe(2);
  });
});
