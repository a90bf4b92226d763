// skewedTQuantilePath: the side quantile of a skewed t fitted at each refit to the capped residuals
// known then. Checked against the true quantile of the distribution the residuals are drawn from
// (skewedTQuantile is itself checked against SciPy in test/calibration/skewedT.test.ts), for what a
// refit may see (residual s enters at bar s + h), the cap, the fallback, and the trailing window.
import { describe, expect, it } from 'vitest';
import { skewedTQuantile } from '../../src/calibration/skewedT.js';
import { skewedTQuantilePath, type SkewedTPathOptions } from '../../src/optimize/skewedTQuantilePath.js';
import { uniforms } from './seededData.js';

const ETA = 5;
const LAMBDA = -0.2;

function draws(n: number, seed: number): Float64Array {
  const u = uniforms(seed);
  return Float64Array.from({ length: n }, () => skewedTQuantile(u(), ETA, LAMBDA));
}

const refits = Array.from({ length: 10 }, (_, i) => 300 + 200 * i);
const options: SkewedTPathOptions = { confidence: 0.99, minResiduals: 250, residualCap: 8, refits, windowBars: 1500 };

describe('skewedTQuantilePath', () => {
  const e = draws(2400, 11);

  it('comes close to the true 1% and 99% quantiles once 1,500 residuals are known', () => {
    for (const [side, p] of [['long', 0.01], ['short', 0.99]] as const) {
      const q = skewedTQuantilePath(e, 1, side, options, NaN);
      const truth = skewedTQuantile(p, ETA, LAMBDA);
      expect(Math.abs(q[2300] / truth - 1), `${side}: ${q[2300]} vs ${truth}`).toBeLessThan(0.08);
    }
    // the skew shows: the left tail is the longer one at lambda < 0
    const long = skewedTQuantilePath(e, 1, 'long', options, NaN)[2300];
    const short = skewedTQuantilePath(e, 1, 'short', options, NaN)[2300];
    expect(-long).toBeGreaterThan(short);
  });

  it('holds each fit from its refit to the next, with the fallback before minResiduals are known', () => {
    const q = skewedTQuantilePath(e, 2, 'long', { ...options, minResiduals: 400 }, -7);
    for (let t = 0; t < 500; t++) expect(q[t]).toBe(-7); // refit 300 knows 299 residuals
    for (let r = 1; r < refits.length; r++) {
      const to = r + 1 < refits.length ? refits[r + 1] : e.length;
      for (let t = refits[r]; t < to; t++) expect(q[t]).toBe(q[refits[r]]);
    }
    expect(q[700]).not.toBe(q[500]);
  });

  it('sees at a refit exactly the residuals s <= refit - h, within the trailing window', () => {
    const h = 3;
    const at = refits[4]; // 1100
    const base = skewedTQuantilePath(e, h, 'short', options, NaN)[at];
    const changed = (s: number) => {
      const f = Float64Array.from(e);
      f[s] = 6;
      return skewedTQuantilePath(f, h, 'short', options, NaN)[at];
    };
    expect(changed(at - h + 1)).toBe(base); // not known at the refit
    expect(changed(at - h)).not.toBe(base);
    const short = { ...options, windowBars: 600 };
    const inWindow = skewedTQuantilePath(e, h, 'short', short, NaN)[at];
    const f = Float64Array.from(e);
    f[at - h - 600] = 6; // just before the window
    expect(skewedTQuantilePath(f, h, 'short', short, NaN)[at]).toBe(inWindow);
    f[at - h - 599] = 6; // its first residual
    expect(skewedTQuantilePath(f, h, 'short', short, NaN)[at]).not.toBe(inWindow);
  });

  it('caps residuals at residualCap: a +1e6 residual counts as +8', () => {
    const f = Float64Array.from(e);
    const g = Float64Array.from(e);
    f[1000] = 1e6;
    g[1000] = 8;
    const a = skewedTQuantilePath(f, 1, 'short', options, NaN);
    const b = skewedTQuantilePath(g, 1, 'short', options, NaN);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Number.isFinite(a[2300])).toBe(true);
  });
});
