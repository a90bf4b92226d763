/**
 * Gaussian hidden Markov model for daily returns: r_t | S_t = k ~ N(μ_k, σ²_k), S_t a Markov chain
 * with row-stochastic transition matrix A (A[i][j] = P(S_{t+1} = j | S_t = i)) and initial
 * distribution π = P(S_1). Fitted by EM (Baum-Welch) with the scaled forward-backward recursions.
 */
import { InputError } from '../errors.js';
import { checkRange, validateReturns } from './validateReturns.js';

export interface GaussianHmm {
  /** μ_k, per state. */
  means: number[];
  /** σ²_k, per state. */
  variances: number[];
  /** K x K, row-stochastic: transition[i][j] = P(S_{t+1} = j | S_t = i). */
  transition: number[][];
  /** π_k = P(S_1 = k). */
  initial: number[];
}

export interface FitGaussianHmmOptions {
  /** Number of states K. Default 2 (or the size of `start`). */
  states?: number;
  /** Most EM iterations. Default 500. */
  maxIterations?: number;
  /** Stop when the mean log-likelihood per return changes by less than this. Default 1e-8. */
  tolerance?: number;
  /** Starting model; default a deterministic split of the returns at quantiles of |r|. */
  start?: GaussianHmm;
}

export interface GaussianHmmFit {
  /** Fitted model, states ordered by ascending variance (state 0 = calm). */
  model: GaussianHmm;
  /** Log-likelihood of `model`. */
  logLikelihood: number;
  /** EM iterations done. */
  iterations: number;
  /** Whether the tolerance was met within maxIterations. */
  converged: boolean;
}

/** Fewest returns `fitGaussianHmm` accepts. */
export const HMM_MIN_RETURNS = 10;
/** Variance floor, as a fraction of the sample variance: no state can collapse onto one point. */
export const VARIANCE_FLOOR = 1e-12;

const LOG_2PI = Math.log(2 * Math.PI);

/** Flat working copy of a model: A[i*K+j]. */
interface Flat {
  K: number;
  mu: Float64Array;
  v: Float64Array;
  A: Float64Array;
  pi: Float64Array;
}

function flatten(m: GaussianHmm): Flat {
  const K = m.means.length;
  const A = new Float64Array(K * K);
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) A[i * K + j] = m.transition[i][j];
  return { K, mu: Float64Array.from(m.means), v: Float64Array.from(m.variances), A, pi: Float64Array.from(m.initial) };
}

function unflatten(f: Flat): GaussianHmm {
  const { K } = f;
  const transition = Array.from({ length: K }, (_, i) => Array.from(f.A.subarray(i * K, i * K + K)));
  return { means: Array.from(f.mu), variances: Array.from(f.v), transition, initial: Array.from(f.pi) };
}

/** Check a model's shape and values; the model is an API argument (`name`). */
function checkModel(m: GaussianHmm, name: string): void {
  const bad = (column: string, problem: string): never => {
    throw new InputError(problem, { file: '<api>', column: `${name}.${column}` });
  };
  if (!m || !Array.isArray(m.means) || m.means.length < 1) bad('means', 'must be a non-empty array of numbers');
  const K = m.means.length;
  for (const key of ['means', 'variances', 'initial'] as const) {
    const x = m[key];
    if (!Array.isArray(x) || x.length !== K) bad(key, `must be an array of ${K} numbers`);
    x.forEach((y, k) => {
      if (!Number.isFinite(y)) bad(`${key}[${k}]`, `${String(y)}: must be a finite number`);
      if (key === 'variances' && !(y > 0)) bad(`${key}[${k}]`, `${y}: must be positive`);
      if (key === 'initial' && y < 0) bad(`${key}[${k}]`, `${y}: must be a probability`);
    });
  }
  if (Math.abs(m.initial.reduce((s, y) => s + y, 0) - 1) > 1e-9) bad('initial', 'must sum to 1');
  if (!Array.isArray(m.transition) || m.transition.length !== K) bad('transition', `must be a ${K} x ${K} array`);
  m.transition.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== K) bad(`transition[${i}]`, `must be an array of ${K} numbers`);
    row.forEach((y, j) => {
      if (!Number.isFinite(y) || y < 0) bad(`transition[${i}][${j}]`, `${String(y)}: must be a probability`);
    });
    if (Math.abs(row.reduce((s, y) => s + y, 0) - 1) > 1e-9) bad(`transition[${i}]`, 'must sum to 1');
  });
}

