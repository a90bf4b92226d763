// Incomplete gamma, chi-square and binomial functions against SciPy (fixture) and closed forms.
import { describe, expect, it } from 'vitest';
import { binomialCdf, binomialPmf } from '../../src/backtest/binomial.js';
import { chiSquareCdf, chiSquareSurvival } from '../../src/backtest/chiSquare.js';
import { regularizedGammaP, regularizedGammaQ } from '../../src/backtest/incompleteGamma.js';
import { InputError } from '../../src/errors.js';
import { close, fixture } from './fixture.js';

describe('regularized incomplete gamma (NR3 6.2)', () => {
  it('matches scipy.special.gammainc / gammaincc to 1e-13 relative', () => {
    const bad: string[] = [];
    for (const c of fixture.gamma) {
      const p = regularizedGammaP(c.a, c.x);
      const q = regularizedGammaQ(c.a, c.x);
      // values below 1e-300 are compared in absolute terms
      if (!close(p, c.p, 1e-13, 1e-300)) bad.push(`P(${c.a}, ${c.x}) = ${p}, SciPy ${c.p}`);
      if (!close(q, c.q, 1e-13, 1e-300)) bad.push(`Q(${c.a}, ${c.x}) = ${q}, SciPy ${c.q}`);
    }
    expect(bad).toEqual([]);
    expect(fixture.gamma.length).toBeGreaterThan(100);
  });

  it('gives the closed forms at a = 1 (1 - e^-x) and a = 1/2 (erf)', () => {
    // relative error grows like x * 2^-53 through exp(-x + ...)
    for (const x of [0.01, 0.7, 3, 25]) expect(close(regularizedGammaQ(1, x), Math.exp(-x), 1e-13)).toBe(true);
    for (const x of [0.01, 0.7, 3]) expect(close(regularizedGammaP(1, x), -Math.expm1(-x), 1e-14)).toBe(true);
    // P(1/2, x) = erf(sqrt x); erf(1) = 0.8427007929497149 (Abramowitz & Stegun table 7.1)
    expect(close(regularizedGammaP(0.5, 1), 0.8427007929497149, 1e-14)).toBe(true);
  });

  it('handles the ends and rejects bad arguments', () => {
    expect(regularizedGammaP(2, 0)).toBe(0);
    expect(regularizedGammaQ(2, 0)).toBe(1);
    expect(regularizedGammaP(2, Infinity)).toBe(1);
    expect(regularizedGammaQ(2, Infinity)).toBe(0);
    expect(() => regularizedGammaP(0, 1)).toThrow(InputError);
    expect(() => regularizedGammaQ(1, -1)).toThrow(/x: must be a number >= 0/);
    expect(() => regularizedGammaQ(1, NaN)).toThrow(InputError);
  });
});

describe('chi-square distribution', () => {
  it('matches scipy.stats.chi2.cdf / sf to 1e-13 relative, far into the tail', () => {
    const bad: string[] = [];
    for (const c of fixture.chi2) {
      const cdf = chiSquareCdf(c.x, c.dof);
      const sf = chiSquareSurvival(c.x, c.dof);
      if (!close(cdf, c.cdf, 1e-13, 1e-300)) bad.push(`cdf(${c.x}; ${c.dof}) = ${cdf}, SciPy ${c.cdf}`);
      if (!close(sf, c.sf, 1e-13, 1e-300)) bad.push(`sf(${c.x}; ${c.dof}) = ${sf}, SciPy ${c.sf}`);
    }
    expect(bad).toEqual([]);
    // the tail really is exercised: chi2(1) at 700 is about 1e-154
    const far = fixture.chi2.find((c) => c.dof === 1 && c.x === 700)!;
    expect(far.sf).toBeLessThan(1e-150);
    expect(far.sf).toBeGreaterThan(0);
  });

  it('gives the textbook critical values and e^-x/2 for two degrees of freedom', () => {
    expect(chiSquareSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 14);
    expect(chiSquareSurvival(6.634896601021213, 1)).toBeCloseTo(0.01, 14);
    expect(chiSquareSurvival(5.991464547107979, 2)).toBeCloseTo(0.05, 14);
    for (const x of [0.3, 4, 40, 400]) expect(close(chiSquareSurvival(x, 2), Math.exp(-x / 2), 1e-13)).toBe(true);
    expect(chiSquareSurvival(0, 1)).toBe(1);
  });

  it('rejects negative statistics and non-positive degrees of freedom', () => {
    expect(() => chiSquareSurvival(-1, 1)).toThrow(InputError);
    expect(() => chiSquareCdf(1, 0)).toThrow(/dof: degrees of freedom/);
  });
});

describe('binomial distribution (Loader 2000)', () => {
  it('matches scipy.stats.binom.pmf / cdf to 1e-12 relative, up to n = 10^6', () => {
    const bad: string[] = [];
    for (const c of fixture.binom) {
      const pmf = binomialPmf(c.x, c.n, c.p);
      const cdf = binomialCdf(c.x, c.n, c.p);
      if (!close(pmf, c.pmf, 1e-12, 1e-300)) bad.push(`pmf(${c.x}; ${c.n}, ${c.p}) = ${pmf}, SciPy ${c.pmf}`);
      if (!close(cdf, c.cdf, 1e-12, 1e-300)) bad.push(`cdf(${c.x}; ${c.n}, ${c.p}) = ${cdf}, SciPy ${c.cdf}`);
    }
    expect(bad).toEqual([]);
  });

  it('agrees with exact integer arithmetic for a small case', () => {
    // Bin(10, 1/2): P(X <= 3) = (1 + 10 + 45 + 120) / 1024
    expect(close(binomialCdf(3, 10, 0.5), 176 / 1024, 1e-14)).toBe(true);
    expect(close(binomialPmf(5, 10, 0.5), 252 / 1024, 1e-14)).toBe(true);
  });

  it('handles the ends', () => {
    expect(binomialCdf(-1, 10, 0.3)).toBe(0);
    expect(binomialCdf(10, 10, 0.3)).toBe(1);
    expect(binomialCdf(0, 10, 0)).toBe(1);
    expect(binomialCdf(9, 10, 1)).toBe(0);
    expect(binomialPmf(11, 10, 0.3)).toBe(0);
    expect(binomialPmf(0, 0, 0.3)).toBe(1);
    expect(() => binomialCdf(1.5, 10, 0.3)).toThrow(/x: must be an integer/);
    expect(() => binomialCdf(1, 10, 1.2)).toThrow(/p: must be a probability/);
  });
});
