/**
 * Christoffersen's independence and conditional-coverage tests of a VaR exception sequence.
 *
 * see: P. Christoffersen, "Evaluating Interval Forecasts", International Economic Review 39 (1998)
 * 841-862. With n_ij the number of days in state j after a day in state i (1 = exception) over
 * the T - 1 transitions, pi01 = n01 / (n00 + n01), pi11 = n11 / (n10 + n11) and
 * pi = (n01 + n11) / (T - 1):
 *   LR_ind = -2 ln[ (1-pi)^(n00+n10) pi^(n01+n11)
 *                   / ((1-pi01)^n00 pi01^n01 (1-pi11)^n10 pi11^n11) ]  ~ chi2(1),
 *   LR_cc  = LR_pof + LR_ind  ~ chi2(2),
 * with 0 ln 0 = 0 for empty cells. LR_pof is Kupiec's statistic over all T days (as in Jorion,
 * "Value at Risk", 3rd ed., and R's rugarch::VaRTest); Christoffersen's own LR_cc conditions on the
 * first day and so uses T - 1 days: the two differ by O(1/T).
 */
import { inputError, checkOpenProbability } from './checkInputs.js';
import { chiSquareSurvival } from './chiSquare.js';
import { kupiecLr, xLogRatio } from './kupiec.js';

/** Independence and conditional-coverage statistics with their chi-square p-values. */
export interface ChristoffersenResult {
  /** LR_ind (>= 0); 0 with fewer than 2 days. */
  lrInd: number;
  /** P(chi2(1) > lrInd). */
  pValueInd: number;
  /** LR_cc = LR_pof + LR_ind. */
  lrCc: number;
  /** P(chi2(2) > lrCc). */
  pValueCc: number;
}

/** Transition counts n_ij: days in state j that follow a day in state i (1 = exception). */
export interface TransitionCounts {
  n00: number;
  n01: number;
  n10: number;
  n11: number;
}

/**
 * Christoffersen (1998) independence and conditional-coverage likelihood ratios.
 * @param exceptions exception indicator per day, in time order (true/1 = loss above the requirement)
 * @param coverage VaR confidence level, e.g. 0.99
 * @returns `{ lrInd, pValueInd, lrCc, pValueCc }`
 * @throws InputError for an empty sequence, an entry other than true/false/0/1, or coverage outside (0, 1)
 * @example christoffersen([0, 1, 1, 0, 0, 0, 1, 0, 0, 0], 0.9)
 * // n00 = 4, n01 = 2, n10 = 2, n11 = 1, pi01 = pi11 = 1/3: { lrInd: 0, pValueInd: 1, lrCc: 3.073271736075971, pValueCc: 0.21510352222045437 }
 */
export function christoffersen(exceptions: ArrayLike<boolean | 0 | 1>, coverage: number): ChristoffersenResult {
  checkOpenProbability('coverage', coverage);
  const flags = exceptionFlags(exceptions);
  const lrInd = independenceLr(transitionCounts(flags));
  let count = 0;
  for (const f of flags) count += f;
  const lrCc = kupiecLr(flags.length, count, 1 - coverage) + lrInd;
  return { lrInd, pValueInd: chiSquareSurvival(lrInd, 1), lrCc, pValueCc: chiSquareSurvival(lrCc, 2) };
}

/** LR_ind from the transition counts (0 with no transitions). */
export function independenceLr({ n00, n01, n10, n11 }: TransitionCounts): number {
  const pi01 = n01 / (n00 + n01);
  const pi11 = n11 / (n10 + n11);
  const pi = (n01 + n11) / (n00 + n01 + n10 + n11);
  // LR_ind = 2 [ln L(pi01, pi11) - ln L(pi)], each count times ln(fitted / pooled) (0 when the count is 0)
  return Math.max(
    0,
    2 * (xLogRatio(n00, 1 - pi01, 1 - pi) + xLogRatio(n01, pi01, pi) + xLogRatio(n10, 1 - pi11, 1 - pi) + xLogRatio(n11, pi11, pi)),
  );
}

/**
 * Counts of the four day-to-day transitions of an exception sequence.
 * @param flags 0/1 per day
 * @returns `{ n00, n01, n10, n11 }`, summing to flags.length - 1 (0 for a single day)
 * @example transitionCounts([0, 1, 1, 0]) // { n00: 0, n01: 1, n10: 1, n11: 1 }
 */
export function transitionCounts(flags: ArrayLike<number>): TransitionCounts {
  const n = [0, 0, 0, 0];
  for (let t = 1; t < flags.length; t++) n[2 * flags[t - 1] + flags[t]]++;
  return { n00: n[0], n01: n[1], n10: n[2], n11: n[3] };
}

/** 0/1 per day; throws InputError naming the first entry that is not a boolean, 0 or 1. */
function exceptionFlags(exceptions: ArrayLike<boolean | 0 | 1>): Uint8Array {
  if (exceptions === null || typeof exceptions !== 'object' || typeof exceptions.length !== 'number') {
    throw inputError('exceptions', 'must be an array of booleans or 0/1');
  }
  if (exceptions.length === 0) throw inputError('exceptions', 'is empty; need at least one observation');
  const flags = new Uint8Array(exceptions.length);
  for (let t = 0; t < exceptions.length; t++) {
    const e = exceptions[t] as unknown;
    if (e === true || e === 1) flags[t] = 1;
    else if (e !== false && e !== 0) throw inputError(`exceptions[${t}]`, `must be true, false, 0 or 1; got ${String(e)}`);
  }
  return flags;
}
