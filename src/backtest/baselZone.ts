/**
 * Basel traffic-light zones for a VaR backtest.
 *
 * see: Basel Committee on Banking Supervision, "Supervisory framework for the use of
 * 'backtesting' in conjunction with the internal models approach to market risk capital
 * requirements" (January 1996), Table 1: with X ~ Bin(n, 1 - coverage) the number of exceptions
 * of a correct model, x exceptions are
 *   green  while P(X <= x) < 0.95,
 *   yellow while 0.95 <= P(X <= x) < 0.9999,
 *   red    once  P(X <= x) >= 0.9999.
 * For n = 250 at 99% this gives the published table: green 0-4, yellow 5-9, red 10 or more.
 * The rule is applied literally at every n: in very short samples (n <= 5 at 99%) even
 * 0 exceptions has P(X <= 0) >= 0.95 and is yellow.
 */
import { binomialCdf } from './binomial.js';
import { checkInteger, checkOpenProbability } from './checkInputs.js';

/** Traffic-light zone. */
export type BaselZone = 'green' | 'yellow' | 'red';

/** First exception counts of the yellow and red zones. */
export interface BaselZoneBounds {
  /** Smallest x with P(X <= x) >= 0.95. */
  yellowFrom: number;
  /** Smallest x with P(X <= x) >= 0.9999 (at most n, since P(X <= n) = 1). */
  redFrom: number;
}

/** Cumulative probability at which the yellow zone starts. */
export const YELLOW_CUMULATIVE_PROBABILITY = 0.95;
/** Cumulative probability at which the red zone starts. */
export const RED_CUMULATIVE_PROBABILITY = 0.9999;

/**
 * Exception counts where the yellow and red zones start.
 * @param observations backtest days n (integer >= 1)
 * @param coverage VaR confidence level, e.g. 0.99
 * @returns `{ yellowFrom, redFrom }`; green is x < yellowFrom, red is x >= redFrom
 * @throws InputError for a non-integer n < 1 or coverage outside (0, 1)
 * @example baselZoneBounds(250, 0.99) // { yellowFrom: 5, redFrom: 10 }
 */
export function baselZoneBounds(observations: number, coverage: number): BaselZoneBounds {
  checkInteger('observations', observations, 1, Number.MAX_SAFE_INTEGER);
  checkOpenProbability('coverage', coverage);
  const p = 1 - coverage;
  // P(X <= n) = 1 (binomialCdf returns exactly 1 there), so both loops stop by x = n.
  let x = 0;
  while (x <= observations && binomialCdf(x, observations, p) < YELLOW_CUMULATIVE_PROBABILITY) x++;
  const yellowFrom = x;
  while (x <= observations && binomialCdf(x, observations, p) < RED_CUMULATIVE_PROBABILITY) x++;
  return { yellowFrom, redFrom: x };
}

/**
 * Traffic-light zone of a backtest with `exceptions` exceptions in `observations` days.
 * @param observations backtest days n (integer >= 1)
 * @param exceptions exception count x (integer in [0, n])
 * @param coverage VaR confidence level, e.g. 0.99
 * @returns 'green', 'yellow' or 'red'
 * @throws InputError for out-of-range counts or coverage outside (0, 1)
 * @example baselZone(250, 5, 0.99) // 'yellow'
 */
export function baselZone(observations: number, exceptions: number, coverage: number): BaselZone {
  checkInteger('observations', observations, 1, Number.MAX_SAFE_INTEGER);
  checkInteger('exceptions', exceptions, 0, observations);
  checkOpenProbability('coverage', coverage);
  const cdf = binomialCdf(exceptions, observations, 1 - coverage);
  if (cdf >= RED_CUMULATIVE_PROBABILITY) return 'red';
  if (cdf >= YELLOW_CUMULATIVE_PROBABILITY) return 'yellow';
  return 'green';
}
