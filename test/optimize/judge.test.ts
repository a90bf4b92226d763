// The committee's bar on a hand-made case: exceptions counted, Kupiec LR_uc from its closed form,
// Basel zone, cost against the naive rate, peak / trough, and the pass rule.
import { describe, expect, it } from 'vitest';
import { chiSquareSurvival } from '../../src/backtest/chiSquare.js';
import { judge } from '../../src/optimize/judge.js';

const n = 500;
const dates = Array.from({ length: n }, (_, t) => new Date(Date.UTC(2020, 0, 1 + t)).toISOString().slice(0, 10));

function kupiecP(n: number, x: number, p: number): number {
  // Kupiec (1995): LR_uc = -2 ln[(1-p)^(n-x) p^x] + 2 ln[(1-x/n)^(n-x) (x/n)^x]
  const phat = x / n;
  const lr = -2 * ((n - x) * Math.log(1 - p) + x * Math.log(p)) + 2 * ((n - x) * Math.log(1 - phat) + (x > 0 ? x * Math.log(phat) : 0));
  return chiSquareSurvival(lr, 1);
}

describe('judge', () => {
  const rate = Float64Array.from({ length: n }, (_, t) => (t < 250 ? 0.05 : 0.06));
  const naive = new Float64Array(n).fill(0.05);
  const loss = new Float64Array(n).fill(0.01);
  for (const t of [10, 100, 200, 300, 301, 450]) loss[t] = 0.07; // 6 exceptions
  loss[n - 1] = NaN;

  it('counts, tests and prices the judged days', () => {
    const v = judge(rate, naive, loss, dates, 0, 0.99);
    expect(v.observations).toBe(n - 1);
    expect(v.exceptions).toBe(6);
    expect(v.kupiecP).toBeCloseTo(kupiecP(n - 1, 6, 0.01), 10);
    expect(v.zone).toBe('green'); // 6 of 499 at 99%: below the yellow threshold (cumulative binomial < 95%)
    expect(v.costRatio).toBeCloseTo((250 * 0.05 + 249 * 0.06) / 499 / 0.05, 12);
    expect(v.peakToTrough).toBeCloseTo(1.2, 12);
    expect(v.passes).toBe(true);
    expect(v.from).toBe('2020-01-01');
    expect(v.to).toBe(dates[n - 2]);
  });

  it('fails on cost above 1.3x and on a peak / trough above 4; judges from the given bar', () => {
    expect(judge(rate.map((r) => r * 1.4), naive, loss, dates, 0, 0.99).passes).toBe(false);
    const spiky = rate.slice();
    spiky[400] = 0.3;
    expect(judge(spiky, naive, loss, dates, 0, 0.99).peakToTrough).toBeCloseTo(6, 12);
    const late = judge(rate, naive, loss, dates, 250, 0.99);
    expect(late.observations).toBe(249);
    expect(late.exceptions).toBe(3);
  });
});