/**
 * Emission densities, scaled per row: b[t*K+k] = N(r_t; μ_k, σ²_k) / exp(s_t), s_t = max_k log N(r_t; μ_k, σ²_k),
 * so that no row underflows; returns Σ s_t, to add back to the log-likelihood.
 */
function emissions(r: Float64Array, f: Flat, b: Float64Array): number {
  const { K, mu, v } = f;
  let shift = 0;
  for (let t = 0; t < r.length; t++) {
    let top = -Infinity;
    for (let k = 0; k < K; k++) {
      const d = r[t] - mu[k];
      const lb = -0.5 * (LOG_2PI + Math.log(v[k]) + (d * d) / v[k]);
      b[t * K + k] = lb;
      if (lb > top) top = lb;
    }
    for (let k = 0; k < K; k++) b[t * K + k] = Math.exp(b[t * K + k] - top);
    shift += top;
  }
  return shift;
}

/**
 * Scaled forward pass: alpha[t*K+k] = P(S_t = k | r_1..r_t) (the Hamilton 1989 filter), c[t] the scale
 * factors; returns Σ log c_t (Rabiner 1989, eqs. 91-93, 103: log L = Σ log c_t).
 */
function forward(n: number, f: Flat, b: Float64Array, alpha: Float64Array, c: Float64Array): number {
  const { K, A, pi } = f;
  let logL = 0;
  for (let t = 0; t < n; t++) {
    let sum = 0;
    for (let j = 0; j < K; j++) {
      // predicted P(S_t = j | r_1..r_{t-1}) times the density of r_t (Hamilton 1989, eqs. 4.5-4.6)
      let p = 0;
      if (t === 0) p = pi[j];
      else for (let i = 0; i < K; i++) p += alpha[(t - 1) * K + i] * A[i * K + j];
      const a = p * b[t * K + j];
      alpha[t * K + j] = a;
      sum += a;
    }
    if (!(sum > 0)) {
      throw new InputError('has zero probability under the model', { file: '<api>', column: `returns[${t}]` });
    }
    for (let j = 0; j < K; j++) alpha[t * K + j] /= sum;
    c[t] = sum;
    logL += Math.log(sum);
  }
  return logL;
}

/** Scaled backward pass with the forward scale factors (Rabiner 1989, eqs. 94-95). */
function backward(n: number, f: Flat, b: Float64Array, c: Float64Array, beta: Float64Array): void {
  const { K, A } = f;
  for (let k = 0; k < K; k++) beta[(n - 1) * K + k] = 1;
  for (let t = n - 2; t >= 0; t--) {
    for (let i = 0; i < K; i++) {
      let s = 0;
      for (let j = 0; j < K; j++) s += A[i * K + j] * b[(t + 1) * K + j] * beta[(t + 1) * K + j];
      beta[t * K + i] = s / c[t + 1];
    }
  }
}

/** Buffers for n returns and K states. */
function buffers(n: number, K: number) {
  return { b: new Float64Array(n * K), alpha: new Float64Array(n * K), beta: new Float64Array(n * K), c: new Float64Array(n) };
}

/** Smoothed γ_t(k) = alpha_t(k) beta_t(k) (Rabiner 1989, eq. 27 with scaling), renormalized against rounding. */
function smooth(n: number, K: number, alpha: Float64Array, beta: Float64Array): Float64Array {
  const g = new Float64Array(n * K);
  for (let t = 0; t < n; t++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += (g[t * K + k] = alpha[t * K + k] * beta[t * K + k]);
    for (let k = 0; k < K; k++) g[t * K + k] /= s;
  }
  return g;
}

/**
 * One EM iteration (Baum et al. 1970; Rabiner 1989, eqs. 40a-c and 53-54): E-step at `f`, M-step into a new
 * model. Returns the log-likelihood of `f` (before the update).
 */
