/**
 * Maximum-likelihood EWMA decay λ (RiskMetrics 1996 recursion, likelihood as in
 * ewmaLogLikelihood.ts): normal innovations by Brent's bounded search over λ (tolerance
 * sqrt(ε)|λ| + 1e-10/3, at most 500 iterations), Student-t innovations (unit-variance t,
 * Bollerslev 1987) by Nelder-Mead over (λ, ν) jointly mapped through logistic transforms onto
 * lambdaBounds and (DOF_MIN, DOF_MAX) (tolF 1e-12 on the average log-likelihood, tolX 1e-8,
 * at most 4000 iterations, up to 3 restarts), started at the normal fit's λ and ν = 8.
 */
import { InputError } from '../errors.js';
import { brentMinimize } from './brentMinimize.js';
import { ewmaLogLikelihood } from './ewmaLogLikelihood.js';
import type { InnovationDistribution } from './innovationDensity.js';
import { nelderMead } from './nelderMead.js';
import { fromInterval, toInterval } from './parameterTransforms.js';
import { checkRange, MIN_RETURNS, validateReturns } from './validateReturns.js';

/** Student-t degrees of freedom are searched in (DOF_MIN, DOF_MAX); ν → 2 has infinite kurtosis. */
export const DOF_MIN = 2.05;
/** Above about 500 the unit-variance t is indistinguishable from the normal at these sample sizes. */
export const DOF_MAX = 500;
/** Starting ν of the Student-t searches. */
export const DOF_START = 8;

/** Options of fitEwmaLambda. */
export interface FitEwmaOptions {
  /** ('normal' | 'student-t') Innovation distribution. Default 'normal'. */
  distribution?: InnovationDistribution;
  /** (integer >= 2) Leading returns whose mean square seeds the variance; they are not scored. Default 30. */
  seedReturns?: number;
  /** ([lo, hi], 0 < lo < hi < 1) Search interval for λ. Default [0.8, 0.999]. */
  lambdaBounds?: readonly [number, number];
}

/** A fitted EWMA model. */
export interface EwmaFit {
  /** Maximum-likelihood decay λ. */
  lambda: number;
  /** Student-t degrees of freedom ν (student-t only). */
  dof?: number;
  /** Log-likelihood at the fit (natural log, summed over `observations`). */
  logLikelihood: number;
  /** Returns scored: all returns less the seed window. */
  observations: number;
  /** Whether the optimizer met its tolerances. */
  converged: boolean;
}

/**
 * Fit the EWMA decay λ (and ν for Student-t) by maximum likelihood.
 * @param returns log returns, oldest first; at least 100, all finite.
 * @param opts distribution, seed window (at most half the returns), λ bounds (see FitEwmaOptions).
 * @returns λ, ν, log-likelihood, observation count, convergence flag.
 * @throws InputError for fewer than 100 returns, a non-finite return (naming its index) or a bad option.
 * @example
 * // log returns of the first 1,000 BTC-USD daily closes (test/fixtures/calibration.json)
 * fitEwmaLambda(btcLogReturns); // { lambda: 0.92229, logLikelihood: 1993.511, observations: 969, converged: true }
 * fitEwmaLambda(btcLogReturns, { distribution: 'student-t' }); // { lambda: 0.87412, dof: 3.4901, logLikelihood: 2190.843, ... }
 */
export function fitEwmaLambda(returns: ArrayLike<number>, opts: FitEwmaOptions = {}): EwmaFit {
  const seedReturns = opts.seedReturns ?? 30;
  const r = validateReturns(returns, MIN_RETURNS);
  checkRange('seedReturns', seedReturns, 2, Math.floor(r.length / 2), true);
  const [lo, hi] = opts.lambdaBounds ?? [0.8, 0.999];
  checkRange('lambdaBounds[0]', lo, 1e-6, 1 - 1e-6);
  checkRange('lambdaBounds[1]', hi, 1e-6, 1 - 1e-6);
  if (!(lo < hi)) throw new InputError(`[${lo}, ${hi}]: lower bound must be below upper bound`, { file: '<api>', column: 'options.lambdaBounds' });
  const distribution = opts.distribution ?? 'normal';
  if (distribution !== 'normal' && distribution !== 'student-t') {
    throw new InputError(`"${String(distribution)}": must be "normal" or "student-t"`, { file: '<api>', column: 'options.distribution' });
  }
  const observations = r.length - seedReturns;
  const sumSq = r.reduce((s, x, i) => (i < seedReturns ? s + x * x : s), 0);
  if (!(sumSq > 0)) {
    throw new InputError(`the first ${seedReturns} returns are all 0: the seed variance must be > 0`, { file: '<api>', column: 'returns' });
  }

  // normal: Brent on λ directly
  const normal = brentMinimize((lambda) => -ewmaLogLikelihood(r, { lambda, seedReturns }), lo, hi);
  if (distribution === 'normal') {
    return { lambda: normal.x, logLikelihood: -normal.fx, observations, converged: normal.converged };
  }

  // Student-t: Nelder-Mead on θ = (logit-scaled λ, logit-scaled ν), start at the normal λ (pulled
  // inside the bounds so the transform is finite)
  const unpack = (th: Float64Array): [number, number] => [toInterval(th[0], lo, hi), toInterval(th[1], DOF_MIN, DOF_MAX)];
  const lambda0 = Math.min(hi - 1e-3 * (hi - lo), Math.max(lo + 1e-3 * (hi - lo), normal.x));
  const scale = 1 / observations; // average log-likelihood, so tolF is relative to the sample size
  const nm = nelderMead(
    (th) => {
      const [lambda, dof] = unpack(th);
      return -scale * ewmaLogLikelihood(r, { lambda, seedReturns, distribution, dof });
    },
    [fromInterval(lambda0, lo, hi), fromInterval(DOF_START, DOF_MIN, DOF_MAX)],
    { tolF: 1e-12, tolX: 1e-8 },
  );
  const [lambda, dof] = unpack(nm.x);
  return { lambda, dof, logLikelihood: ewmaLogLikelihood(r, { lambda, seedReturns, distribution, dof }), observations, converged: nm.converged };
}
