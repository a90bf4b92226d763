/**
 * Maximum-likelihood GJR-GARCH(1,1) (Glosten, Jagannathan & Runkle 1993, "On the relation between
 * the expected value and the volatility of the nominal excess return on stocks", J. Finance 48(5)):
 *   v_t = ω + (α + γ 1[r_{t-1} < 0]) r²_{t-1} + β v_{t-1},
 * zero mean, v_0 = (1/T) Σ r_t² (as garch11LogLikelihood.ts), innovations normal, unit-variance
 * Student-t (Bollerslev 1987) or Hansen's (1994) skewed t.
 *
 * Constraints ω > 0, β >= 0, α >= 0, α + γ >= 0 (γ may be negative) and persistence
 * α + γ/2 + β < 1 (the symmetric-innovation stationarity condition) hold by construction:
 *   v_L = s² e^θ0                 long-run variance ω / (1 - p)
 *   p   = P_MAX L(θ1)             persistence α + γ/2 + β
 *   A   = p L(θ2), β = p - A      ARCH part A = α + γ/2
 *   d   = 2 L(θ3) - 1             α = A (1 - d), α + γ = A (1 + d), so γ = 2 A d
 *   ν   = 2.05 + 497.95 L(θ4), λ = 0.999 (2 L(θ5) - 1)   (student-t / skewed-t)
 */
import { InputError } from '../errors.js';
import { DOF_MAX, DOF_MIN, DOF_START } from './fitEwmaLambda.js';
import { PERSISTENCE_MAX } from './fitGarch11.js';
import { normalLogDensity, studentTLogConstant, studentTLogDensity } from './innovationDensity.js';
import { nelderMead } from './nelderMead.js';
import { fromInterval, toInterval } from './parameterTransforms.js';
import { SKEW_MAX, skewedTConstants, skewedTLogDensityWith } from './skewedT.js';
import { MIN_RETURNS, validateReturns } from './validateReturns.js';

/** Innovation distribution of the GJR-GARCH fit. */
export type GjrInnovation = 'normal' | 'student-t' | 'skewed-t';

/** Parameters of a GJR-GARCH(1,1). */
export interface GjrGarchParams {
  omega: number;
  alpha: number;
  gamma: number;
  beta: number;
  /** Default 'normal'. */
  innovation?: GjrInnovation;
  /** ν > 2 (student-t, skewed-t). */
  dof?: number;
  /** Hansen's λ in (-1, 1) (skewed-t). */
  skew?: number;
}

/** A fitted GJR-GARCH(1,1). */
export interface GjrGarchFit {
  omega: number;
  alpha: number;
  gamma: number;
  beta: number;
  dof?: number;
  skew?: number;
  /** Log-likelihood at the fit, summed over all returns. */
  logLikelihood: number;
  /** α + γ/2 + β, < 1. */
  persistence: number;
  converged: boolean;
  iterations: number;
}

/**
 * One-step-ahead variances: out[t] = ω + (α + γ 1[r_t < 0]) r_t² + β v_t, the forecast for return
 * t+1 from returns up to t, where v_0 = mean r² and v_{t+1} = out[t] (no input checks).
 * @example gjrGarchVariancePath([-0.01], { omega: 1e-6, alpha: 0.05, gamma: 0.1, beta: 0.8 })[0] // 1e-6 + 0.15e-4 + 0.8e-4
 */
export function gjrGarchVariancePath(returns: ArrayLike<number>, params: GjrGarchParams): Float64Array {
  const n = returns.length;
  const out = new Float64Array(n);
  let v = meanSquare(returns);
  for (let t = 0; t < n; t++) {
    const r = returns[t];
    v = params.omega + (r < 0 ? params.alpha + params.gamma : params.alpha) * r * r + params.beta * v;
    out[t] = v;
  }
  return out;
}

/**
 * GJR-GARCH(1,1) log-likelihood Σ_t ln f(r_t | v_t), f normal, standardized t, or skewed t
 * (density of r = √v z is g(z) / √v). No input checks; invalid parameters give NaN or ±Infinity.
 */
