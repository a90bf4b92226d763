// judge on a 45-bar hand-made case at 90% (expected exception rate 0.1), with skipped bars (a NaN
// naive rate, a zero rate, a NaN loss) and a start bar: the observation and exception counts, Kupiec
// LR_uc from its closed form (p-value from the normal CDF integrated here), the Basel zone from the
// binomial CDF summed here, the cost ratio, peak / trough, the 30-day increase, Christoffersen
// independence from transitions counted by hand, and the pass rule.
import { describe, expect, it } from 'vitest';
import { judge, COMMITTEE_BAR } from '../../src/optimize/judge.js';

const N = 45;
const dates = Array.from({ length: N }, (_, t) => new Date(Date.UTC(2021, 2, 1 + t)).toISOString().slice(0, 10));

/** P(chi2(1) > x) = 2 (1 - Phi(sqrt x)) = 1 - 2 int_0^sqrt(x) phi, by composite Simpson. */
function chi2Survival1(x: number): number {
  const b = Math.sqrt(x);
  const m = 20000;
  const f = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  let s = f(0) + f(b);
  for (let i = 1; i < m; i++) s += (i % 2 ? 4 : 2) * f((i * b) / m);
  return 1 - 2 * ((b / m) * s) / 3;
}

/** Kupiec (1995) LR_uc = -2 ln[(1-p)^(n-x) p^x / ((1-x/n)^(n-x) (x/n)^x)]. */
function kupiecLr(n: number, x: number, p: number): number {
  const phat = x / n;
  const logNull = (n - x) * Math.log(1 - p) + x * Math.log(p);
  const logAlt = (n - x) * Math.log(1 - phat) + (x > 0 ? x * Math.log(phat) : 0);
  return -2 * (logNull - logAlt);
}

function binomialCdf(x: number, n: number, p: number): number {
  let sum = 0;
  let c = 1; // C(n, k)
  for (let k = 0; k <= x; k++) {
    sum += c * p ** k * (1 - p) ** (n - k);
    c = (c * (n - k)) / (k + 1);
  }
  return sum;
}

/** rate 0.05 on bars 0..19 and 0.08 from 20; naive 0.05 (NaN at bar 3); rate 0 at bar 7; loss 0.01, NaN at 44. */
function market(exceptionBars: number[], naiveLevel = 0.05) {
  const rate = Float64Array.from({ length: N }, (_, t) => (t < 20 ? 0.05 : 0.08));
  rate[7] = 0;
  const naive = new Float64Array(N).fill(naiveLevel);
  naive[3] = NaN;
  const loss = new Float64Array(N).fill(0.01);
  loss[9] = 0.05; // equal to the rate: not an exception (loss > rate only)
  for (const t of exceptionBars) loss[t] = 0.1;
  loss[44] = NaN;
  loss[3] = 0.5; // on a skipped bar: not counted
  loss[7] = 0.5;
  return { rate, naive, loss };
}

