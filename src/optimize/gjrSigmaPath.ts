/**
 * Daily volatility from a GJR-GARCH(1,1) with Student-t innovations (Glosten, Jagannathan & Runkle
 * 1993; Bollerslev 1987), refitted by maximum likelihood at the first bar of each quarter on the
 * close-to-close log returns of a trailing window known then, and filtered forward with those
 * parameters until the next refit: the fitted-model alternative to the EWMA.
 */
import { fitGjrGarch } from '../calibration/fitGjrGarch.js';
import { monthStarts } from './dataCalendar.js';

/** Fewest returns a refit fits on; before that the path is NaN. */
export const GJR_MIN_RETURNS = 250;

/**
 * Per bar t: the one-step volatility forecast (per bar, not annualized) for the return from t to
 * t + 1, from returns up to t only (NaN before the first refit with GJR_MIN_RETURNS returns).
 * @param windowBars returns of at most this many bars before a refit enter its fit
 */
export function gjrSigmaPath(close: ArrayLike<number>, times: ArrayLike<number>, windowBars: number): Float64Array {
  const n = close.length;
  const sigma = new Float64Array(n).fill(NaN);
  const r = new Float64Array(n);
  for (let t = 1; t < n; t++) r[t] = Math.log(close[t] / close[t - 1]);
  const refits = monthStarts(times).filter((t) => new Date(times[t]).getUTCMonth() % 3 === 0);
  for (let i = 0; i < refits.length; i++) {
    const at = refits[i];
    const to = i + 1 < refits.length ? refits[i + 1] : n;
    const from = Math.max(1, at - windowBars + 1);
    if (at - from + 1 < GJR_MIN_RETURNS) continue;
    const window = r.subarray(from, at + 1); // known at the close of bar `at`
    const p = fitGjrGarch(window, { innovation: 'student-t' });
    // v_0 = mean r^2 of the window (as the fit), then v_{t+1} = omega + (alpha + gamma 1[r_t < 0]) r_t^2 + beta v_t
    let v = 0;
    for (let s = 0; s < window.length; s++) v += window[s] * window[s];
    v /= window.length;
    for (let t = from; t < to; t++) {
      const x = r[t];
      v = p.omega + (x < 0 ? p.alpha + p.gamma : p.alpha) * x * x + p.beta * v;
      if (t >= at) sigma[t] = Math.sqrt(v);
    }
  }
  return sigma;
}
