// The log-likelihood functions against NumPy/SciPy (scipy.stats logpdf over an lfilter variance
// path) on the log returns of the first 1,000 BTC-USD closes, fixed parameter vectors, 1e-10 relative;
// and the unit-variance t density against textbook values.
import { describe, expect, it } from 'vitest';
import { ewmaLogLikelihood } from '../../src/calibration/ewmaLogLikelihood.js';
import { garch11LogLikelihood } from '../../src/calibration/garch11LogLikelihood.js';
import { normalLogDensity, studentTLogConstant, studentTLogDensity } from '../../src/calibration/innovationDensity.js';
import { logGamma } from '../../src/calibration/logGamma.js';
import { fixture } from './fixture.js';
import { lnGammaStirling, logReturns } from './simulate.js';

const r = logReturns(fixture.btcCloses);

describe('log-likelihoods vs SciPy fixture', () => {
  it('has the slice and the cases', () => {
    expect(r.length).toBe(999);
    expect(fixture.logLikelihoods.length).toBeGreaterThanOrEqual(7);
  });
  for (const c of fixture.logLikelihoods) {
    const label = JSON.stringify({ ...c, logLikelihood: undefined });
    it(`${c.model} ${label}`, () => {
      const distribution = c.dof === undefined ? 'normal' : 'student-t';
      const got =
        c.model === 'ewma'
          ? ewmaLogLikelihood(r, { lambda: c.lambda!, seedReturns: c.seedReturns!, distribution, dof: c.dof })
          : garch11LogLikelihood(r, {
              omega: c.omega!, alpha: c.alpha!, beta: c.beta!, mu: c.mu, distribution, dof: c.dof, likelihoodStart: c.likelihoodStart,
            });
      expect(Math.abs(got - c.logLikelihood) / Math.abs(c.logLikelihood)).toBeLessThan(1e-10);
    });
  }
});

describe('densities', () => {
  it('logGamma matches exact values and an independent Stirling series', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    for (const x of [0.3, 1.7, 2.05, 3.5, 12.25, 250.5]) {
      expect(Math.abs(logGamma(x) - lnGammaStirling(x))).toBeLessThan(1e-12 * Math.max(1, Math.abs(lnGammaStirling(x))));
    }
  });

  it('normal log density is ln φ', () => {
    expect(normalLogDensity(0, 1)).toBeCloseTo(-0.5 * Math.log(2 * Math.PI), 15);
    expect(normalLogDensity(0.02, 1e-4)).toBeCloseTo(-0.5 * Math.log(2 * Math.PI * 1e-4) - 2, 12);
  });

  it('unit-variance t at ν = 4: closed form 3/(8·sqrt(2)) (1 + x²/2)^(-5/2) for the standardized variable', () => {
    // t_4 density: 3/8 (1 + t²/4)^(-5/2); unit variance: x = t / sqrt(2), f(x) = sqrt(2) · 3/8 (1 + x²/2)^(-5/2)
    for (const x of [0, 0.7, -2.5]) {
      const expected = Math.log(Math.SQRT2 * 0.375 * Math.pow(1 + (x * x) / 2, -2.5));
      expect(studentTLogDensity(x, 1, 4, studentTLogConstant(4))).toBeCloseTo(expected, 13);
    }
    expect(Number.isNaN(studentTLogConstant(2))).toBe(true);
  });

  it('the unit-variance t density integrates to 1 and has variance v (ν = 5, v = 4)', () => {
    const c = studentTLogConstant(5);
    let mass = 0;
    let second = 0;
    const h = 1e-3;
    for (let x = -400; x <= 400; x += h) {
      const f = Math.exp(studentTLogDensity(x, 4, 5, c));
      mass += f * h;
      second += x * x * f * h;
    }
    expect(mass).toBeCloseTo(1, 6);
    expect(second).toBeCloseTo(4, 2); // tail beyond ±400 holds about 1e-5 of the variance
  });
});
