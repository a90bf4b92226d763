import { describe, expect, it } from 'vitest';
import { fitSviSlice } from '../../src/surface/fitSviSlice.js';
import { solveSviLinear } from '../../src/surface/sviLinearFit.js';
import { sviTotalVariance, type SviParams } from '../../src/surface/svi.js';

// hand-picked parameters (GJ 2014 publish their SPX fits as figures, without a parameter table):
// symmetric-ish, equity-like steep put skew, positive skew with a sharp vertex, the Zeliade-method
// test slice a = 0.04, b = 0.1, rho = -0.5, m = 0, sigma = 0.1 (T = 1)
const CASES: SviParams[] = [
  { a: 0.04, b: 0.1, rho: -0.5, m: 0, sigma: 0.1 },
  { a: 0.01, b: 0.4, rho: -0.7, m: 0.05, sigma: 0.2 },
  { a: 0.002, b: 0.05, rho: 0.3, m: -0.1, sigma: 0.05 },
  { a: 0.02, b: 0.2, rho: 0.1, m: 0.1, sigma: 0.3 },
];
const K = Array.from({ length: 30 }, (_, i) => -0.6 + (1.2 * i) / 29);

describe('fitSviSlice (quasi-explicit, Zeliade 2009)', () => {
  for (const p of CASES) {
    it(`round trip a=${p.a} b=${p.b} rho=${p.rho} m=${p.m} sigma=${p.sigma}: w to 1e-6, parameters to 1e-4`, () => {
      const w = K.map((k) => sviTotalVariance(p, k));
      const fit = fitSviSlice({ k: K, w });
      const err = Math.max(...K.map((k, i) => Math.abs(sviTotalVariance(fit.params, k) - w[i])));
      expect(err).toBeLessThan(1e-6);
      for (const key of ['a', 'b', 'rho', 'm', 'sigma'] as const) expect(Math.abs(fit.params[key] - p[key])).toBeLessThan(1e-4);
    });
  }
  it('keeps b (1 + |rho|) <= 2 and sigma > 0 on data that wants steeper wings (Lee bound)', () => {
    const steep = { a: 0.01, b: 2, rho: 0.5, m: 0, sigma: 0.1 };
    const fit = fitSviSlice({ k: K, w: K.map((k) => sviTotalVariance(steep, k)) });
    expect(fit.params.b * (1 + Math.abs(fit.params.rho))).toBeLessThanOrEqual(2 + 1e-12);
    expect(fit.params.sigma).toBeGreaterThan(0);
    expect(Math.abs(fit.params.rho)).toBeLessThan(1);
  });
  it('rejects fewer than 3 quotes and non-finite values', () => {
    expect(() => fitSviSlice({ k: [0, 0.1], w: [0.1, 0.1] })).toThrow(/at least 3/);
    expect(() => fitSviSlice({ k: [0, 0.1, NaN], w: [0.1, 0.1, 0.1] })).toThrow(/quote 2/);
  });
});

describe('solveSviLinear (exact constrained least squares in a, d, c)', () => {
  it('is the unconstrained solution when it is feasible, and never worse than any feasible grid point', () => {
    const p = CASES[1];
    const w = K.map((k) => sviTotalVariance(p, k) + 0.001 * Math.sin(40 * k));
    const weight = K.map(() => 1);
    for (const [m, sigma] of [[0.05, 0.2], [-0.3, 0.05], [0.4, 1.5]]) {
      const sol = solveSviLinear(K, w, weight, m, sigma);
      const objective = (a: number, d: number, c: number) =>
        K.reduce((s, k, i) => { const y = (k - m) / sigma; const r = a + d * y + c * Math.sqrt(y * y + 1) - w[i]; return s + r * r; }, 0);
      expect(sol.objective).toBeCloseTo(objective(sol.a, sol.d, sol.c), 12);
      const wMax = Math.max(...w);
      let bestGrid = Infinity;
      for (let ia = 0; ia <= 20; ia++) for (let ic = 0; ic <= 20; ic++) for (let id = -20; id <= 20; id++) {
        const a = (wMax * ia) / 20, c = (2 * sigma * ic) / 20, d = (2 * sigma * id) / 40;
        if (Math.abs(d) <= c && Math.abs(d) <= 2 * sigma - c) bestGrid = Math.min(bestGrid, objective(a, d, c));
      }
      expect(sol.objective).toBeLessThanOrEqual(bestGrid + 1e-15);
      expect(Math.abs(sol.d)).toBeLessThanOrEqual(sol.c);
      expect(sol.c + Math.abs(sol.d)).toBeLessThanOrEqual(2 * sigma + 1e-15);
      expect(sol.a).toBeGreaterThanOrEqual(0);
    }
  });
});
