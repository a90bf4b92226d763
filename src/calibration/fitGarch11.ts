/**
 * Maximum-likelihood GARCH(1,1) (Bollerslev 1986; likelihood and variance start as in
 * garch11LogLikelihood.ts), normal or unit-variance Student-t innovations (Bollerslev 1987), zero
 * or constant mean.
 *
 * Stationarity (ω > 0, α >= 0, β >= 0, α + β < 1) holds by construction: the optimizer works on
 * θ in R^k, mapped as
 *   v_L = s² e^θ0           long-run variance ω / (1 - α - β), s² = mean of squared returns
 *   p   = P_MAX L(θ1)       persistence α + β in (0, P_MAX), L the logistic, P_MAX = 1 - 1e-6
 *   a   = L(θ2)             α's share of the persistence: α = p a, β = p (1 - a)
 *   ν   = 2.05 + 497.95 L(θ3)   (student-t)
 *   μ   = sd θ4             (constant mean; sd = √s²)
 *   ω   = v_L (1 - p).
 * Parametrizing by the long-run variance rather than ω keeps the likelihood surface round
 * (ω and α + β are strongly correlated). Nelder-Mead then maximizes the average log-likelihood
 * (tolF 1e-12 on it, tolX 1e-8 on θ, at most 2000 iterations per parameter, up to 3 restarts),
 * started at the best point of a small grid of persistences and α's.
 */
import { InputError } from '../errors.js';
import { DOF_MAX, DOF_MIN, DOF_START } from './fitEwmaLambda.js';
import { garch11LogLikelihood, type Garch11Params } from './garch11LogLikelihood.js';
import type { InnovationDistribution } from './innovationDensity.js';
import { nelderMead } from './nelderMead.js';
import { fromInterval, logit, toInterval } from './parameterTransforms.js';
import { checkRange, MIN_RETURNS, validateReturns } from './validateReturns.js';

/** Largest persistence α + β the fit can return (half-life of a variance shock ≈ 693,000 periods). */
export const PERSISTENCE_MAX = 1 - 1e-6;
/** Periods per year for the annualized long-run volatility (crypto trades every day). */
export const PERIODS_PER_YEAR = 365;

/** Options of fitGarch11. */
export interface FitGarchOptions {
  /** ('normal' | 'student-t') Innovation distribution. Default 'normal'. */
  distribution?: InnovationDistribution;
  /** ('zero' | 'constant') Mean of the returns: 0, or a fitted constant μ. Default 'zero'. */
  mean?: 'zero' | 'constant';
  /**
   * (integer >= 0) Observations before this index drive the variance recursion but are not
   * scored, e.g. to compare with an EWMA fit scored after its seed window. Default 0.
   */
  likelihoodStart?: number;
}

/** A fitted GARCH(1,1) model. */
export interface Garch11Fit {
  omega: number;
  alpha: number;
  beta: number;
  /** Student-t degrees of freedom ν (student-t only). */
  dof?: number;
  /** Constant mean μ (mean 'constant' only). */
  mu?: number;
  /** α + β, < 1. */
  persistence: number;
  /**
   * True when α + β reached PERSISTENCE_MAX (the data look integrated, IGARCH-like): the long-run
   * volatility below is then not a meaningful level.
   */
  persistenceAtBound: boolean;
  /** Long-run volatility √(ω / (1 - α - β)) · √365, annualized. */
  longRunVol: number;
  /** Long-run volatility √(ω / (1 - α - β)) per period (daily for daily returns). */
  longRunVolDaily: number;
  /** Log-likelihood at the fit (natural log, summed over `observations`). */
  logLikelihood: number;
  /** Returns scored. */
  observations: number;
  /** Whether Nelder-Mead met its tolerances. */
  converged: boolean;
  /** Nelder-Mead iterations. */
  iterations: number;
}

const GRID_PERSISTENCE = [0.8, 0.9, 0.95, 0.98, 0.995];
const GRID_ALPHA = [0.03, 0.07, 0.12, 0.2];