describe('judge on a hand-made case', () => {
  // judged from bar 2: bars 2..43 less 3 and 7 = 40 observations, 16 at rate 0.05 and 24 at 0.08
  const { rate, naive, loss } = market([5, 12, 30]);
  const v = judge(rate, naive, loss, dates, 2, 0.9);

  it('counts 40 observations and 3 exceptions from bar 2 to bar 43', () => {
    expect(v.observations).toBe(40);
    expect(v.exceptions).toBe(3);
    expect(v.from).toBe('2021-03-03');
    expect(v.to).toBe(dates[43]);
    expect(v.to).toBe('2021-04-13');
  });

  it('gives the Kupiec p-value of LR_uc = 2 [3 ln(0.075 / 0.1) + 37 ln(0.925 / 0.9)]', () => {
    const lr = 2 * (3 * Math.log(0.075 / 0.1) + 37 * Math.log(0.925 / 0.9));
    expect(kupiecLr(40, 3, 0.1)).toBeCloseTo(lr, 12);
    expect(v.kupiecP).toBeCloseTo(chi2Survival1(lr), 9);
    expect(v.kupiecP).toBeGreaterThan(0.5);
  });

  it('is green: P(X <= 3), X ~ Bin(40, 0.1), is about 0.423 < 0.95', () => {
    expect(binomialCdf(3, 40, 0.1)).toBeCloseTo(0.4231306530930026, 12);
    expect(v.zone).toBe('green');
  });

  it('costs (16 x 0.05 + 24 x 0.08) / 40 / 0.05 = 1.36 of the naive rate, peak / trough 1.6, 30-day increase 0.6', () => {
    expect(v.meanRate).toBeCloseTo(0.068, 15);
    expect(v.costRatio).toBeCloseTo(1.36, 14);
    expect(v.peakToTrough).toBeCloseTo(1.6, 14);
    // bar 43 (2021-04-13) against the rate in force 30 days before (bar 13, 0.05)
    expect(v.maxIncrease30d).toBeCloseTo(0.6, 14);
  });

  it('has Christoffersen independence from n00 = 33, n01 = 3, n10 = 3, n11 = 0', () => {
    // isolated exceptions inside the sequence of 40: 39 transitions
    const pi01 = 3 / 36;
    const pi = 3 / 39;
    const lr = 2 * (33 * Math.log((1 - pi01) / (1 - pi)) + 3 * Math.log(pi01 / pi) + 3 * Math.log(1 / (1 - pi)));
    expect(v.independenceP).toBeCloseTo(chi2Survival1(lr), 9);
  });

  it('fails the committee bar on cost (1.36 > 1.3) and passes with a naive rate of 0.06 (cost 1.133)', () => {
    expect(COMMITTEE_BAR).toEqual({ minKupiecP: 0.05, maxCostRatio: 1.3, maxPeakToTrough: 4 });
    expect(v.passes).toBe(false);
    expect(judge(rate, naive, loss, dates, 2, 0.9, { ...COMMITTEE_BAR, maxCostRatio: 1.4 }).passes).toBe(true);
    const cheaper = market([5, 12, 30], 0.06);
    const w = judge(cheaper.rate, cheaper.naive, cheaper.loss, dates, 2, 0.9);
    expect(w.costRatio).toBeCloseTo(0.068 / 0.06, 14);
    expect(w.passes).toBe(true);
    // and fails on peak / trough above the bar
    expect(judge(cheaper.rate, cheaper.naive, cheaper.loss, dates, 2, 0.9, { ...COMMITTEE_BAR, maxPeakToTrough: 1.5 }).passes).toBe(false);
  });

  it('turns yellow at 7 exceptions (P(X <= 6) = 0.900 < 0.95 <= P(X <= 7) = 0.958) and red at 12', () => {
    expect(binomialCdf(6, 40, 0.1)).toBeLessThan(0.95);
    expect(binomialCdf(7, 40, 0.1)).toBeGreaterThanOrEqual(0.95);
    expect(binomialCdf(11, 40, 0.1)).toBeLessThan(0.9999);
    expect(binomialCdf(12, 40, 0.1)).toBeGreaterThanOrEqual(0.9999);
    const six = market([5, 12, 30, 31, 35, 40], 0.06);
    const g = judge(six.rate, six.naive, six.loss, dates, 2, 0.9);
    expect([g.exceptions, g.zone]).toEqual([6, 'green']);
    expect(g.kupiecP).toBeCloseTo(chi2Survival1(kupiecLr(40, 6, 0.1)), 9);
    expect(g.passes).toBe(true);
    const seven = market([5, 12, 30, 31, 35, 40, 41], 0.06);
    const y = judge(seven.rate, seven.naive, seven.loss, dates, 2, 0.9);
    expect([y.exceptions, y.zone, y.passes]).toEqual([7, 'yellow', false]);
    const twelve = market([2, 4, 5, 6, 8, 10, 12, 30, 31, 35, 40, 41], 0.06);
    const r = judge(twelve.rate, twelve.naive, twelve.loss, dates, 2, 0.9);
    expect([r.exceptions, r.zone, r.passes]).toEqual([12, 'red', false]);
    expect(r.kupiecP).toBeCloseTo(chi2Survival1(kupiecLr(40, 12, 0.1)), 9);
  });

  it('judges from the given bar only', () => {
    const late = judge(rate, naive, loss, dates, 20, 0.9);
    expect(late.observations).toBe(24);
    expect(late.exceptions).toBe(1);
    expect(late.from).toBe(dates[20]);
    expect(late.peakToTrough).toBe(1);
    expect(late.costRatio).toBeCloseTo(1.6, 14);
  });
});
