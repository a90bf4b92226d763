// Acerbi-Szekely Z2: a hand case, Z2 ~ 0 for losses drawn from the forecast distribution (bound from
// the closed-form variance of the normal tail), a clearly negative Z2 when ES is understated by 30%,
// the paper's 5% critical value -0.70 recovered by simulation, and the Monte Carlo p-value.
import { describe, expect, it } from 'vitest';
import { ACERBI_SZEKELY_Z2_CRITICAL_5PCT, acerbiSzekelyZ2, acerbiSzekelyZ2PValue } from '../../src/backtest/acerbiSzekely.js';
import { RandomStream } from '../../src/data/random.js';
import { InputError } from '../../src/errors.js';
import { normalQuantile } from '../../src/twin/random.js';

const ALPHA = 0.025;
const Q = normalQuantile(1 - ALPHA); // standard normal VaR at 97.5%
const PHI_Q = Math.exp((-Q * Q) / 2) / Math.sqrt(2 * Math.PI);
const ES_STD = PHI_Q / ALPHA; // standard normal ES at 97.5%: phi(q) / alpha
/**
 * Var of Y = Z 1{Z > q} / (alpha ES) for Z ~ N(0,1): E[Z^2 1{Z > q}] = alpha + q phi(q), so
 * Var Y = (alpha + q phi(q)) / phi(q)^2 - 1, and sd(Z2) = sqrt(Var Y / T) (losses independent).
 */
const VAR_Y = (ALPHA + Q * PHI_Q) / (PHI_Q * PHI_Q) - 1;

/** Daily scale sigma_t of the true loss distribution (time-varying, large units). */
const sigmaAt = (t: number) => 1e6 * (1 + 0.5 * Math.sin(t / 40));

/** T losses L_t = volScale * sigma_t * Z_t, Z_t ~ N(0,1) seeded. */
function lossPath(T: number, seed: number, volScale = 1): Float64Array {
  const rng = new RandomStream(seed);
  const losses = new Float64Array(T);
  for (let t = 0; t < T; t++) losses[t] = volScale * sigmaAt(t) * rng.normal();
  return losses;
}

/** Normal losses with exact VaR/ES forecasts; ES (only) multiplied by esFactor. */
function normalBacktest(T: number, seed: number, esFactor = 1) {
  const varF = new Float64Array(T);
  const esF = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    varF[t] = sigmaAt(t) * Q;
    esF[t] = sigmaAt(t) * ES_STD * esFactor;
  }
  return { losses: lossPath(T, seed), varF, esF };
}

/** VaR and ES of a normal forecast N(0, (volScale sigma_t)^2). */
function normalForecasts(T: number, volScale: number) {
  const varF = new Float64Array(T);
  const esF = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    varF[t] = volScale * sigmaAt(t) * Q;
    esF[t] = volScale * sigmaAt(t) * ES_STD;
  }
  return { varF, esF };
}

describe('acerbiSzekelyZ2', () => {
  it('computes Z2 = 1 - sum L I / (T alpha ES) on a hand case', () => {
    // only day 2 exceeds VaR (3 > 2): Z2 = 1 - (3 / 2.5) / (4 * 0.25) = -0.2
    expect(acerbiSzekelyZ2([0, 3, 1, 0], [2, 2, 2, 2], [2.5, 2.5, 2.5, 2.5], 0.25).z2).toBeCloseTo(-0.2, 15);
    // a loss equal to VaR is not an exceedance; no exceedance gives Z2 = 1
    expect(acerbiSzekelyZ2([2, 1], [2, 2], [3, 3], 0.5).z2).toBe(1);
    expect(acerbiSzekelyZ2([2, 1], [2, 2], [3, 3], 0.5).pValue).toBeUndefined();
  });

  it('is 0 within 4 standard errors when losses follow the forecast distribution', () => {
    const T = 200_000;
    const { losses, varF, esF } = normalBacktest(T, 7);
    const se = Math.sqrt(VAR_Y / T); // about 0.014
    expect(Math.abs(acerbiSzekelyZ2(losses, varF, esF, ALPHA).z2)).toBeLessThan(4 * se);
  });

  it('is clearly negative when ES is understated by 30% (expected 1 - 1/0.7)', () => {
    const T = 200_000;
    const { losses, varF, esF } = normalBacktest(T, 8, 0.7);
    const z2 = acerbiSzekelyZ2(losses, varF, esF, ALPHA).z2;
    const se = Math.sqrt(VAR_Y / T) / 0.7;
    expect(Math.abs(z2 - (1 - 1 / 0.7))).toBeLessThan(4 * se);
    expect(z2).toBeLessThan(-20 * se);
  });

  it("recovers the paper's 5% critical value -0.70 for T = 250, alpha = 2.5% (normal losses)", () => {
    const M = 50_000;
    const z = new Float64Array(M);
    for (let i = 0; i < M; i++) {
      const { losses, varF, esF } = normalBacktest(250, 1000 + i);
      z[i] = acerbiSzekelyZ2(losses, varF, esF, ALPHA).z2;
    }
    z.sort();
    // distribution-free CI of the 5% quantile: order statistics at M * 0.05 -+ 4 binomial sd
    const half = 4 * Math.sqrt(M * 0.05 * 0.95);
    const lo = z[Math.floor(M * 0.05 - half)];
    const hi = z[Math.ceil(M * 0.05 + half)];
    // the published -0.70 is rounded to two decimals
    expect(lo).toBeLessThanOrEqual(ACERBI_SZEKELY_Z2_CRITICAL_5PCT + 0.005);
    expect(hi).toBeGreaterThanOrEqual(ACERBI_SZEKELY_Z2_CRITICAL_5PCT - 0.005);
    expect(hi - lo).toBeLessThan(0.05); // the check has teeth
  });
});

