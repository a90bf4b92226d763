// Sample statistics of the Wasm scenario generator (200,000 scenarios, 4 factors): moments and
// correlation within 5 standard errors computed from the sample size, Student-t tails, and
// bit-identical output for 1, 2 and 3 splits of the scenario range.
import { describe, expect, it } from 'vitest';
import type { ScenarioModel, ScenarioOptions } from '../../src/twin/scenarios.js';
import { WasmKernels } from '../../src/wasm/kernels.js';
import { readWasm } from '../../src/wasm/node-source.js';

const wasm = await WasmKernels.create(await readWasm());

const M = 200_000;
const N = 4;
const Z = 5; // bound in standard errors
const CORR = [
  [1.0, 0.7, -0.3, 0.2],
  [0.7, 1.0, 0.1, 0.4],
  [-0.3, 0.1, 1.0, -0.5],
  [0.2, 0.4, -0.5, 1.0],
];
const SCALE = Float64Array.from([0.01, 0.025, 0.05, 0.004]);
const NU = 10; // Student-t: finite 8th moment, so the sample kurtosis has a finite standard error

/** Cholesky of CORR, written out here (row-major, lower). */
function choleskyOfCorr(): Float64Array {
  const l = new Float64Array(N * N);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j <= i; j++) {
      let s = CORR[i][j];
      for (let k = 0; k < j; k++) s -= l[i * N + k] * l[j * N + k];
      l[i * N + j] = i === j ? Math.sqrt(s) : s / l[j * N + j];
    }
  }
  return l;
}

const base = { seed: 20250101, chol: choleskyOfCorr(), scale: SCALE, dof: NU };

function generate(model: ScenarioModel, cuts: number[]): Float64Array {
  const out = new Float64Array(M * N);
  for (let k = 0; k + 1 < cuts.length; k++) {
    const opts: ScenarioOptions = { ...base, model, scenarioStart: cuts[k], count: cuts[k + 1] - cuts[k] };
    const part = new Float64Array(opts.count * N);
    wasm.scenarioReturns(opts, part);
    out.set(part, cuts[k] * N);
  }
  return out;
}

/** Number of entries whose bits differ (a plain loop: `toEqual` on 800k doubles is slow). */
function bitMismatches(a: Float64Array, b: Float64Array): number {
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length * 2);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length * 2);
  if (ua.length !== ub.length) return Math.max(a.length, b.length);
  let bad = 0;
  for (let k = 0; k < ua.length; k++) if (ua[k] !== ub[k]) bad++;
  return bad;
}

/** Means, covariance and fourth central moments per factor. */
function moments(x: Float64Array) {
  const mean = new Float64Array(N);
  for (let m = 0; m < M; m++) for (let i = 0; i < N; i++) mean[i] += x[m * N + i];
  mean.forEach((v, i) => (mean[i] = v / M));
  const cov = new Float64Array(N * N);
  const m4 = new Float64Array(N);
  for (let m = 0; m < M; m++) {
    for (let i = 0; i < N; i++) {
      const di = x[m * N + i] - mean[i];
      m4[i] += di ** 4;
      for (let j = 0; j < N; j++) cov[i * N + j] += di * (x[m * N + j] - mean[j]);
    }
  }
  cov.forEach((v, k) => (cov[k] = v / (M - 1)));
  m4.forEach((v, i) => (m4[i] = v / M));
  const corr = (i: number, j: number) => cov[i * N + j] / Math.sqrt(cov[i * N + i] * cov[j * N + j]);
  const kurtosis = (i: number) => m4[i] / cov[i * N + i] ** 2;
  return { mean, cov, corr, kurtosis };
}

describe.each(['normal', 'student-t'] as const)('scenario statistics (%s, 200k scenarios)', (model) => {
  const x = generate(model, [0, M]);
  const s = moments(x);
  // Theoretical kurtosis of the factor marginals: 3 (normal), 3 + 6 / (nu - 4) (Student-t).
  const kurt = model === 'normal' ? 3 : 3 + 6 / (NU - 4);
  // Elliptical kurtosis parameter kappa = kurt / 3 - 1 inflates the correlation's variance by (1 + kappa).
  const kappa = kurt / 3 - 1;

  it('means are 0 within 5 standard errors (scale_i / sqrt(M))', () => {
    for (let i = 0; i < N; i++) expect(Math.abs(s.mean[i])).toBeLessThan((Z * SCALE[i]) / Math.sqrt(M));
  });

  it('variances are scale_i^2 within 5 standard errors (scale_i^2 sqrt((kurt - 1) / M))', () => {
    for (let i = 0; i < N; i++) {
      const v = SCALE[i] ** 2;
      expect(Math.abs(s.cov[i * N + i] - v)).toBeLessThan(Z * v * Math.sqrt((kurt - 1) / M));
    }
  });

  it('recovers the correlation within 5 standard errors ((1 - rho^2) sqrt((1 + kappa) / M))', () => {
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < i; j++) {
        const rho = CORR[i][j];
        expect(Math.abs(s.corr(i, j) - rho), `rho[${i}][${j}]`).toBeLessThan((Z * (1 - rho * rho) * Math.sqrt(1 + kappa)) / Math.sqrt(M));
      }
    }
  });

  if (model === 'normal') {
    it('kurtosis is 3 within 5 standard errors (sqrt(24 / M))', () => {
      for (let i = 0; i < N; i++) expect(Math.abs(s.kurtosis(i) - 3)).toBeLessThan(Z * Math.sqrt(24 / M));
    });
  } else {
    it('has fat tails: kurtosis > 3 + 5 sqrt(24 / M) and near 3 + 6 / (nu - 4)', () => {
      // Delta-method SE of m4 / m2^2 for a unit-variance variable with moments mu4, mu6, mu8:
      // sqrt(((mu8 - mu4^2) - 4 mu4 (mu6 - mu4) + 4 mu4^2 (mu4 - 1)) / M)  (= sqrt(24 / M) if normal);
      // unit-variance t_nu: mu6 = 15 (nu-2)^2 / ((nu-4)(nu-6)), mu8 = 105 (nu-2)^3 / ((nu-4)(nu-6)(nu-8)).
      const mu4 = kurt;
      const mu6 = (15 * (NU - 2) ** 2) / ((NU - 4) * (NU - 6));
      const mu8 = (105 * (NU - 2) ** 3) / ((NU - 4) * (NU - 6) * (NU - 8));
      const se = Math.sqrt((mu8 - mu4 * mu4 - 4 * mu4 * (mu6 - mu4) + 4 * mu4 * mu4 * (mu4 - 1)) / M);
      for (let i = 0; i < N; i++) {
        expect(s.kurtosis(i)).toBeGreaterThan(3 + Z * Math.sqrt(24 / M));
        expect(Math.abs(s.kurtosis(i) - kurt)).toBeLessThan(Z * se);
      }
    });
  }

  it('is bit-identical for 1, 2 and 3 splits of [0, 200000)', () => {
    expect(bitMismatches(generate(model, [0, 70_000, M]), x)).toBe(0);
    expect(bitMismatches(generate(model, [0, 1, 123_457, M]), x)).toBe(0);
  });
});