export function gjrGarchLogLikelihood(returns: ArrayLike<number>, params: GjrGarchParams): number {
  const { omega, alpha, gamma, beta } = params;
  const innovation = params.innovation ?? 'normal';
  const dof = params.dof ?? NaN;
  const tc = innovation === 'student-t' ? studentTLogConstant(dof) : 0;
  const sk = innovation === 'skewed-t' ? skewedTConstants(dof, params.skew ?? 0) : null;
  const n = returns.length;
  let v = meanSquare(returns);
  let ll = 0;
  for (let t = 0; t < n; t++) {
    const r = returns[t];
    if (sk) ll += skewedTLogDensityWith(r / Math.sqrt(v), sk) - 0.5 * Math.log(v);
    else if (innovation === 'student-t') ll += studentTLogDensity(r, v, dof, tc);
    else ll += normalLogDensity(r, v);
    v = omega + (r < 0 ? alpha + gamma : alpha) * r * r + beta * v;
  }
  return ll;
}

function meanSquare(r: ArrayLike<number>): number {
  let s = 0;
  for (let t = 0; t < r.length; t++) s += r[t] * r[t];
  return s / r.length;
}

const GRID_PERSISTENCE = [0.9, 0.97, 0.995];
const GRID_ARCH = [0.05, 0.1, 0.2];
const GRID_ASYM = [-0.5, 0, 0.5];

/**
 * Fit GJR-GARCH(1,1) by maximum likelihood (Nelder-Mead on θ, see the module comment, started at the
 * best point of a small grid, average log-likelihood to tolF 1e-12).
 * @param returns log returns, oldest first; at least 100, finite, not all zero.
 * @param opts innovation: 'normal' (default), 'student-t' or 'skewed-t'.
 * @throws InputError for too few or non-finite returns, all-zero returns or an unknown innovation.
 * @example fitGjrGarch(btcLogReturns, { innovation: 'student-t' }) // { alpha: 0.15, gamma: -0.03, beta: 0.86, dof: 3.2, ... }
 */
export function fitGjrGarch(returns: ArrayLike<number>, opts: { innovation?: GjrInnovation } = {}): GjrGarchFit {
  const r = validateReturns(returns, MIN_RETURNS);
  const innovation = opts.innovation ?? 'normal';
  if (innovation !== 'normal' && innovation !== 'student-t' && innovation !== 'skewed-t') {
    throw new InputError(`"${String(innovation)}": must be "normal", "student-t" or "skewed-t"`, { file: '<api>', column: 'options.innovation' });
  }
  const s2 = meanSquare(r);
  if (!(s2 > 0)) throw new InputError('all returns are zero: a volatility model needs varying returns', { file: '<api>', column: 'returns' });
  const hasDof = innovation !== 'normal';
  const hasSkew = innovation === 'skewed-t';

  const unpack = (th: ArrayLike<number>): GjrGarchParams => {
    const p = toInterval(th[1], 0, PERSISTENCE_MAX);
    const arch = p * toInterval(th[2], 0, 1);
    const d = toInterval(th[3], -1, 1);
    return {
      omega: s2 * Math.exp(th[0]) * (1 - p),
      alpha: arch * (1 - d),
      gamma: 2 * arch * d,
      beta: p - arch,
      innovation,
      dof: hasDof ? toInterval(th[4], DOF_MIN, DOF_MAX) : undefined,
      skew: hasSkew ? toInterval(th[5], -SKEW_MAX, SKEW_MAX) : undefined,
    };
  };
  const scale = 1 / r.length;
  const objective = (th: ArrayLike<number>): number => -scale * gjrGarchLogLikelihood(r, unpack(th));

  let start: number[] = [];
  let fStart = Infinity;
  for (const p of GRID_PERSISTENCE) {
    for (const a of GRID_ARCH) {
      for (const d of GRID_ASYM) {
        const th = [0, fromInterval(p, 0, PERSISTENCE_MAX), fromInterval(a / p, 0, 1), fromInterval(d, -1, 1)];
        if (hasDof) th.push(fromInterval(DOF_START, DOF_MIN, DOF_MAX));
        if (hasSkew) th.push(0);
        const f = objective(th);
        if (f < fStart) [start, fStart] = [th, f];
      }
    }
  }
  const nm = nelderMead(objective, start, { initialStep: 0.5, tolF: 1e-12, tolX: 1e-8 });
  const fit = unpack(nm.x);
  const out: GjrGarchFit = {
    omega: fit.omega,
    alpha: fit.alpha,
    gamma: fit.gamma,
    beta: fit.beta,
    logLikelihood: gjrGarchLogLikelihood(r, fit),
    persistence: fit.alpha + 0.5 * fit.gamma + fit.beta,
    converged: nm.converged,
    iterations: nm.iterations,
  };
  if (hasDof) out.dof = fit.dof;
  if (hasSkew) out.skew = fit.skew;
  return out;
}
