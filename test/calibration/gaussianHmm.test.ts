// Gaussian HMM (src/calibration/gaussianHmm.ts) against test/fixtures/hmm.json, made by
// test/fixtures/make_hmm_fixtures.py: an independent log-space NumPy Baum-Welch fit of the same model
// (initial distribution estimated) and statsmodels' MarkovRegression fit (initial distribution held at
// the chain's steady state), on a simulated 2-state series and on 1,500 BTC-USD daily log returns.
// Also: the filter uses no future data (walk-forward), rows sum to 1, recovery of simulated
// parameters, and errors on bad input.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  filteredProbabilities,
  fitGaussianHmm,
  hmmLogLikelihood,
  smoothedProbabilities,
  type GaussianHmm,
} from '../../src/calibration/gaussianHmm.js';
import { InputError } from '../../src/errors.js';
import { Rng } from './simulate.js';

interface Reference {
  model: GaussianHmm;
  logLikelihood: number;
  filtered: number[][];
  smoothed: number[][];
}
interface Series {
  name: 'simulated' | 'btc';
  returns: number[];
  indices: number[];
  em: Reference & { iterations: number };
  statsmodels: Reference;
  truth?: { model: GaussianHmm; logLikelihood: number };
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/hmm.json', import.meta.url), 'utf8')) as { series: Series[] };
const K = 2;

function expectModelClose(got: GaussianHmm, want: GaussianHmm, tol: { mean: number; varRel: number; trans: number }): void {
  for (let k = 0; k < K; k++) {
    expect(Math.abs(got.means[k] - want.means[k]), `means[${k}]: ${got.means[k]} vs ${want.means[k]}`).toBeLessThan(tol.mean);
    const rel = Math.abs(got.variances[k] / want.variances[k] - 1);
    expect(rel, `variances[${k}]: ${got.variances[k]} vs ${want.variances[k]}`).toBeLessThan(tol.varRel);
    for (let j = 0; j < K; j++) {
      const d = Math.abs(got.transition[k][j] - want.transition[k][j]);
      expect(d, `transition[${k}][${j}]: ${got.transition[k][j]} vs ${want.transition[k][j]}`).toBeLessThan(tol.trans);
    }
  }
}

function expectRowsClose(p: Float64Array, indices: number[], want: number[][], tol: number, what: string): void {
  indices.forEach((t, q) => {
    for (let k = 0; k < K; k++) {
      expect(Math.abs(p[t * K + k] - want[q][k]), `${what} t=${t} k=${k}: ${p[t * K + k]} vs ${want[q][k]}`).toBeLessThan(tol);
    }
  });
}

function expectRowsSumToOne(p: Float64Array, n: number, k: number): void {
  expect(p.length).toBe(n * k);
  for (let t = 0; t < n; t++) {
    let s = 0;
    for (let j = 0; j < k; j++) {
      expect(p[t * k + j]).toBeGreaterThanOrEqual(0);
      s += p[t * k + j];
    }
    expect(Math.abs(s - 1)).toBeLessThan(1e-12);
  }
}

/** Stationary distribution of a 2-state chain. */
function stationary(A: number[][]): number[] {
  const a = A[0][1];
  const b = A[1][0];
  return [b / (a + b), a / (a + b)];
}

for (const s of fixture.series) {
  describe(`Gaussian HMM on the ${s.name} series (n = ${s.returns.length})`, () => {
    const fit = fitGaussianHmm(s.returns);

    it('fit (defaults) matches the NumPy log-space Baum-Welch fit of the same model', () => {
      expect(fit.converged).toBe(true);
      expect(fit.iterations).toBeGreaterThan(0);
      expectModelClose(fit.model, s.em.model, { mean: 1e-5, varRel: 1e-3, trans: 1e-3 });
      expect(Math.abs(fit.logLikelihood / s.em.logLikelihood - 1)).toBeLessThan(1e-7);
      // the reported log-likelihood is that of the reported model
      expect(fit.logLikelihood).toBe(hmmLogLikelihood(s.returns, fit.model));
      expect(fit.model.variances[0]).toBeLessThan(fit.model.variances[1]); // state 0 = calm
    });

    it('tight tolerance: agrees with the NumPy fit to ~1e-6', () => {
      const tight = fitGaussianHmm(s.returns, { tolerance: 1e-14, maxIterations: 5000 });
      expectModelClose(tight.model, s.em.model, { mean: 1e-8, varRel: 5e-6, trans: 5e-6 });
      expect(Math.abs(tight.logLikelihood - s.em.logLikelihood)).toBeLessThan(1e-8);
    });

    it('fit matches statsmodels MarkovRegression (which keeps P(S_1) at the steady state)', () => {
      expectModelClose(fit.model, s.statsmodels.model, { mean: 1e-4, varRel: 0.01, trans: 1e-2 });
      // Estimating P(S_1) can only raise the maximum, and by at most -log min_k π̄_k, π̄ the stationary
      // distribution at the EM fit: L(θ, π) <= max_k L_k(θ) <= L(θ, π̄) / min_k π̄_k, and L(θ, π̄) <= L_statsmodels.
      const gap = fit.logLikelihood - s.statsmodels.logLikelihood;
      expect(gap).toBeGreaterThan(-1e-6);
      expect(gap).toBeLessThan(-Math.log(Math.min(...stationary(fit.model.transition))));
      expect(Math.abs(gap / s.statsmodels.logLikelihood)).toBeLessThan(1e-3);
    });

    it("at statsmodels' parameters: log-likelihood, filtered and smoothed probabilities", () => {
      const m = s.statsmodels.model;
      const ll = hmmLogLikelihood(s.returns, m);
      expect(Math.abs(ll / s.statsmodels.logLikelihood - 1)).toBeLessThan(1e-10);
      expectRowsClose(filteredProbabilities(s.returns, m), s.indices, s.statsmodels.filtered, 1e-8, 'filtered');
      expectRowsClose(smoothedProbabilities(s.returns, m), s.indices, s.statsmodels.smoothed, 1e-8, 'smoothed');
    });

    it("at the NumPy fit's parameters: log-likelihood, filtered and smoothed probabilities", () => {
      const m = s.em.model;
      expect(Math.abs(hmmLogLikelihood(s.returns, m) / s.em.logLikelihood - 1)).toBeLessThan(1e-12);
      expectRowsClose(filteredProbabilities(s.returns, m), s.indices, s.em.filtered, 1e-8, 'filtered');
      expectRowsClose(smoothedProbabilities(s.returns, m), s.indices, s.em.smoothed, 1e-8, 'smoothed');
    });

    it('filtered and smoothed rows sum to 1; both agree at the last t', () => {
      const n = s.returns.length;
      const f = filteredProbabilities(s.returns, fit.model);
      const g = smoothedProbabilities(s.returns, fit.model);
      expectRowsSumToOne(f, n, K);
      expectRowsSumToOne(g, n, K);
      for (let k = 0; k < K; k++) expect(g[(n - 1) * K + k]).toBeCloseTo(f[(n - 1) * K + k], 12);
    });
  });
}

describe('walk-forward: the filter at t uses only r_1..r_t', () => {
  const s = fixture.series.find((x) => x.name === 'btc')!;
  const n = 300;
  const r = s.returns.slice(0, n);
  const base = filteredProbabilities(r, s.em.model);

  it('changing the returns after t leaves rows 0..t unchanged (bit for bit)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: n - 2 }),
        fc.array(fc.double({ min: -0.5, max: 0.5, noNaN: true }), { minLength: n, maxLength: n }),
        fc.integer({ min: 0, max: 100 }),
        (t, tail, extra) => {
          const changed = [...r.slice(0, t + 1), ...tail.slice(t + 1), ...tail.slice(0, extra)];
          const p = filteredProbabilities(changed, s.em.model);
          expect(Array.from(p.subarray(0, (t + 1) * K))).toEqual(Array.from(base.subarray(0, (t + 1) * K)));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('a prefix alone gives the same filtered rows', () => {
    for (const t of [0, 1, 9, 150, n - 1]) {
      const p = filteredProbabilities(r.slice(0, t + 1), s.em.model);
      expect(Array.from(p)).toEqual(Array.from(base.subarray(0, (t + 1) * K)));
    }
  });

  it('the smoothed rows do depend on later returns', () => {
    const g = smoothedProbabilities(r, s.em.model);
    const changed = r.slice();
    changed[101] = 0.3;
    expect(smoothedProbabilities(changed, s.em.model)[100 * K]).not.toBe(g[100 * K]);
  });
});

describe('recovery of simulated parameters', () => {
  it('fixture series: close to the true parameters', () => {
    const s = fixture.series.find((x) => x.name === 'simulated')!;
    const fit = fitGaussianHmm(s.returns).model;
    const truth = s.truth!.model;
    expect(fitGaussianHmm(s.returns).logLikelihood).toBeGreaterThan(s.truth!.logLikelihood);
    expectModelClose(fit, truth, { mean: 2e-3, varRel: 0.15, trans: 0.03 });
  });

  it('TypeScript-simulated 3,000 returns (xoshiro seed 5): close to the true parameters', () => {
    const rng = new Rng(5);
    const truth: GaussianHmm = {
      means: [0.001, -0.002],
      variances: [0.01 ** 2, 0.04 ** 2],
      transition: [
        [0.98, 0.02],
        [0.05, 0.95],
      ],
      initial: [5 / 7, 2 / 7],
    };
    const r: number[] = [];
    let state = rng.uniform() < truth.initial[0] ? 0 : 1;
    for (let t = 0; t < 3000; t++) {
      if (t > 0) state = rng.uniform() < truth.transition[state][0] ? 0 : 1;
      r.push(truth.means[state] + Math.sqrt(truth.variances[state]) * rng.normal());
    }
    const fit = fitGaussianHmm(r);
    expect(fit.converged).toBe(true);
    expect(fit.logLikelihood).toBeGreaterThan(hmmLogLikelihood(r, truth));
    // loose: about 3 standard errors (the turbulent mean's SE is about 0.04 / sqrt(860) = 1.4e-3)
    expectModelClose(fit.model, truth, { mean: 4e-3, varRel: 0.15, trans: 0.03 });
  });
});

describe('options', () => {
  const s = fixture.series.find((x) => x.name === 'btc')!;

  it('start: from the statsmodels model, EM reaches the same fit', () => {
    const fit = fitGaussianHmm(s.returns, { start: s.statsmodels.model, tolerance: 1e-14, maxIterations: 5000 });
    expectModelClose(fit.model, s.em.model, { mean: 1e-8, varRel: 5e-6, trans: 5e-6 });
  });

  it('maxIterations: 0 returns the start model, not converged', () => {
    const fit = fitGaussianHmm(s.returns, { start: s.statsmodels.model, maxIterations: 0 });
    expect(fit.iterations).toBe(0);
    expect(fit.converged).toBe(false);
    expect(fit.model).toEqual(s.statsmodels.model);
  });

  it('states: 1 is the sample mean and variance; 3 states are ordered by variance with stochastic rows', () => {
    const r = s.returns;
    const one = fitGaussianHmm(r, { states: 1 }).model;
    const mean = r.reduce((a, x) => a + x, 0) / r.length;
    const v = r.reduce((a, x) => a + (x - mean) ** 2, 0) / r.length;
    expect(one.means[0]).toBeCloseTo(mean, 15);
    expect(one.variances[0] / v).toBeCloseTo(1, 12);
    expect(one.transition).toEqual([[1]]);
    const three = fitGaussianHmm(r, { states: 3 });
    const m = three.model;
    expect(m.variances[0]).toBeLessThan(m.variances[1]);
    expect(m.variances[1]).toBeLessThan(m.variances[2]);
    for (const row of m.transition) expect(Math.abs(row.reduce((a, x) => a + x, 0) - 1)).toBeLessThan(1e-12);
    expect(Math.abs(m.initial.reduce((a, x) => a + x, 0) - 1)).toBeLessThan(1e-12);
    expectRowsSumToOne(filteredProbabilities(r, m), r.length, 3);
    expect(three.logLikelihood).toBeGreaterThan(fitGaussianHmm(r).logLikelihood);
  });

  it('is deterministic', () => {
    expect(fitGaussianHmm(s.returns)).toEqual(fitGaussianHmm(s.returns));
  });

  it('variance floor: a run of identical returns cannot collapse a state', () => {
    const r = [...Array(200).fill(0.001), ...s.returns.slice(0, 200)];
    const fit = fitGaussianHmm(r);
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
    for (const v of fit.model.variances) expect(v).toBeGreaterThan(0);
  });
});

describe('bad input', () => {
  const good = fixture.series[0].returns.slice(0, 50);
  const model = fixture.series[0].em.model;

  it('throws InputError on fewer than 10 returns, non-finite returns, states < 1', () => {
    expect(() => fitGaussianHmm(good.slice(0, 9))).toThrow(InputError);
    expect(() => fitGaussianHmm(good.slice(0, 9))).toThrow('<api>: returns: 9 returns: a volatility fit needs at least 10');
    expect(() => fitGaussianHmm(good.slice(0, 10))).not.toThrow();
    for (const bad of [NaN, Infinity, -Infinity]) {
      const r = good.slice();
      r[7] = bad;
      expect(() => fitGaussianHmm(r)).toThrow(`<api>: returns[7]: ${bad}: every return must be a finite number`);
      expect(() => filteredProbabilities(r, model)).toThrow(InputError);
    }
    expect(() => fitGaussianHmm(good, { states: 0 })).toThrow('<api>: options.states: 0: must be an integer in [1, 50]');
    expect(() => fitGaussianHmm(good, { states: 1.5 })).toThrow(InputError);
    expect(() => fitGaussianHmm(good, { maxIterations: -1 })).toThrow('options.maxIterations');
    expect(() => fitGaussianHmm(good, { tolerance: NaN })).toThrow('options.tolerance');
    expect(() => fitGaussianHmm(Array(20).fill(0.01))).toThrow('all returns are equal');
  });

  it('throws InputError on a malformed model or start', () => {
    expect(() => fitGaussianHmm(good, { states: 3, start: model })).toThrow('options.start has 2 states');
    expect(() => hmmLogLikelihood(good, { ...model, variances: [0, 1] })).toThrow('<api>: model.variances[0]: 0: must be positive');
    expect(() => hmmLogLikelihood(good, { ...model, initial: [0.5, 0.6] })).toThrow('model.initial: must sum to 1');
    expect(() => smoothedProbabilities(good, { ...model, transition: [[1, 0]] })).toThrow('model.transition: must be a 2 x 2 array');
    expect(() => fitGaussianHmm(good, { start: { ...model, transition: [[0.5, 0.6], [0.5, 0.5]] } })).toThrow(
      'options.start.transition[0]: must sum to 1',
    );
    expect(() => filteredProbabilities([], model)).toThrow(InputError);
  });
});
