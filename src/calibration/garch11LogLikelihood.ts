/**
 * Log-likelihood of the GARCH(1,1) model (Bollerslev 1986, "Generalized autoregressive conditional
 * heteroskedasticity", J. Econometrics 31, with p = q = 1):
 *   e_t = r_t - μ,   σ²_t = ω + α e²_{t-1} + β σ²_{t-1},
 * started at σ²_0 = (1/T) Σ e_t², the sample variance of the residuals about μ (divisor T; a
 * common convention; the start's influence on σ²_t decays like β^t).
 * The likelihood sums ln f(e_t | σ²_t) over t = likelihoodStart .. T-1, f normal or unit-variance
 * Student-t (Bollerslev 1987).
 */
import { normalLogDensity, studentTLogConstant, studentTLogDensity, type InnovationDistribution } from './innovationDensity.js';

/** Parameters of one GARCH(1,1) likelihood evaluation. */
export interface Garch11Params {
  omega: number;
  alpha: number;
  beta: number;
  /** Constant mean μ. Default 0. */
  mu?: number;
  /** Innovation distribution. Default 'normal'. */
  distribution?: InnovationDistribution;
  /** Student-t degrees of freedom ν > 2 (required for 'student-t'). */
  dof?: number;
  /**
   * First scored observation: the variance recursion runs over every return, the likelihood sums
   * t >= likelihoodStart (lets GARCH be scored on the same returns as EWMA after its seed). Default 0.
   */
  likelihoodStart?: number;
}

/**
 * GARCH(1,1) log-likelihood of `returns` (no input checks: callers validate; invalid parameters
 * give NaN or ±Infinity).
 * @param returns log returns, oldest first.
 * @param params ω, α, β, μ, distribution, ν, likelihoodStart.
 * @returns Σ_{t >= start} ln f(e_t | σ²_t).
 * @example
 * // r = [0.01, -0.01]: σ²_0 = 1e-4, σ²_1 = 1e-6 + 0.1·1e-4 + 0.85·1e-4
 * garch11LogLikelihood([0.01, -0.01], { omega: 1e-6, alpha: 0.1, beta: 0.85 }) // 6.372040969493631
 */
export function garch11LogLikelihood(returns: ArrayLike<number>, params: Garch11Params): number {
  const { omega, alpha, beta } = params;
  const mu = params.mu ?? 0;
  const start = params.likelihoodStart ?? 0;
  const n = returns.length;
  let sumSq = 0;
  for (let t = 0; t < n; t++) {
    const e = returns[t] - mu;
    sumSq += e * e;
  }
  let v = sumSq / n;
  let ll = 0;
  const student = params.distribution === 'student-t';
  const dof = params.dof ?? NaN;
  const c = student ? studentTLogConstant(dof) : 0;
  for (let t = 0; t < n; t++) {
    const e = returns[t] - mu;
    if (t >= start) ll += student ? studentTLogDensity(e, v, dof, c) : normalLogDensity(e, v);
    v = omega + alpha * e * e + beta * v;
  }
  return ll;
}
