// Per-bar terms of the range-based variance estimators, from log ratios in scratch arrays.
// Each term is one bar's variance estimate (before the 1/(4 ln 2) factor for Parkinson);
// the rolling mean over n bars is taken by `rollingMeanStd`.
import { logRatios, logRatiosSquared } from './volatility-log';

export const PARKINSON = 2;
export const GARMAN_KLASS = 3;
export const ROGERS_SATCHELL = 4;

// Garman & Klass (1980), "best analytic scale-invariant" estimator: 2 ln 2 - 1 = 0.38629436111989057
const GK_CLOSE_WEIGHT: f64 = 2.0 * Math.LN2 - 1.0;

/**
 * Rogers & Satchell (1991) terms of two bars: ln(H/C) ln(H/O) + ln(L/C) ln(L/O), with
 * ln(H/C) = ln(H/O) - ln(C/O) and ln(L/C) = ln(L/O) - ln(C/O) (three logs per bar, not four).
 */
// @ts-ignore: decorator
@inline
export function rogersSatchellF64x2(ho: v128, lo: v128, co: v128): v128 {
  return f64x2.add(f64x2.mul(f64x2.sub(ho, co), ho), f64x2.mul(f64x2.sub(lo, co), lo));
}

/**
 * t[j] = term of bar j for j in [0, len) of one series (price pointers at the series start);
 * s1, s2 are scratch arrays of len f64 (s2 only for Rogers-Satchell). Parkinson reads only high
 * and low. Bad prices (zero, negative, NaN, inf) give NaN or inf terms as Math.log would.
 */
export function fillRangeTerms(
  code: i32, openPtr: usize, highPtr: usize, lowPtr: usize, closePtr: usize, t: usize, s1: usize, s2: usize, len: i32,
): void {
  if (code == PARKINSON) {
    // Parkinson (1980): ln(H/L)^2; the 1/(4 ln 2) factor is applied to the mean
    logRatiosSquared(t, highPtr, lowPtr, len);
  } else if (code == GARMAN_KLASS) {
    // Garman & Klass (1980): 0.5 ln(H/L)^2 - (2 ln 2 - 1) ln(C/O)^2
    logRatios(t, highPtr, lowPtr, len);
    logRatios(s1, closePtr, openPtr, len);
    const half = f64x2.splat(0.5);
    const w = f64x2.splat(GK_CLOSE_WEIGHT);
    for (let j = 0; j < len; j += 2) {
      const off = <usize>j << 3;
      const hl = v128.load(t + off);
      const co = v128.load(s1 + off);
      v128.store(t + off, f64x2.sub(f64x2.mul(f64x2.mul(half, hl), hl), f64x2.mul(f64x2.mul(w, co), co)));
    }
  } else {
    logRatios(t, highPtr, openPtr, len);
    logRatios(s1, lowPtr, openPtr, len);
    logRatios(s2, closePtr, openPtr, len);
    for (let j = 0; j < len; j += 2) {
      const off = <usize>j << 3;
      v128.store(t + off, rogersSatchellF64x2(v128.load(t + off), v128.load(s1 + off), v128.load(s2 + off)));
    }
  }
}