function emStep(r: Float64Array, f: Flat, w: ReturnType<typeof buffers>, vFloor: number): { next: Flat; logL: number } {
  const n = r.length;
  const { K, A } = f;
  const { b, alpha, beta, c } = w;
  const logL = emissions(r, f, b) + forward(n, f, b, alpha, c);
  backward(n, f, b, c, beta);
  const g = smooth(n, K, alpha, beta);
  // Σ_t ξ_t(i, j), ξ_t(i, j) = alpha_t(i) A_ij b_{t+1}(j) beta_{t+1}(j) / c_{t+1} (Rabiner 1989, eq. 37 scaled)
  const xi = new Float64Array(K * K);
  for (let t = 0; t < n - 1; t++) {
    for (let i = 0; i < K; i++) {
      const a = alpha[t * K + i] / c[t + 1];
      for (let j = 0; j < K; j++) xi[i * K + j] += a * A[i * K + j] * b[(t + 1) * K + j] * beta[(t + 1) * K + j];
    }
  }
  const next: Flat = { K, mu: new Float64Array(K), v: new Float64Array(K), A: new Float64Array(K * K), pi: new Float64Array(K) };
  for (let i = 0; i < K; i++) {
    next.pi[i] = g[i];
    let row = 0;
    for (let j = 0; j < K; j++) row += xi[i * K + j];
    for (let j = 0; j < K; j++) next.A[i * K + j] = row > 0 ? xi[i * K + j] / row : A[i * K + j];
    // weighted mean and variance (Rabiner 1989, eqs. 53-54 for one Gaussian per state)
    let sw = 0;
    let sr = 0;
    for (let t = 0; t < n; t++) {
      sw += g[t * K + i];
      sr += g[t * K + i] * r[t];
    }
    if (!(sw > 0)) {
      next.mu[i] = f.mu[i]; // a state that no observation visits keeps its emission parameters
      next.v[i] = f.v[i];
      continue;
    }
    const mu = sr / sw;
    let sd = 0;
    for (let t = 0; t < n; t++) sd += g[t * K + i] * (r[t] - mu) * (r[t] - mu);
    next.mu[i] = mu;
    next.v[i] = Math.max(sd / sw, vFloor);
  }
  return { next, logL };
}

/** Deterministic start: sort by |r|, split into K equal groups; each group's mean and variance; sticky A. */
function startModel(r: Float64Array, K: number, vFloor: number): Flat {
  const n = r.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => Math.abs(r[x]) - Math.abs(r[y]) || x - y);
  const f: Flat = { K, mu: new Float64Array(K), v: new Float64Array(K), A: new Float64Array(K * K), pi: new Float64Array(K).fill(1 / K) };
  for (let k = 0; k < K; k++) {
    const lo = Math.floor((k * n) / K);
    const hi = Math.floor(((k + 1) * n) / K);
    let s = 0;
    for (let q = lo; q < hi; q++) s += r[order[q]];
    const mu = s / (hi - lo);
    let sd = 0;
    for (let q = lo; q < hi; q++) sd += (r[order[q]] - mu) ** 2;
    f.mu[k] = mu;
    f.v[k] = Math.max(sd / (hi - lo), vFloor);
    for (let j = 0; j < K; j++) f.A[k * K + j] = K === 1 ? 1 : j === k ? 0.9 : 0.1 / (K - 1);
  }
  return f;
}

/** The same model with its states ordered by ascending variance. */
function sortStates(f: Flat): Flat {
  const { K } = f;
  const p = Array.from({ length: K }, (_, i) => i).sort((x, y) => f.v[x] - f.v[y] || x - y);
  const out: Flat = { K, mu: new Float64Array(K), v: new Float64Array(K), A: new Float64Array(K * K), pi: new Float64Array(K) };
  for (let i = 0; i < K; i++) {
    out.mu[i] = f.mu[p[i]];
    out.v[i] = f.v[p[i]];
    out.pi[i] = f.pi[p[i]];
    for (let j = 0; j < K; j++) out.A[i * K + j] = f.A[p[i] * K + p[j]];
  }
  return out;
}

