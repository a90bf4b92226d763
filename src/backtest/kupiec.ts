/**
 * Kupiec's proportion-of-failures (POF) test of unconditional VaR coverage.
 *
 * see: P. Kupiec, "Techniques for Verifying the Accuracy of Risk Measurement Models", Journal of
 * Derivatives 3 (1995) 73-84: with n observations, x exceptions, expected exception rate
 * p = 1 - coverage and observed rate phat = x / n,
 *   LR_pof = -2 ln[ (1-p)^(n-x) p^x / ((1-phat)^(n-x) phat^x) ]
 *          = 2 [ x ln(phat / p) + (n-x) ln((1-phat) / (1-p)) ]  ~ chi2(1) under H0,
 * with 0 ln 0 = 0 (so x = 0 gives -2 n ln(1-p) and x = n gives -2 n ln p).
 */
import { checkInteger, checkOpenProbability } from './checkInputs.js';
import { chiSquareSurvival } from './chiSquare.js';

/** A likelihood-ratio statistic and its asymptotic chi-square p-value. */
export interface LikelihoodRatio {
  /** The statistic (>= 0). */
  lr: number;
  /** P(chi2 > lr). */
  pValue: number;
}

/**
 * Kupiec (1995) POF likelihood ratio and its chi2(1) p-value.
 * @param observations number of backtest days n (integer >= 1)
 * @param exceptions number of days the loss exceeded the requirement x (integer in [0, n])
 * @param coverage VaR confidence level, e.g. 0.99 (expected exception rate 1 - coverage)
 * @returns `{ lr, pValue }`
 * @throws InputError for a non-integer or out-of-range count, or coverage outside (0, 1)
 * @example kupiecPof(250, 7, 0.99) // { lr: 5.496990447792685, pValue: 0.019049230890526504 }
 */
export function kupiecPof(observations: number, exceptions: number, coverage: number): LikelihoodRatio {
  checkInteger('observations', observations, 1, Number.MAX_SAFE_INTEGER);
  checkInteger('exceptions', exceptions, 0, observations);
  checkOpenProbability('coverage', coverage);
  const lr = kupiecLr(observations, exceptions, 1 - coverage);
  return { lr, pValue: chiSquareSurvival(lr, 1) };
}

/** The POF statistic for n observations, x exceptions and exception rate p (arguments already checked). */
export function kupiecLr(n: number, x: number, p: number): number {
  const nonExceptions = n - x;
  const lr = 2 * (xLogRatio(x, x / n, p) + xLogRatio(nonExceptions, nonExceptions / n, 1 - p));
  return Math.max(0, lr); // rounding can leave -1e-16 when phat == p
}

/** count * ln(observed / expected), 0 when count is 0 (the 0 ln 0 = 0 convention). */
export function xLogRatio(count: number, observed: number, expected: number): number {
  return count === 0 ? 0 : count * Math.log(observed / expected);
}
