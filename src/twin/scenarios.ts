/**
 * Plain-TS twin of `assembly/scenarios.ts`: correlated Monte Carlo log-returns
 * x[m][i] = scale[i] * sum_j L[i][j] z[m][j], with the same streams and operation order.
 */
import { InputError } from '../errors.js';
import { normalQuantile, philox4x32_10, seedWords, STREAM_AUX, STREAM_NORMALS, uniformFromBits } from './random.js';

/** Distribution of the factor shocks. */
export type ScenarioModel = 'normal' | 'student-t';

/** Inputs of `scenarioReturns` (Wasm method and twin). */
export interface ScenarioOptions {
  /** (integer) Philox key, 0 <= seed <= 2^53 - 1. */
  seed: number;
  /** (integer) first scenario index, 0 <= scenarioStart <= 2^31 - 1. */
  scenarioStart: number;
  /** (integer) number of scenarios to write, >= 0. */
  count: number;
  /** N x N lower-triangular Cholesky factor of the factor correlation, row-major (upper triangle ignored). */
  chol: Float64Array;
  /** Per-factor horizon standard deviation, scale[i] = sqrt(h) * vol_i / sqrt(365); N = scale.length. */
  scale: Float64Array;
  /** 'normal', or 'student-t' with `dof` degrees of freedom scaled to unit variance. */
  model: ScenarioModel;
  /** Student-t degrees of freedom nu > 2 (ignored for 'normal'). */
  dof: number;
}

/** Model codes of the Wasm kernel. */
export const MODEL_CODE: Record<ScenarioModel, number> = { normal: 0, 'student-t': 1 };

const MAX_I32 = 2147483647;
const MAX_GAMMA_ATTEMPTS = 1 << 20;

/**
 * Checks `opts` against `out` (shared by the Wasm wrapper and the twin).
 * @throws InputError for a bad seed, scenario range, model or dof; RangeError for array sizes.
 */
export function checkScenarioOptions(opts: ScenarioOptions, out: Float64Array): void {
  const where = (column: string) => ({ file: '<api>', column: `scenarioReturns.${column}` });
  const { seed, scenarioStart, count, chol, scale, model, dof } = opts;
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new InputError(`seed must be an integer in [0, 2^53 - 1], got ${seed}`, where('seed'));
  }
  if (!Number.isInteger(scenarioStart) || scenarioStart < 0 || scenarioStart > MAX_I32) {
    throw new InputError(`scenarioStart must be an integer in [0, 2^31 - 1], got ${scenarioStart}`, where('scenarioStart'));
  }
  if (!Number.isInteger(count) || count < 0) {
    throw new InputError(`count must be a non-negative integer, got ${count}`, where('count'));
  }
  if (model !== 'normal' && model !== 'student-t') {
    throw new InputError(`model must be 'normal' or 'student-t', got ${String(model)}`, where('model'));
  }
  if (model === 'student-t' && !(Number.isFinite(dof) && dof > 2)) {
    throw new InputError(`dof must be a finite number > 2 for the Student-t model, got ${dof}`, where('dof'));
  }
  const n = scale.length;
  if (chol.length !== n * n) throw new RangeError(`chol has ${chol.length} entries, expected ${n} x ${n}`);
  if (out.length < count * n) throw new RangeError(`out has ${out.length} entries, needs count x N = ${count * n}`);
}

// see: G. Marsaglia, W. W. Tsang, "A simple method for generating gamma variables",
//      ACM TOMS 26(3) (2000) 363-372 (shape a = nu / 2 > 1).
/** Chi-square(nu) = 2 Gamma(nu / 2) of one scenario from stream 1 (attempt k uses block k). */
export function chiSquareAt(seedLo: number, seedHi: number, scenario: number, nu: number): number {
  const d = nu * 0.5 - 1.0 / 3.0;
  const c = 1.0 / Math.sqrt(9.0 * d);
  const mLo = scenario % 4294967296 >>> 0;
  const mHi = Math.floor(scenario / 4294967296);
  for (let k = 0; k < MAX_GAMMA_ATTEMPTS; k++) {
    const w = philox4x32_10(k, mLo, mHi, STREAM_AUX, seedLo, seedHi);
    const x = normalQuantile(uniformFromBits(w[0], w[1]));
    const u = uniformFromBits(w[2], w[3]);
    let v = 1.0 + c * x;
    if (v <= 0.0) continue;
    v = v * v * v;
    const x2 = x * x;
    if (u < 1.0 - 0.0331 * (x2 * x2)) return 2.0 * (d * v);
    if (Math.log(u) < 0.5 * x2 + d * (1.0 - v + Math.log(v))) return 2.0 * (d * v);
  }
  return NaN;
}

/**
 * Writes `count x N` scenario-major log-returns into `out` for scenarios scenarioStart..; any
 * split of a scenario range gives the same rows.
 * @throws see `checkScenarioOptions`
 */
export function scenarioReturns(opts: ScenarioOptions, out: Float64Array): void {
  checkScenarioOptions(opts, out);
  const { seed, scenarioStart, count, chol, scale, model, dof } = opts;
  const [seedLo, seedHi] = seedWords(seed);
  const n = scale.length;
  const pairs = n >>> 1;
  for (let r = 0; r < count; r++) {
    const scenario = scenarioStart + r;
    const row = r * n;
    const mLo = scenario % 4294967296 >>> 0;
    const mHi = Math.floor(scenario / 4294967296);
    for (let b = 0; b < pairs; b++) {
      const w = philox4x32_10(b, mLo, mHi, STREAM_NORMALS, seedLo, seedHi);
      out[row + 2 * b] = normalQuantile(uniformFromBits(w[0], w[1]));
      out[row + 2 * b + 1] = normalQuantile(uniformFromBits(w[2], w[3]));
    }
    if (n & 1) {
      const w = philox4x32_10(pairs, mLo, mHi, STREAM_NORMALS, seedLo, seedHi);
      out[row + 2 * pairs] = normalQuantile(uniformFromBits(w[0], w[1]));
    }
    if (model === 'student-t') {
      const g = Math.sqrt((dof - 2.0) / chiSquareAt(seedLo, seedHi, scenario, dof));
      for (let j = 0; j < n; j++) out[row + j] = out[row + j] * g;
    }
    // In place, rows from the last: row i reads z[0..i] only. Products with j = c (mod 4) are summed
    // in increasing j into s_c (the lanes of the Wasm kernel's two f64x2 accumulators), then
    // x = scale[i] * ((s0 + s2) + (s1 + s3)).
    for (let i = n - 1; i >= 0; i--) {
      const l = i * n;
      const len = i + 1;
      let s0 = 0.0;
      let s1 = 0.0;
      let s2 = 0.0;
      let s3 = 0.0;
      let j = 0;
      for (; j + 3 < len; j += 4) {
        s0 += chol[l + j] * out[row + j];
        s1 += chol[l + j + 1] * out[row + j + 1];
        s2 += chol[l + j + 2] * out[row + j + 2];
        s3 += chol[l + j + 3] * out[row + j + 3];
      }
      if (j < len) s0 += chol[l + j] * out[row + j];
      if (j + 1 < len) s1 += chol[l + j + 1] * out[row + j + 1];
      if (j + 2 < len) s2 += chol[l + j + 2] * out[row + j + 2];
      out[row + i] = scale[i] * ((s0 + s2) + (s1 + s3));
    }
  }
}
