// Student-t cdf/quantile and Hansen's (1994) skewed t against SciPy references
// (test/fixtures/skewt.json, made by make_skewt_fixtures.py: scipy.stats.t and the skewed t written
// there as a change of variables of scipy.stats.t, moments checked by scipy.integrate.quad).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { studentTLogConstant, studentTLogDensity } from '../../src/calibration/innovationDensity.js';
import {
  fitSkewedT, skewedTCdf, skewedTLogDensity, skewedTQuantile, studentTCdf, studentTQuantile,
} from '../../src/calibration/skewedT.js';
import { InputError } from '../../src/errors.js';

type Density = { kind: 'density'; eta: number; lambda: number; z: number; logDensity: number; cdf: number };
type Quantile = { kind: 'quantile'; eta: number; lambda: number; p: number; q: number };
const fx = JSON.parse(readFileSync(new URL('../fixtures/skewt.json', import.meta.url), 'utf8')) as {
  tQuantiles: { p: number; dof: number; q: number }[];
  tCdf: { t: number; dof: number; cdf: number }[];
  skewt: (Density | Quantile)[];
  skewtSample: { eta: number; lambda: number; z: number[]; fit: { eta: number; lambda: number; logLikelihood: number } };
};
const densities = fx.skewt.filter((c): c is Density => c.kind === 'density');
const quantiles = fx.skewt.filter((c): c is Quantile => c.kind === 'quantile');

describe('Student-t', () => {
  it(`quantile matches scipy.stats.t.ppf at ${fx.tQuantiles.length} (p, ν) to 1e-9 relative`, () => {
    expect(fx.tQuantiles.some((c) => c.dof === 2.5 && c.p === 1e-4)).toBe(true);
    for (const { p, dof, q } of fx.tQuantiles) {
      const got = studentTQuantile(p, dof);
      expect(Math.abs(got - q), `p ${p}, ν ${dof}: ${got} vs ${q}`).toBeLessThanOrEqual(1e-9 * Math.abs(q) + 1e-15);
    }
  });

  it(`cdf matches scipy.stats.t.cdf at ${fx.tCdf.length} (t, ν) to 1e-12 absolute (and 1e-10 relative)`, () => {
    for (const { t, dof, cdf } of fx.tCdf) {
      const got = studentTCdf(t, dof);
      expect(Math.abs(got - cdf), `t ${t}, ν ${dof}: ${got} vs ${cdf}`).toBeLessThanOrEqual(Math.min(1e-12, 1e-10 * cdf + 1e-300));
    }
  });

  it('quantile inverts the cdf; symmetric; known values', () => {
    for (const dof of [2.2, 3.7, 12, 200]) {
      for (const p of [1e-6, 0.03, 0.3, 0.5, 0.8, 0.99]) {
        expect(Math.abs(studentTCdf(studentTQuantile(p, dof), dof) - p)).toBeLessThanOrEqual(1e-12 * Math.min(p, 1 - p) + 1e-16);
        const q = studentTQuantile(p, dof);
        expect(Math.abs(studentTQuantile(1 - p, dof) + q)).toBeLessThanOrEqual(1e-10 * Math.abs(q)); // 1 - p rounds
      }
    }
    expect(studentTQuantile(0.75, 1)).toBeCloseTo(1, 14); // Cauchy: tan(π/4)
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.302652729749464, 13); // ν = 2 closed form
  });
});

