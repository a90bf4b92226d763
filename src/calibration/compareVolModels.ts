/**
 * Fit the four volatility models (EWMA and GARCH(1,1), each with normal and Student-t innovations)
 * to the same returns and rank them by Akaike's information criterion AIC = 2k - 2 ln L (Akaike
 * 1974); Schwarz's BIC = k ln n - 2 ln L (Schwarz 1978) is reported too. All four are scored on
 * the same observations: the GARCH recursion runs over every return, but its likelihood, like
 * EWMA's, starts after the EWMA seed window.
 */
import { fitEwmaLambda, type EwmaFit } from './fitEwmaLambda.js';
import { fitGarch11, type Garch11Fit } from './fitGarch11.js';
import { validateReturns, MIN_RETURNS, checkRange } from './validateReturns.js';

/** Options of compareVolModels. */
export interface CompareVolModelsOptions {
  /** (integer >= 2) EWMA seed window; also the first observation scored for GARCH. Default 30. */
  seedReturns?: number;
  /** ('zero' | 'constant') GARCH mean. Default 'zero'. */
  mean?: 'zero' | 'constant';
}

/** One row of the comparison. */
export interface VolModelScore {
  model: 'ewma-normal' | 'ewma-student-t' | 'garch11-normal' | 'garch11-student-t';
  /** Log-likelihood over `observations` returns. */
  logLikelihood: number;
  /** Number of fitted parameters k. */
  parameters: number;
  observations: number;
  /** 2k - 2 ln L (lower is better). */
  aic: number;
  /** k ln n - 2 ln L (lower is better). */
  bic: number;
  converged: boolean;
  /** The fit itself. */
  fit: EwmaFit | Garch11Fit;
}

/**
 * Fit and rank EWMA(normal), EWMA(t), GARCH(1,1)(normal), GARCH(1,1)(t).
 * @param returns log returns, oldest first; at least 100, all finite.
 * @param opts seed window and GARCH mean (see CompareVolModelsOptions).
 * @returns the four models, sorted by AIC (best first).
 * @throws InputError as fitEwmaLambda and fitGarch11.
 * @example
 * compareVolModels(btcLogReturns).map((m) => m.model)
 * // ['garch11-student-t', 'ewma-student-t', 'garch11-normal', 'ewma-normal'] on the first 1,000 BTC closes
 */
export function compareVolModels(returns: ArrayLike<number>, opts: CompareVolModelsOptions = {}): VolModelScore[] {
  const r = validateReturns(returns, MIN_RETURNS);
  const seedReturns = opts.seedReturns ?? 30;
  checkRange('seedReturns', seedReturns, 2, Math.floor(r.length / 2), true);
  const mean = opts.mean ?? 'zero';
  const meanParameters = mean === 'constant' ? 1 : 0;
  const rows: VolModelScore[] = [];
  const add = (model: VolModelScore['model'], fit: EwmaFit | Garch11Fit, parameters: number): void => {
    const n = fit.observations;
    rows.push({
      model,
      logLikelihood: fit.logLikelihood,
      parameters,
      observations: n,
      aic: 2 * parameters - 2 * fit.logLikelihood,
      bic: parameters * Math.log(n) - 2 * fit.logLikelihood,
      converged: fit.converged,
      fit,
    });
  };
  add('ewma-normal', fitEwmaLambda(r, { seedReturns }), 1);
  add('ewma-student-t', fitEwmaLambda(r, { seedReturns, distribution: 'student-t' }), 2);
  add('garch11-normal', fitGarch11(r, { mean, likelihoodStart: seedReturns }), 3 + meanParameters);
  add('garch11-student-t', fitGarch11(r, { mean, likelihoodStart: seedReturns, distribution: 'student-t' }), 4 + meanParameters);
  // stable sort: ties keep the order above
  return rows.sort((a, b) => a.aic - b.aic);
}
