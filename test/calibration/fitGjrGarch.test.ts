// GJR-GARCH(1,1) maximum likelihood against SciPy fits (test/fixtures/skewt.json, made by
// make_skewt_fixtures.py: SLSQP from several starts + Nelder-Mead polish on the raw parameters) on a
// seeded simulated GJR-t series and on 2000 BTC daily log returns; the variance path and likelihood
// against a plain loop; γ ≈ 0 on a symmetric GARCH series; bad inputs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitGjrGarch, gjrGarchLogLikelihood, gjrGarchVariancePath, type GjrInnovation } from '../../src/calibration/fitGjrGarch.js';
import { fitGarch11 } from '../../src/calibration/fitGarch11.js';
import { InputError } from '../../src/errors.js';
import { garchLogLikelihoodPlain, Rng, simulateGarch } from './simulate.js';

interface Ref { omega: number; alpha: number; gamma: number; beta: number; dof?: number; skew?: number; logLikelihood: number; persistence: number }
const fx = JSON.parse(readFileSync(new URL('../fixtures/skewt.json', import.meta.url), 'utf8')) as {
  gjr: Record<'simulated' | 'btc', { truth?: Record<string, number>; returns: number[]; fits: Record<GjrInnovation, Ref> }>;
};
const INNOVATIONS: GjrInnovation[] = ['normal', 'student-t', 'skewed-t'];

describe('fitGjrGarch reaches the SciPy maximum', () => {
  for (const series of ['simulated', 'btc'] as const) {
    for (const innovation of INNOVATIONS) {
      it(`${series}, ${innovation}: LL >= SciPy - 1e-4 per observation, parameters close`, () => {
        const { returns, fits } = fx.gjr[series];
        const ref = fits[innovation];
        const fit = fitGjrGarch(returns, { innovation });
        const n = returns.length;
        expect(fit.logLikelihood, `fit ${JSON.stringify(fit)}`).toBeGreaterThanOrEqual(ref.logLikelihood - 1e-4 * n);
        // a wrong indicator, variance start or density shifts these by far more than the flatness of the optimum allows
        expect(Math.abs(fit.alpha - ref.alpha), 'alpha').toBeLessThan(0.005);
        expect(Math.abs(fit.gamma - ref.gamma), 'gamma').toBeLessThan(0.005);
        expect(Math.abs(fit.beta - ref.beta), 'beta').toBeLessThan(0.005);
        expect(Math.abs(fit.omega - ref.omega) / ref.omega, 'omega').toBeLessThan(0.05);
        if (ref.dof !== undefined) expect(Math.abs(fit.dof! - ref.dof) / ref.dof, 'dof').toBeLessThan(0.01);
        if (ref.skew !== undefined) expect(Math.abs(fit.skew! - ref.skew), 'skew').toBeLessThan(0.005);
        expect(fit.persistence).toBe(fit.alpha + 0.5 * fit.gamma + fit.beta);
        expect(fit.persistence).toBeLessThan(1);
        expect(fit.alpha).toBeGreaterThanOrEqual(0);
        expect(fit.alpha + fit.gamma).toBeGreaterThanOrEqual(0);
        expect(fit.logLikelihood).toBe(gjrGarchLogLikelihood(returns, { ...fit, innovation }));
      });
    }
  }

  it('simulated GJR-t: the leverage term is found (γ > 0, near the true 0.1)', () => {
    const { returns, truth } = fx.gjr.simulated;
    const fit = fitGjrGarch(returns, { innovation: 'student-t' });
    expect(fit.converged).toBe(true);
    expect(fit.gamma).toBeGreaterThan(0.04);
    expect(Math.abs(fit.gamma - truth!.gamma)).toBeLessThan(0.05);
    expect(Math.abs(fit.dof! - truth!.dof)).toBeLessThan(1.5);
  });
});

describe('variance path and likelihood', () => {
  const r = fx.gjr.btc.returns.slice(0, 300);
  const p = { omega: 2e-5, alpha: 0.06, gamma: 0.08, beta: 0.86 };

  it('one-step-ahead variances follow the recursion from v_0 = mean r²', () => {
    const path = gjrGarchVariancePath(r, p);
    expect(path.length).toBe(r.length);
    let v = r.reduce((s, x) => s + x * x, 0) / r.length;
    for (let t = 0; t < r.length; t++) {
      v = p.omega + p.alpha * r[t] ** 2 + (r[t] < 0 ? p.gamma * r[t] ** 2 : 0) + p.beta * v;
      expect(Math.abs(path[t] - v)).toBeLessThanOrEqual(1e-15 * v);
    }
  });

  it('with γ = 0 the likelihood is the GARCH(1,1) one (normal and t, independent loop)', () => {
    for (const dof of [undefined, 4.5]) {
      const innovation = dof === undefined ? 'normal' : 'student-t';
      const ll = gjrGarchLogLikelihood(r, { ...p, gamma: 0, innovation, dof });
      expect(ll).toBeCloseTo(garchLogLikelihoodPlain(r, p.omega, p.alpha, p.beta, dof), 9);
    }
  });

  it('skewed-t with λ = 0 is the Student-t likelihood', () => {
    const a = gjrGarchLogLikelihood(r, { ...p, innovation: 'skewed-t', dof: 4.5, skew: 0 });
    const b = gjrGarchLogLikelihood(r, { ...p, innovation: 'student-t', dof: 4.5 });
    expect(a).toBeCloseTo(b, 9);
  });
});

describe('symmetric GARCH data', () => {
  it('γ ≈ 0 and the fit matches GARCH(1,1) (normal, 4000 points)', () => {
    const r = simulateGarch(new Rng(77), 4000, 1e-5, 0.1, 0.85);
    const gjr = fitGjrGarch(r);
    const garch = fitGarch11(r);
    // SE of γ at this n is about 0.02 (the α SE of garch-normal at n = 8000 is ~0.01)
    expect(Math.abs(gjr.gamma)).toBeLessThan(0.05);
    expect(gjr.logLikelihood).toBeGreaterThanOrEqual(garch.logLikelihood - 1e-8);
    expect(gjr.logLikelihood - garch.logLikelihood).toBeLessThan(3); // LR statistic < 6: γ not significant
  });
});

describe('bad inputs raise InputError', () => {
  const good = fx.gjr.simulated.returns.slice(0, 200);
  it('returns and options', () => {
    expect(() => fitGjrGarch(good.slice(0, 99))).toThrow(InputError);
    expect(() => fitGjrGarch(good.slice(0, 99))).toThrow('<api>: returns: 99 returns: a volatility fit needs at least 100');
    const bad = good.slice();
    bad[5] = NaN;
    expect(() => fitGjrGarch(bad)).toThrow('<api>: returns[5]: NaN: every return must be a finite number');
    expect(() => fitGjrGarch(new Array(150).fill(0))).toThrow('<api>: returns: all returns are zero');
    expect(() => fitGjrGarch(good, { innovation: 'laplace' as GjrInnovation })).toThrow(
      '<api>: options.innovation: "laplace": must be "normal", "student-t" or "skewed-t"',
    );
  });
});
