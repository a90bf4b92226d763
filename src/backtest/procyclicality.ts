/**
 * Procyclicality of a margin requirement series: how far and how fast it moved.
 *
 * see: D. Murphy, M. Vasios and N. Vause, "An investigation into the procyclicality of risk-based
 * initial margin models", Bank of England Financial Stability Paper 29 (2014) (peak-to-trough
 * ratio; largest n-day margin increase), and CPMI-IOSCO, "Resilience of central counterparties
 * (CCPs): Further guidance on the PFMI" (2017), margin section (procyclicality measures such as
 * peak-to-trough ratios and the largest n-day increases). Definitions used here:
 *   peakToTrough    = max_t R_t / min_t R_t over the whole series (>= 1);
 *   maxIncrease{n}d = max_t (R_t / R_{s(t)} - 1), the largest relative n-day change, where s(t)
 *                     is t - n without dates, and with dates the last observation at or before
 *                     date_t - n calendar days (the requirement in force n days earlier); only t
 *                     with such an s(t) count. It is negative when the requirement fell over every
 *                     n-day window, and null when there is no window (n or fewer observations, or
 *                     dates spanning less than n days).
 */
import { parseTimestamp } from '../io/parseTimestamp.js';
import { checkFiniteSeries, checkSameLength, inputError } from './checkInputs.js';

/** Procyclicality measures of one requirement series (ratios, not percent: 0.25 = +25%). */
export interface ProcyclicalityResult {
  /** max R / min R. */
  peakToTrough: number;
  /** Largest relative 1-day increase, or null without a 1-day window. */
  maxIncrease1d: number | null;
  /** Largest relative 5-day increase, or null without a 5-day window. */
  maxIncrease5d: number | null;
  /** Largest relative 30-day increase, or null without a 30-day window. */
  maxIncrease30d: number | null;
}

const DAY_MS = 86_400_000;

/**
 * Peak-to-trough ratio and largest 1-, 5- and 30-day relative increases of a requirement series.
 * @param requirement requirement per observation in time order, finite and > 0
 * @param dates optional timestamps of the observations (ISO date/datetime or unix ms strings, strictly
 *   increasing); with them n-day means n calendar days, without them n observations
 * @returns `{ peakToTrough, maxIncrease1d, maxIncrease5d, maxIncrease30d }`
 * @throws InputError for an empty series, a non-finite or non-positive entry, dates of another length,
 *   an unparseable date or dates out of order (each named by index)
 * @example procyclicality([100, 110, 99, 120, 60, 90])
 * // { peakToTrough: 2, maxIncrease1d: 0.5, maxIncrease5d: -0.09999999999999998, maxIncrease30d: null }
 */
export function procyclicality(requirement: ArrayLike<number>, dates?: string[]): ProcyclicalityResult {
  checkFiniteSeries('requirement', requirement);
  let max = -Infinity;
  let min = Infinity;
  for (let t = 0; t < requirement.length; t++) {
    const r = requirement[t];
    if (!(r > 0)) throw inputError(`requirement[${t}]`, `must be > 0 for ratios; got ${r}`);
    if (r > max) max = r;
    if (r < min) min = r;
  }
  const times = dates === undefined ? undefined : parseDates(dates, requirement);
  return {
    peakToTrough: max / min,
    maxIncrease1d: maxIncrease(requirement, 1, times),
    maxIncrease5d: maxIncrease(requirement, 5, times),
    maxIncrease30d: maxIncrease(requirement, 30, times),
  };
}

/**
 * Largest relative n-day change max_t (R_t / R_{s(t)} - 1) (see the module comment for s(t)).
 * @param requirement requirement series, > 0 (checked by the caller)
 * @param days window n (integer >= 1)
 * @param times unix ms per observation, strictly increasing; omit to count observations
 * @returns the largest change, or null when no window fits
 * @example maxIncrease([100, 110, 99, 120], 2) // 0.09090909090909083 (120/110 - 1; 99/100 - 1 is -0.01)
 */
export function maxIncrease(requirement: ArrayLike<number>, days: number, times?: ArrayLike<number>): number | null {
  let best = -Infinity;
  if (times === undefined) {
    for (let t = days; t < requirement.length; t++) best = Math.max(best, requirement[t] / requirement[t - days] - 1);
  } else {
    let s = -1; // last index with times[s] <= times[t] - days * DAY_MS
    for (let t = 0; t < requirement.length; t++) {
      const cutoff = times[t] - days * DAY_MS;
      while (s + 1 < t && times[s + 1] <= cutoff) s++;
      if (s >= 0) best = Math.max(best, requirement[t] / requirement[s] - 1);
    }
  }
  return best === -Infinity ? null : best;
}

/** Unix ms per date; throws InputError naming a bad or out-of-order entry. */
function parseDates(dates: string[], requirement: ArrayLike<number>): Float64Array {
  if (!Array.isArray(dates)) throw inputError('dates', 'must be an array of date strings');
  checkSameLength({ requirement, dates });
  const times = new Float64Array(dates.length);
  for (let t = 0; t < dates.length; t++) {
    const parsed = typeof dates[t] === 'string' ? parseTimestamp(dates[t]) : `must be a string; got ${String(dates[t])}`;
    if (typeof parsed === 'string') throw inputError(`dates[${t}]`, parsed);
    if (t > 0 && parsed <= times[t - 1]) {
      throw inputError(`dates[${t}]`, `"${dates[t]}" is not after dates[${t - 1}] "${dates[t - 1]}"; dates must be strictly increasing`);
    }
    times[t] = parsed;
  }
  return times;
}
