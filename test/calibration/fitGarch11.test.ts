// GARCH(1,1) maximum likelihood: recovery of known parameters from simulated paths (seeded PRNG in
// simulate.ts) within 4 asymptotic standard errors (NumPy Hessian at the true parameters over 100
// replicated paths of the same length: test/fixtures/make_calibration_fixtures.py); the fitted
// log-likelihood is at least the one at the true parameters (computed by an independent loop);
// stationarity on an integrated process; and agreement with SciPy's fit on real BTC returns.
import { describe, expect, it } from 'vitest';
import { fitGarch11, PERSISTENCE_MAX } from '../../src/calibration/fitGarch11.js';
import { design, fixture } from './fixture.js';
import { garchLogLikelihoodPlain, logReturns, Rng, simulateGarch } from './simulate.js';

const K = 4; // tolerance in standard errors

describe('fitGarch11 recovers simulated parameters', () => {
  for (const [name, seed] of [['garch-normal', 11], ['garch-t6', 12]] as const) {
    it(`${name}: within ${K} SE, and LL(fit) >= LL(true)`, () => {
      const d = design(name);
      const dof = d.dof ?? undefined;
      const r = simulateGarch(new Rng(seed), d.n, d.omega!, d.alpha!, d.beta!, dof);
      const fit = fitGarch11(r, { distribution: dof === undefined ? 'normal' : 'student-t' });
      expect(fit.converged).toBe(true);
      expect(fit.observations).toBe(d.n);
      const table = { omega: [d.omega, fit.omega], alpha: [d.alpha, fit.alpha], beta: [d.beta, fit.beta], dof: [dof, fit.dof] };
      for (const [key, [truth, got]] of Object.entries(table)) {
        if (truth === undefined) continue;
        expect(Math.abs(got! - truth) / d.se[key], `${key}: true ${truth}, fitted ${got}, SE ${d.se[key]}`).toBeLessThan(K);
      }
      expect(fit.persistence).toBe(fit.alpha + fit.beta);
      expect(fit.longRunVolDaily).toBeCloseTo(Math.sqrt(fit.omega / (1 - fit.persistence)), 15);
      expect(fit.longRunVol).toBeCloseTo(fit.longRunVolDaily * Math.sqrt(365), 14);
      const llTrue = garchLogLikelihoodPlain(r, d.omega!, d.alpha!, d.beta!, dof);
      expect(fit.logLikelihood).toBeGreaterThanOrEqual(llTrue);
      // the reported LL is the LL of the reported parameters
      const llFit = garchLogLikelihoodPlain(r, fit.omega, fit.alpha, fit.beta, fit.dof);
      expect(Math.abs(fit.logLikelihood - llFit)).toBeLessThan(1e-9 * Math.abs(llFit));
    });
  }

  it('constant mean: recovers μ and the variance parameters (normal)', () => {
    const d = design('garch-normal');
    const mu = 0.002;
    const r = simulateGarch(new Rng(13), d.n, d.omega!, d.alpha!, d.beta!, undefined, 500, mu);
    const fit = fitGarch11(r, { mean: 'constant' });
    // SE of μ ≈ sqrt(long-run variance / n) (sample mean bound; the MLE is at least as precise)
    const seMu = Math.sqrt(d.omega! / (1 - d.alpha! - d.beta!) / d.n);
    expect(Math.abs(fit.mu! - mu)).toBeLessThan(K * seMu);
    expect(Math.abs(fit.alpha - d.alpha!)).toBeLessThan(K * d.se.alpha);
    expect(Math.abs(fit.beta - d.beta!)).toBeLessThan(K * d.se.beta);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(garchLogLikelihoodPlain(r, d.omega!, d.alpha!, d.beta!, undefined, mu));
  });
});

describe('stationarity', () => {
  it('on an integrated process (α + β = 1) the fit keeps α + β < 1, ω > 0, α, β >= 0', () => {
    // IGARCH: ω = 1e-6, α = 0.1, β = 0.9
    const r = simulateGarch(new Rng(21), 5000, 1e-6, 0.1, 0.9, undefined, 0, 0, 4e-4);
    const fit = fitGarch11(r);
    expect(fit.persistence).toBeLessThan(1);
    expect(fit.persistence).toBeLessThanOrEqual(PERSISTENCE_MAX);
    expect(fit.persistence).toBeGreaterThan(0.98);
    expect(fit.omega).toBeGreaterThan(0);
    expect(fit.alpha).toBeGreaterThanOrEqual(0);
    expect(fit.beta).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(fit.longRunVol)).toBe(true);
    expect(fit.persistenceAtBound).toBe(fit.persistence >= PERSISTENCE_MAX * (1 - 1e-9));
    // the true point lies on the excluded boundary α + β = 1; the fit gets at least as close in likelihood
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(garchLogLikelihoodPlain(r, 1e-6, 0.1, 0.9));
  });

  it('on an explosive-looking series the persistence stops at PERSISTENCE_MAX and says so', () => {
    // variance trending up: α + β = 1.02
    const r = simulateGarch(new Rng(22), 2000, 1e-7, 0.12, 0.9, undefined, 0, 0, 1e-4);
    const fit = fitGarch11(r);
    expect(fit.persistence).toBeLessThan(1);
    expect(fit.persistence).toBeGreaterThan(0.99);
    expect(fit.persistence).toBeCloseTo(PERSISTENCE_MAX, 12);
    expect(fit.persistenceAtBound).toBe(true);
  });
});

describe('agreement with SciPy on BTC returns (first 1,000 closes)', () => {
  const r = logReturns(fixture.btcCloses);
  for (const [key, distribution] of [['garch-normal', 'normal'], ['garch-t', 'student-t']] as const) {
    it(key, () => {
      const ref = fixture.scipyFits[key];
      const fit = fitGarch11(r, { distribution });
      // the MLE maximizes the same function SciPy's SLSQP maximized: at least as high a likelihood
      expect(fit.logLikelihood).toBeGreaterThanOrEqual(ref.logLikelihood - 1e-7);
      expect(fit.alpha).toBeCloseTo(ref.alpha, 4);
      expect(fit.beta).toBeCloseTo(ref.beta, 4);
      expect(fit.omega / ref.omega).toBeCloseTo(1, 3);
      if (distribution === 'student-t') expect(fit.dof! / ref.dof).toBeCloseTo(1, 3);
    });
  }
});