/**
 * Fit GARCH(1,1) by maximum likelihood with stationarity enforced.
 * @param returns log returns, oldest first; at least 100, all finite, not all equal.
 * @param opts distribution, mean, likelihoodStart (see FitGarchOptions).
 * @returns ω, α, β, ν, μ, persistence, long-run vol (annualized and per period), log-likelihood,
 *   observation count, convergence flag and iteration count.
 * @throws InputError for fewer than 100 returns, a non-finite return (naming its index) or a bad option.
 * @example
 * const fit = fitGarch11(btcLogReturns, { distribution: 'student-t' });
 * // { omega: 2.99e-5, alpha: 0.201, beta: 0.799, dof: 3.12, persistence: 0.999999, persistenceAtBound: true, ... }
 */
export function fitGarch11(returns: ArrayLike<number>, opts: FitGarchOptions = {}): Garch11Fit {
  const r = validateReturns(returns, MIN_RETURNS);
  const distribution = opts.distribution ?? 'normal';
  if (distribution !== 'normal' && distribution !== 'student-t') {
    throw new InputError(`"${String(distribution)}": must be "normal" or "student-t"`, { file: '<api>', column: 'options.distribution' });
  }
  const mean = opts.mean ?? 'zero';
  if (mean !== 'zero' && mean !== 'constant') {
    throw new InputError(`"${String(mean)}": must be "zero" or "constant"`, { file: '<api>', column: 'options.mean' });
  }
  const likelihoodStart = opts.likelihoodStart ?? 0;
  checkRange('likelihoodStart', likelihoodStart, 0, Math.floor(r.length / 2), true);
  const student = distribution === 'student-t';
  const constantMean = mean === 'constant';

  let sum = 0;
  let sumSq = 0;
  for (let t = 0; t < r.length; t++) {
    sum += r[t];
    sumSq += r[t] * r[t];
  }
  const s2 = sumSq / r.length;
  const sampleMean = sum / r.length;
  if (!(s2 - sampleMean * sampleMean > 0)) {
    throw new InputError('all returns are equal: a volatility model needs varying returns', { file: '<api>', column: 'returns' });
  }
  const sd = Math.sqrt(s2);
  const observations = r.length - likelihoodStart;
  const iDof = 3;
  const iMu = student ? 4 : 3;

  const unpack = (th: ArrayLike<number>): Garch11Params => {
    const longRunVar = s2 * Math.exp(th[0]);
    const p = toInterval(th[1], 0, PERSISTENCE_MAX);
    const a = toInterval(th[2], 0, 1);
    return {
      omega: longRunVar * (1 - p),
      alpha: p * a,
      beta: p * (1 - a),
      mu: constantMean ? sd * th[iMu] : 0,
      distribution,
      dof: student ? toInterval(th[iDof], DOF_MIN, DOF_MAX) : undefined,
      likelihoodStart,
    };
  };
  const scale = 1 / observations; // average log-likelihood: tolerances independent of the sample size
  const objective = (th: ArrayLike<number>): number => -scale * garch11LogLikelihood(r, unpack(th));

  // starting point: best of a small grid (long-run variance at the sample's, ν = 8, μ = sample mean)
  let start: number[] = [];
  let fStart = Infinity;
  for (const p of GRID_PERSISTENCE) {
    for (const alpha of GRID_ALPHA) {
      if (alpha >= p) continue;
      const th = [0, fromInterval(p, 0, PERSISTENCE_MAX), logit(alpha / p)];
      if (student) th.push(fromInterval(DOF_START, DOF_MIN, DOF_MAX));
      if (constantMean) th.push(sampleMean / sd);
      const f = objective(th);
      if (f < fStart) [start, fStart] = [th, f];
    }
  }
  const step = start.map((_, i) => (constantMean && i === iMu ? 0.05 : 0.5));
  const nm = nelderMead(objective, start, { initialStep: step, tolF: 1e-12, tolX: 1e-8 });

  const fit = unpack(nm.x);
  const persistence = fit.alpha + fit.beta;
  const longRunVolDaily = Math.sqrt(fit.omega / (1 - persistence));
  const out: Garch11Fit = {
    omega: fit.omega,
    alpha: fit.alpha,
    beta: fit.beta,
    persistence,
    persistenceAtBound: persistence >= PERSISTENCE_MAX * (1 - 1e-9),
    longRunVol: longRunVolDaily * Math.sqrt(PERIODS_PER_YEAR),
    longRunVolDaily,
    logLikelihood: garch11LogLikelihood(r, fit),
    observations,
    converged: nm.converged,
    iterations: nm.iterations,
  };
  if (student) out.dof = fit.dof;
  if (constantMean) out.mu = fit.mu;
  return out;
}
