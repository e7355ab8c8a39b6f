import { describe, expect, it } from 'vitest';
import { median, profileDistance, rankOf } from '../src/analysis/scores.js';

describe('score statistics', () => {
  it('median of odd and even counts, null for none', () => {
    expect(median([4, 2, 5])).toBe(4);
    expect(median([4, 2, 5, 2])).toBe(3);
    expect(median([])).toBeNull();
  });

  it('ranks with shared places for ties', () => {
    const scores = [5, 4, 4, 2];
    expect(scores.map((s) => rankOf(s, scores))).toEqual([1, 2, 2, 4]);
  });

  it('measures profile distance over shared questions only', () => {
    const a = new Map([
      [1, 4],
      [2, 2],
      [3, 5],
    ]);
    const b = new Map([
      [1, 4],
      [2, 4],
      [9, 1],
    ]);
    expect(profileDistance(a, b)).toEqual({ distance: 1, compared: 2 });
    expect(profileDistance(a, new Map([[7, 4]]))).toBeNull();
  });
});
