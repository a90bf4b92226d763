// Christoffersen independence / conditional coverage against SciPy (fixture) and a hand-worked case.
import { describe, expect, it } from 'vitest';
import { christoffersen, transitionCounts } from '../../src/backtest/christoffersen.js';
import { kupiecPof } from '../../src/backtest/kupiec.js';
import { InputError } from '../../src/errors.js';
import { close, fixture } from './fixture.js';

describe('christoffersen', () => {
  it('matches the SciPy reference: counts, LR_ind, LR_cc and p-values (random, clustered, degenerate)', () => {
    for (const [i, c] of fixture.christoffersen.entries()) {
      const label = `case ${i} (T=${c.sequence.length})`;
      expect(transitionCounts(c.sequence), label).toEqual({ n00: c.n00, n01: c.n01, n10: c.n10, n11: c.n11 });
      const r = christoffersen(c.sequence as (0 | 1)[], c.coverage);
      expect(close(r.lrInd, c.lrInd, 1e-11, 1e-13), `${label} lrInd ${r.lrInd} vs ${c.lrInd}`).toBe(true);
      expect(close(r.pValueInd, c.pValueInd, 1e-10, 1e-13), `${label} pValueInd`).toBe(true);
      expect(close(r.lrCc, c.lrCc, 1e-11, 1e-13), `${label} lrCc`).toBe(true);
      expect(close(r.pValueCc, c.pValueCc, 1e-10, 1e-13), `${label} pValueCc`).toBe(true);
    }
    // the clustered case is the one the test exists for: strong dependence
    const clustered = fixture.christoffersen[4];
    expect(clustered.pValueInd).toBeLessThan(0.001);
  });

  it('works a small case by hand', () => {
    // 0 0 1 1 0 0 0 0: transitions 00 01 11 10 00 00 00 -> n00 = 4, n01 = 1, n10 = 1, n11 = 1
    // pi01 = 1/5, pi11 = 1/2, pi = 2/7
    const seq = [false, false, true, true, false, false, false, false];
    expect(transitionCounts(seq.map(Number))).toEqual({ n00: 4, n01: 1, n10: 1, n11: 1 });
    const lnL1 = 4 * Math.log(4 / 5) + Math.log(1 / 5) + Math.log(1 / 2) + Math.log(1 / 2);
    const lnL0 = 5 * Math.log(5 / 7) + 2 * Math.log(2 / 7);
    const lrInd = -2 * (lnL0 - lnL1); // = 1.0956...
    const r = christoffersen(seq, 0.9);
    expect(r.lrInd).toBeCloseTo(lrInd, 13);
    expect(r.lrCc).toBeCloseTo(kupiecPof(8, 2, 0.9).lr + lrInd, 13);
    expect(r.pValueCc).toBeCloseTo(Math.exp(-r.lrCc / 2), 14); // chi2(2) survival is e^(-x/2)
  });

  it('accepts booleans and 0/1 alike and handles zero cells without NaN', () => {
    expect(christoffersen([true, false, true], 0.99)).toEqual(christoffersen([1, 0, 1], 0.99));
    for (const seq of [[0, 0, 0], [1, 1, 1], [0, 0, 1], [1], [0]] as (0 | 1)[][]) {
      const r = christoffersen(seq, 0.99);
      for (const v of Object.values(r)) expect(Number.isFinite(v), JSON.stringify(seq)).toBe(true);
    }
    expect(christoffersen([1], 0.99).lrInd).toBe(0);
  });

  it('rejects empty input and entries that are not exception flags, naming the index', () => {
    expect(() => christoffersen([], 0.99)).toThrow(/exceptions: is empty/);
    expect(() => christoffersen([0, 1, 2 as 1], 0.99)).toThrow(/exceptions\[2\]: must be true, false, 0 or 1; got 2/);
    expect(() => christoffersen([0, 1], 0)).toThrow(InputError);
  });
});
