import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { lossHistogram, MAX_BINS } from '../../src/report/histogram.js';

describe('lossHistogram', () => {
  it('bins 0..99 into 10 bins of 10 (Freedman-Diaconis gives 5, clamped up to 10)', () => {
    // IQR = 74.25 - 24.75 = 49.5; width = 2 * 49.5 / 100^(1/3) = 21.33; ceil(99 / 21.33) = 5.
    const h = lossHistogram([...Array(100).keys()].reverse());
    expect(h.counts).toEqual(Array(10).fill(10));
    expect(h.edges).toHaveLength(11);
    expect(h.edges[0]).toBe(0);
    expect(h.edges[10]).toBe(99);
    expect(h.edges[1]).toBeCloseTo(9.9, 12);
  });

  it('caps the bin count and keeps every value', () => {
    // n = 2e6 uniform points: Freedman-Diaconis asks for ceil(n^(1/3)) = 126 bins.
    const n = 2_000_000;
    const values = Array.from({ length: n }, (_, i) => i);
    const h = lossHistogram(values);
    expect(h.counts).toHaveLength(MAX_BINS);
    expect(h.counts.reduce((s, c) => s + c, 0)).toBe(n);
    expect(h.counts.every((c) => c === n / MAX_BINS)).toBe(true);
  });

  it('puts each value in the bin its stored edges say', () => {
    const values = [-3.3, -1, 0, 0.1, 0.2, 0.30000000000000004, 2, 7.7, 7.7, 1e-9];
    const h = lossHistogram(values);
    const recount = new Array(h.counts.length).fill(0);
    for (const x of values) {
      let k = 0;
      while (k < h.counts.length - 1 && x >= h.edges[k + 1]) k++;
      recount[k]++;
    }
    expect(h.counts).toEqual(recount);
  });

  it('makes one bin around a constant sample', () => {
    expect(lossHistogram([1, 1, 1])).toEqual({ edges: [0.5, 1.5], counts: [3] });
    expect(lossHistogram([0, 0])).toEqual({ edges: [-0.5, 0.5], counts: [2] });
  });

  it('refuses empty and non-finite input, naming the index', () => {
    expect(() => lossHistogram([])).toThrow(InputError);
    expect(() => lossHistogram([1, Number.NaN], 'report.pnl.losses')).toThrow('report.pnl.losses[1]: must be a finite number; got NaN');
  });
});