/**
 * Fit a K-state Gaussian HMM to returns by EM (Baum-Welch), with scaled forward-backward (Rabiner 1989).
 * @param returns log returns, oldest first; at least 10, all finite.
 * @returns the fitted model (states by ascending variance), its log-likelihood, the iterations done and
 *   whether the change in mean log-likelihood fell below `tolerance`.
 * @throws InputError on fewer than 10 returns, a non-finite return, all-equal returns, or a bad option.
 * @example fitGaussianHmm(returns).model.variances // [calm σ², turbulent σ²]
 */
export function fitGaussianHmm(returns: ArrayLike<number>, options: FitGaussianHmmOptions = {}): GaussianHmmFit {
  const r = validateReturns(returns, HMM_MIN_RETURNS);
  const n = r.length;
  const { start, maxIterations = 500, tolerance = 1e-8 } = options;
  if (start !== undefined) checkModel(start, 'options.start');
  const K = options.states ?? start?.means.length ?? 2;
  checkRange('states', K, 1, n, true);
  if (start !== undefined && start.means.length !== K) {
    throw new InputError(`${K}: options.start has ${start.means.length} states`, { file: '<api>', column: 'options.states' });
  }
  checkRange('maxIterations', maxIterations, 0, 1e7, true);
  checkRange('tolerance', tolerance, 0, Infinity);
  let mean = 0;
  for (let t = 0; t < n; t++) mean += r[t];
  mean /= n;
  let sampleVar = 0;
  for (let t = 0; t < n; t++) sampleVar += (r[t] - mean) ** 2;
  sampleVar /= n;
  if (r.every((x) => x === r[0]) || !(sampleVar > 0)) throw new InputError('all returns are equal: a Gaussian HMM needs some variance', { file: '<api>', column: 'returns' });
  const vFloor = VARIANCE_FLOOR * sampleVar;

  let f = start !== undefined ? flatten(start) : startModel(r, K, vFloor);
  for (let k = 0; k < K; k++) f.v[k] = Math.max(f.v[k], vFloor);
  const w = buffers(n, K);
  let prev = -Infinity;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    const { next, logL } = emStep(r, f, w, vFloor);
    if (Math.abs(logL - prev) / n < tolerance) {
      converged = true; // f is the model whose log-likelihood is logL; stop without the extra update
      break;
    }
    prev = logL;
    f = next;
    iterations++;
  }
  const model = unflatten(sortStates(f));
  return { model, logLikelihood: hmmLogLikelihood(r, model), iterations, converged };
}

/** Validate `returns` (any length >= 1) and `model` for the evaluation functions; run the forward pass. */
function evaluate(returns: ArrayLike<number>, model: GaussianHmm) {
  const r = validateReturns(returns, 1);
  checkModel(model, 'model');
  const f = flatten(model);
  const w = buffers(r.length, f.K);
  const logL = emissions(r, f, w.b) + forward(r.length, f, w.b, w.alpha, w.c);
  return { r, f, w, logL };
}

/**
 * Filtered probabilities P(S_t = k | r_1..r_t) (Hamilton 1989): uses only the returns up to t.
 * @returns Float64Array of length n*K, row t at [t*K, t*K+K).
 */
export function filteredProbabilities(returns: ArrayLike<number>, model: GaussianHmm): Float64Array {
  return evaluate(returns, model).w.alpha;
}

/**
 * Smoothed probabilities P(S_t = k | r_1..r_n) (Rabiner 1989, forward-backward).
 * @returns Float64Array of length n*K, row t at [t*K, t*K+K).
 */
export function smoothedProbabilities(returns: ArrayLike<number>, model: GaussianHmm): Float64Array {
  const { r, f, w } = evaluate(returns, model);
  backward(r.length, f, w.b, w.c, w.beta);
  return smooth(r.length, f.K, w.alpha, w.beta);
}

/** Log-likelihood log p(r_1..r_n) under `model` (Rabiner 1989, eq. 103: Σ log c_t). */
export function hmmLogLikelihood(returns: ArrayLike<number>, model: GaussianHmm): number {
  return evaluate(returns, model).logL;
}
