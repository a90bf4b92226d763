// EWMA λ by maximum likelihood: recovery from returns simulated with the EWMA recursion itself
// (λ = 0.94 and 0.97, normal; λ = 0.94 with unit-variance t(5)), within 4 asymptotic standard
// errors (NumPy Hessian over 100 replicated paths: test/fixtures/make_calibration_fixtures.py),
// LL(fit) >= LL(true) by an independent loop, and agreement with SciPy's fit on real BTC returns.
import { describe, expect, it } from 'vitest';
import { fitEwmaLambda } from '../../src/calibration/fitEwmaLambda.js';
import { design, fixture } from './fixture.js';
import { ewmaLogLikelihoodPlain, logReturns, Rng, simulateEwma } from './simulate.js';

const K = 4;

describe('fitEwmaLambda recovers simulated λ', () => {
  for (const [name, seed] of [['ewma-normal-0.94', 31], ['ewma-normal-0.97', 32], ['ewma-t5-0.94', 33]] as const) {
    it(name, () => {
      const d = design(name);
      const dof = d.dof ?? undefined;
      const r = simulateEwma(new Rng(seed), d.n, d.lambda!, 30, dof);
      const fit = fitEwmaLambda(r, { distribution: dof === undefined ? 'normal' : 'student-t' });
      expect(fit.converged).toBe(true);
      expect(fit.observations).toBe(d.n - 30);
      expect(Math.abs(fit.lambda - d.lambda!) / d.se.lambda, `λ true ${d.lambda}, fitted ${fit.lambda}`).toBeLessThan(K);
      if (dof !== undefined) {
        expect(Math.abs(fit.dof! - dof) / dof, `ν fitted ${fit.dof}`).toBeLessThan(0.3); // the brief's "roughly"
        expect(Math.abs(fit.dof! - dof) / d.se.dof).toBeLessThan(K);
      } else {
        expect(fit.dof).toBeUndefined();
      }
      const llTrue = ewmaLogLikelihoodPlain(r, d.lambda!, 30, dof);
      expect(fit.logLikelihood).toBeGreaterThanOrEqual(llTrue);
      const llFit = ewmaLogLikelihoodPlain(r, fit.lambda, 30, fit.dof);
      expect(Math.abs(fit.logLikelihood - llFit)).toBeLessThan(1e-9 * Math.abs(llFit));
    });
  }

  it('honours seedReturns and lambdaBounds', () => {
    const r = simulateEwma(new Rng(34), 3000, 0.94, 50, undefined);
    const fit = fitEwmaLambda(r, { seedReturns: 50, lambdaBounds: [0.95, 0.99] });
    expect(fit.observations).toBe(2950);
    expect(fit.lambda).toBeGreaterThanOrEqual(0.95);
    expect(fit.lambda).toBeLessThan(0.95 + 1e-7); // the unconstrained optimum (≈ 0.94) is below the bound
  });
});

describe('agreement with SciPy on BTC returns (first 1,000 closes)', () => {
  const r = logReturns(fixture.btcCloses);
  it('normal: same λ as scipy.optimize.minimize_scalar(bounded)', () => {
    const ref = fixture.scipyFits['ewma-normal'];
    const fit = fitEwmaLambda(r);
    expect(fit.lambda).toBeCloseTo(ref.lambda, 6);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(ref.logLikelihood - 1e-8);
  });
  it('student-t: same (λ, ν) as SciPy SLSQP', () => {
    const ref = fixture.scipyFits['ewma-t'];
    const fit = fitEwmaLambda(r, { distribution: 'student-t' });
    expect(fit.lambda).toBeCloseTo(ref.lambda, 5);
    expect(fit.dof!).toBeCloseTo(ref.dof, 4);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(ref.logLikelihood - 1e-7);
  });
});