describe('acerbiSzekelyZ2PValue', () => {
  it('counts simulated Z2 at or below the observed one, (1 + count) / (M + 1)', () => {
    // path i = [i, 0], VaR 0.5, ES 1, alpha 0.5, T = 2: Z2_i = 1 - i for i >= 1, Z2_0 = 1
    const simulate = (i: number) => [i, 0];
    const p = acerbiSzekelyZ2PValue(-2.5, [0.5, 0.5], [1, 1], 0.5, simulate, 10);
    expect(p).toBe(7 / 11); // i = 4..9 give Z2 <= -2.5
    expect(acerbiSzekelyZ2PValue(-3, [0.5, 0.5], [1, 1], 0.5, simulate, 10)).toBe(7 / 11); // i = 4 gives exactly -3
    expect(acerbiSzekelyZ2PValue(-100, [0.5, 0.5], [1, 1], 0.5, simulate, 10)).toBe(1 / 11);
  });

  it('rejects a model that understates volatility by 30% and not the true model (seeded simulator)', () => {
    // H0 paths are drawn from each model's own forecast distribution, N(0, (scale sigma_t)^2)
    const T = 1000;
    const losses = lossPath(T, 99);
    const pValueOf = (volScale: number) => {
      const { varF, esF } = normalForecasts(T, volScale);
      const simulate = (i: number) => lossPath(T, 50_000 + i, volScale);
      return acerbiSzekelyZ2(losses, varF, esF, ALPHA, { simulate, replications: 499 }).pValue;
    };
    const pUnder = pValueOf(0.7);
    expect(pUnder).toBeLessThanOrEqual(0.01);
    const pTrue = pValueOf(1);
    expect(pTrue).toBeGreaterThan(0.01);
    expect(pValueOf(1)).toBe(pTrue); // the same seeds give the same p-value
  });

  it('names a simulated path of the wrong length or with a bad value', () => {
    expect(() => acerbiSzekelyZ2PValue(0, [1, 1], [2, 2], 0.1, () => [1], 3)).toThrow(/simulate\(0\): returned 1 losses; the forecasts have 2/);
    expect(() => acerbiSzekelyZ2PValue(0, [1, 1], [2, 2], 0.1, (i) => (i === 2 ? [1, NaN] : [1, 1]), 3)).toThrow(/simulate\(2\)\[1\]: must be a finite number; got NaN/);
    expect(() => acerbiSzekelyZ2PValue(0, [1, 1], [2, 2], 0.1, () => [1, 1], 0)).toThrow(/replications/);
  });
});

describe('acerbiSzekelyZ2 input errors', () => {
  it('rejects empty, mismatched and non-finite arrays, ES <= 0 and a bad alpha', () => {
    expect(() => acerbiSzekelyZ2([], [], [], 0.025)).toThrow(InputError);
    expect(() => acerbiSzekelyZ2([1, 2], [1, 1, 1], [2, 2, 2], 0.025)).toThrow('<api>: varForecasts: has 3 entries but losses has 2; losses, varForecasts, esForecasts must have one length');
    expect(() => acerbiSzekelyZ2([1, 2], [1, 1], [2], 0.025)).toThrow(/esForecasts: has 1 entries but varForecasts has 2/);
    expect(() => acerbiSzekelyZ2([1, Infinity], [1, 1], [2, 2], 0.025)).toThrow(/losses\[1\]: must be a finite number; got Infinity/);
    expect(() => acerbiSzekelyZ2([1, 2], [1, 1], [2, 0], 0.025)).toThrow(/esForecasts\[1\]: must be > 0/);
    expect(() => acerbiSzekelyZ2([1, 2], [1, 1], [2, 2], 2.5)).toThrow(/alpha: must be a number strictly between 0 and 1/);
  });
});
