// The SVI fit objective against SciPy (fixture from test/fixtures/make_surface_fixtures.py):
// the exact active-set solve of (a, d, c) matches SLSQP at fixed (m, sigma), and the full
// quasi-explicit fit reaches at least SciPy's five-parameter SLSQP optimum.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitSviSlice } from '../../src/surface/fitSviSlice.js';
import { solveSviLinear } from '../../src/surface/sviLinearFit.js';
import { sviTotalVariance } from '../../src/surface/svi.js';

interface Fixture {
  data: { k: number[]; w: number[]; weight: number[] };
  inner: { m: number; sigma: number; a: number; d: number; c: number; objective: number }[];
  full: { a: number; b: number; rho: number; m: number; sigma: number; objective: number };
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/surface_svi.json', import.meta.url), 'utf8')) as Fixture;
const { k, w, weight } = fx.data;

describe('SVI fit vs SciPy', () => {
  for (const p of fx.inner) {
    it(`inner least squares at m = ${p.m}, sigma = ${p.sigma}: same optimum as SLSQP`, () => {
      const sol = solveSviLinear(k, w, weight, p.m, p.sigma);
      expect(sol.objective).toBeLessThanOrEqual(p.objective * (1 + 1e-6) + 1e-15);
      expect(sol.objective).toBeGreaterThanOrEqual(p.objective * (1 - 1e-4) - 1e-15);
      for (const key of ['a', 'd', 'c'] as const) expect(Math.abs(sol[key] - p[key])).toBeLessThan(1e-4);
    });
  }
  it('full fit: objective at most SciPy five-parameter SLSQP, same parameters', () => {
    const fit = fitSviSlice({ k, w, weight });
    const objective = k.reduce((s, x, i) => s + weight[i] * (sviTotalVariance(fit.params, x) - w[i]) ** 2, 0);
    expect(objective).toBeCloseTo(fit.objective, 15);
    expect(objective).toBeLessThanOrEqual(fx.full.objective * (1 + 1e-6));
    for (const key of ['a', 'b', 'rho', 'm', 'sigma'] as const) expect(Math.abs(fit.params[key] - fx.full[key])).toBeLessThan(1e-3);
  });
});
