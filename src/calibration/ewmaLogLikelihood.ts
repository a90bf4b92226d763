/**
 * Log-likelihood of the EWMA (RiskMetrics) variance model, with the engine's recursion
 * (RiskMetrics Technical Document 1996, sec. 5.2.1; same seeding as src/twin/rollingVolatility.ts):
 *   v_s = mean(r_0² .. r_{s-1}²)            (s = seedReturns, 0-based returns)
 *   v_{t+1} = λ v_t + (1 - λ) r_t²,
 * where v_t, built from returns before t, is the one-step-ahead forecast of r_t's variance (zero mean).
 * The likelihood sums ln f(r_t | v_t) over t = s .. T-1, f normal or unit-variance Student-t.
 */
import { normalLogDensity, studentTLogConstant, studentTLogDensity, type InnovationDistribution } from './innovationDensity.js';

/** Parameters of one EWMA likelihood evaluation. */
export interface EwmaLikelihoodParams {
  /** Decay λ in (0, 1). */
  lambda: number;
  /** Number of leading returns whose mean square seeds the variance (not scored). */
  seedReturns: number;
  /** Innovation distribution. Default 'normal'. */
  distribution?: InnovationDistribution;
  /** Student-t degrees of freedom ν > 2 (required for 'student-t'). */
  dof?: number;
}

/**
 * EWMA log-likelihood of `returns` (no input checks: callers validate; a non-positive variance or
 * ν <= 2 gives NaN or -Infinity).
 * @param returns log returns, oldest first, length > seedReturns.
 * @param params λ, seed window, distribution, ν.
 * @returns Σ_{t=s}^{T-1} ln f(r_t | v_t).
 * @example
 * // r = [0.01, -0.01, 0.02], s = 2: v_2 = 1e-4, ll = ln φ(0.02; var 1e-4)
 * ewmaLogLikelihood([0.01, -0.01, 0.02], { lambda: 0.94, seedReturns: 2 }) // 1.6862316527834182
 */
export function ewmaLogLikelihood(returns: ArrayLike<number>, params: EwmaLikelihoodParams): number {
  const { lambda, seedReturns: s } = params;
  const n = returns.length;
  let sumSq = 0;
  for (let t = 0; t < s; t++) sumSq += returns[t] * returns[t];
  let v = sumSq / s;
  const w = 1 - lambda;
  let ll = 0;
  if (params.distribution === 'student-t') {
    const dof = params.dof ?? NaN;
    const c = studentTLogConstant(dof);
    for (let t = s; t < n; t++) {
      const r = returns[t];
      ll += studentTLogDensity(r, v, dof, c);
      v = lambda * v + w * r * r;
    }
  } else {
    for (let t = s; t < n; t++) {
      const r = returns[t];
      ll += normalLogDensity(r, v);
      v = lambda * v + w * r * r;
    }
  }
  return ll;
}
