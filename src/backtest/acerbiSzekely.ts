/**
 * Acerbi-Szekely test 2 of Expected Shortfall forecasts ("testing ES directly").
 *
 * see: C. Acerbi and B. Szekely, "Backtesting Expected Shortfall", Risk (December 2014), eq. for
 * Z2 with P&L X_t = -L_t:  Z2 = sum_t X_t I_t / (T alpha ES_t) + 1, I_t = 1{X_t + VaR_t < 0}.
 * Here, with losses L_t positive and the paper's sign kept:
 *   Z2 = 1 - (1 / (T alpha)) sum_t L_t I_t / ES_t,   I_t = 1{L_t > VaR_t}.
 * E[Z2] = 0 when VaR_t and ES_t are the true alpha-tail VaR and ES of L_t (continuous
 * distributions); Z2 < 0 when ES is understated (too many or too large tail losses), Z2 > 0 when
 * it is overstated. The test is one-sided: reject for Z2 well below 0. The paper's simulations
 * give a 5% critical value near -0.70 and a 0.01% critical value near -1.8 for T = 250,
 * alpha = 2.5%, nearly the same for Student-t tails from nu = 5 up (our check: -0.703 and
 * -1.84 for normal losses).
 */
import { checkFiniteSeries, checkInteger, checkOpenProbability, checkSameLength, inputError } from './checkInputs.js';

/** Acerbi-Szekely (2014) 5% critical value of Z2 (T = 250, alpha = 2.5%): reject when Z2 < -0.70. */
export const ACERBI_SZEKELY_Z2_CRITICAL_5PCT = -0.7;
/** Acerbi-Szekely (2014) 0.01% critical value of Z2 (T = 250, alpha = 2.5%): reject when Z2 < -1.8. */
export const ACERBI_SZEKELY_Z2_CRITICAL_001PCT = -1.8;

/** Draws one loss path of length T under H0 (from the forecast distributions); deterministic per replication. */
export type LossSimulator = (replication: number) => ArrayLike<number>;

/** Options of `acerbiSzekelyZ2`. */
export interface AcerbiSzekelyOptions {
  /** (function) Loss paths under H0 for a Monte Carlo p-value; seed it from `replication`. Default: none, no p-value. */
  simulate?: LossSimulator;
  /** (integer >= 1) Number of simulated paths. Default 9999. */
  replications?: number;
}

/** Z2 and, when a simulator was given, its Monte Carlo p-value. */
export interface AcerbiSzekelyResult {
  /** Z2 (paper's sign: 0 under H0, negative when ES is understated). */
  z2: number;
  /** (1 + #{simulated Z2 <= z2}) / (M + 1); present only with `options.simulate`. */
  pValue?: number;
}

/**
 * Acerbi-Szekely Z2 statistic of ES forecasts, with an optional simulated p-value.
 * @param losses realized loss per day (positive = loss)
 * @param varForecasts VaR_t at tail probability alpha (positive loss level), same length
 * @param esForecasts ES_t at tail probability alpha (> 0), same length
 * @param alpha tail probability, e.g. 0.025 for 97.5% ES
 * @param options `simulate` and `replications` for a Monte Carlo p-value (see `acerbiSzekelyZ2PValue`)
 * @returns `{ z2, pValue? }`; without a simulator, compare z2 with ACERBI_SZEKELY_Z2_CRITICAL_5PCT
 * @throws InputError for empty, mismatched or non-finite arrays, ES <= 0, or alpha outside (0, 1)
 * @example acerbiSzekelyZ2([0, 3, 1, 0], [2, 2, 2, 2], [2.5, 2.5, 2.5, 2.5], 0.25) // { z2: -0.19999999999999996 } (1 - 3/2.5)
 */
export function acerbiSzekelyZ2(
  losses: ArrayLike<number>,
  varForecasts: ArrayLike<number>,
  esForecasts: ArrayLike<number>,
  alpha: number,
  options: AcerbiSzekelyOptions = {},
): AcerbiSzekelyResult {
  checkForecasts(varForecasts, esForecasts, alpha);
  checkFiniteSeries('losses', losses);
  checkSameLength({ losses, varForecasts, esForecasts });
  const z2 = z2Statistic(losses, varForecasts, esForecasts, alpha);
  if (options.simulate === undefined) return { z2 };
  return { z2, pValue: acerbiSzekelyZ2PValue(z2, varForecasts, esForecasts, alpha, options.simulate, options.replications) };
}

/**
 * Monte Carlo p-value of an observed Z2: P(Z2 <= observed) under H0, estimated from M loss paths
 * drawn by `simulate` and scored against the same forecasts, as (1 + #{Z2_i <= observed}) / (M + 1)
 * (the paper's p = #{Z2_i < observed} / M, with the +1 that keeps the test exact: Davison and
 * Hinkley, "Bootstrap Methods and their Application", 1997, sec. 4.2.3).
 * @param observed the Z2 of the realized losses
 * @param varForecasts VaR_t forecasts (as for `acerbiSzekelyZ2`)
 * @param esForecasts ES_t forecasts
 * @param alpha tail probability
 * @param simulate loss path number `replication` (0-based) under H0, length T; seed it from
 *   `replication` so the p-value is reproducible
 * @param replications M (integer >= 1). Default 9999
 * @returns the p-value in (0, 1]
 * @throws InputError for bad forecasts, or a simulated path of the wrong length or with a non-finite entry
 * @example acerbiSzekelyZ2PValue(-0.9, varF, esF, 0.025, (i) => simulatePath(seed, i), 9999) // e.g. 0.02
 */
export function acerbiSzekelyZ2PValue(
  observed: number,
  varForecasts: ArrayLike<number>,
  esForecasts: ArrayLike<number>,
  alpha: number,
  simulate: LossSimulator,
  replications = 9999,
): number {
  checkForecasts(varForecasts, esForecasts, alpha);
  checkInteger('replications', replications, 1, Number.MAX_SAFE_INTEGER);
  if (typeof simulate !== 'function') throw inputError('simulate', 'must be a function (replication) => losses');
  let atOrBelow = 0;
  for (let i = 0; i < replications; i++) {
    const path = simulate(i);
    const name = `simulate(${i})`;
    checkFiniteSeries(name, path);
    if (path.length !== varForecasts.length) {
      throw inputError(name, `returned ${path.length} losses; the forecasts have ${varForecasts.length}`);
    }
    if (z2Statistic(path, varForecasts, esForecasts, alpha) <= observed) atOrBelow++;
  }
  return (1 + atOrBelow) / (replications + 1);
}

function checkForecasts(varForecasts: ArrayLike<number>, esForecasts: ArrayLike<number>, alpha: number): void {
  checkOpenProbability('alpha', alpha);
  checkFiniteSeries('varForecasts', varForecasts);
  checkFiniteSeries('esForecasts', esForecasts);
  checkSameLength({ varForecasts, esForecasts });
  for (let t = 0; t < esForecasts.length; t++) {
    if (!(esForecasts[t] > 0)) throw inputError(`esForecasts[${t}]`, `must be > 0 (a positive loss level); got ${esForecasts[t]}`);
  }
}

/** Z2 = 1 - sum_t L_t 1{L_t > VaR_t} / (T alpha ES_t) (arguments already checked). */
function z2Statistic(losses: ArrayLike<number>, varF: ArrayLike<number>, esF: ArrayLike<number>, alpha: number): number {
  let sum = 0;
  for (let t = 0; t < losses.length; t++) if (losses[t] > varF[t]) sum += losses[t] / esF[t];
  return 1 - sum / (losses.length * alpha);
}
