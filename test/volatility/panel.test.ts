import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { splitByPoints, splitGuided } from '../../src/volatility/panel.js';

const sizes = (bounds: number[]) => bounds.slice(1).map((b, g) => b - bounds[g]);

describe('splitByPoints', () => {
  it('cuts where the running sum first reaches each equal share', () => {
    expect(splitByPoints([5, 5, 5, 5], 2)).toEqual([0, 2, 4]);
    expect(splitByPoints([1, 1, 10, 1], 2)).toEqual([0, 3, 4]);
    expect(splitByPoints([3], 4)).toEqual([0, 1]);
  });
});

describe('splitGuided (factoring)', () => {
  it('halves the work left in each round of `threads` groups, then shares the last 2 x threads equally', () => {
    const ones = new Array<number>(8000).fill(1);
    expect(sizes(splitGuided(ones, 8, 2))).toEqual([2000, 2000, 1000, 1000, 500, 500, 500, 500]);
    expect(sizes(splitGuided(ones, 4, 1))).toEqual([4000, 2000, 1000, 1000]);
    // rounds of 1/6 each, then 1/12 each, then the last quarter in 6: a group ends where the count first reaches its share
    expect(sizes(splitGuided(ones, 12, 3))).toEqual([1334, 1333, 1333, 667, 667, 666, 334, 333, 333, 334, 333, 333]);
  });

  it('is the equal split when there are at most 2 x threads groups', () => {
    const lengths = [4, 9, 1, 7, 7, 2, 8, 3];
    expect(splitGuided(lengths, 4, 2)).toEqual(splitByPoints(lengths, 4));
    expect(splitGuided(lengths, 2, 1)).toEqual(splitByPoints(lengths, 2));
  });

  it('always gives ascending bounds from 0 to the count, at most `parts` groups, none empty', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 4 }), (lengths, parts, threads) => {
        const b = splitGuided(lengths, parts, threads);
        expect(b[0]).toBe(0);
        expect(b.at(-1)).toBe(lengths.length);
        expect(b.length - 1).toBeLessThanOrEqual(parts);
        for (let g = 1; g < b.length; g++) expect(b[g]).toBeGreaterThan(b[g - 1]);
      }),
    );
  });
});