describe('Hansen skewed t', () => {
  it(`log density matches the reference at ${densities.length} points to 1e-12 (relative beyond |ln g| = 1)`, () => {
    for (const { z, eta, lambda, logDensity } of densities) {
      const got = skewedTLogDensity(z, eta, lambda);
      expect(Math.abs(got - logDensity), `z ${z}, η ${eta}, λ ${lambda}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(logDensity)));
    }
  });

  it(`cdf matches the reference at ${densities.length} points to 1e-12 absolute`, () => {
    for (const { z, eta, lambda, cdf } of densities) {
      const got = skewedTCdf(z, eta, lambda);
      expect(Math.abs(got - cdf), `z ${z}, η ${eta}, λ ${lambda}: ${got} vs ${cdf}`).toBeLessThanOrEqual(1e-12);
    }
  });

  it(`quantile matches the reference at ${quantiles.length} points to 1e-9 relative`, () => {
    for (const { p, eta, lambda, q } of quantiles) {
      const got = skewedTQuantile(p, eta, lambda);
      expect(Math.abs(got - q), `p ${p}, η ${eta}, λ ${lambda}: ${got} vs ${q}`).toBeLessThanOrEqual(1e-9 * Math.abs(q) + 1e-12);
    }
  });

  it('λ = 0 is the standardized Student-t (density, cdf and quantile)', () => {
    for (const eta of [2.5, 4, 7.3, 40]) {
      const c = studentTLogConstant(eta);
      const s = Math.sqrt((eta - 2) / eta); // unit-variance t = s · T_η
      for (const z of [-5, -1.2, 0, 0.4, 3]) {
        expect(Math.abs(skewedTLogDensity(z, eta, 0) - studentTLogDensity(z, 1, eta, c))).toBeLessThan(1e-14);
        expect(Math.abs(skewedTCdf(z, eta, 0) - studentTCdf(z / s, eta))).toBeLessThan(1e-15);
      }
      for (const p of [0.001, 0.2, 0.5, 0.9]) {
        expect(skewedTQuantile(p, eta, 0)).toBeCloseTo(s * studentTQuantile(p, eta), 13);
      }
    }
  });

  it('quantile inverts the cdf, and the cdf at the kink -a/b is (1 - λ)/2', () => {
    for (const [eta, lambda] of [[2.3, -0.9], [4, 0.3], [9, -0.45], [100, 0.95]]) {
      for (const p of [1e-8, 0.01, 0.2, 0.5 * (1 - lambda), 0.6, 0.97, 1 - 1e-7]) {
        const z = skewedTQuantile(p, eta, lambda);
        expect(Math.abs(skewedTCdf(z, eta, lambda) - p), `η ${eta}, λ ${lambda}, p ${p}`).toBeLessThanOrEqual(1e-12 * Math.min(p, 1 - p) + 2e-16);
      }
    }
  });

  it('negative λ: longer left tail, median above the mean 0; λ → -λ mirrors the distribution', () => {
    expect(skewedTCdf(0, 5, -0.4)).toBeLessThan(0.5);
    expect(-skewedTQuantile(0.001, 5, -0.4)).toBeGreaterThan(skewedTQuantile(0.999, 5, -0.4));
    for (const z of [-2, -0.1, 0.7]) {
      expect(skewedTLogDensity(z, 5, -0.4)).toBeCloseTo(skewedTLogDensity(-z, 5, 0.4), 14);
      expect(skewedTCdf(z, 5, -0.4)).toBeCloseTo(1 - skewedTCdf(-z, 5, 0.4), 14);
    }
  });
});

describe('fitSkewedT', () => {
  it('reaches the SciPy maximum on 3000 draws (η 5, λ -0.25) and lands on the same (η, λ)', () => {
    const { z, fit: ref } = fx.skewtSample;
    const fit = fitSkewedT(z);
    expect(fit.converged).toBe(true);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(ref.logLikelihood - 1e-6 * z.length);
    expect(Math.abs(fit.eta - ref.eta)).toBeLessThan(1e-3 * ref.eta);
    expect(Math.abs(fit.lambda - ref.lambda)).toBeLessThan(1e-3);
    let ll = 0;
    for (const x of z) ll += skewedTLogDensity(x, fit.eta, fit.lambda);
    expect(fit.logLikelihood).toBeCloseTo(ll, 8);
  });
});

describe('bad inputs raise InputError', () => {
  it('parameters and probabilities', () => {
    expect(() => skewedTLogDensity(0, 2, 0)).toThrow(InputError);
    expect(() => skewedTLogDensity(0, 2, 0)).toThrow('<api>: eta: 2: degrees of freedom must be a finite number > 2');
    expect(() => skewedTCdf(0, 5, 1)).toThrow('<api>: lambda: 1: skewness λ must be in (-1, 1)');
    expect(() => skewedTQuantile(1, 5, 0)).toThrow('<api>: p: 1: probability must be in (0, 1)');
    expect(() => skewedTQuantile(NaN, 5, 0)).toThrow('<api>: p: NaN: probability must be in (0, 1)');
    expect(() => skewedTCdf(NaN, 5, 0)).toThrow('<api>: z: NaN: must be a number');
    expect(() => studentTQuantile(0.5, 0)).toThrow('<api>: dof: 0: degrees of freedom must be a finite number > 0');
    expect(() => studentTCdf(1, -3)).toThrow(InputError);
  });
  it('residuals', () => {
    expect(() => fitSkewedT([1, 2, 3])).toThrow('<api>: residuals: 3 residuals: a skewed-t fit needs at least 50');
    const z = fx.skewtSample.z.slice(0, 100);
    z[7] = Infinity;
    expect(() => fitSkewedT(z)).toThrow('<api>: residuals[7]: Infinity: every residual must be a finite number');
  });
});
