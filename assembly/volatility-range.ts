// Per-bar terms of the range-based variance estimators, two bars per SIMD step.
// Each term is one bar's variance estimate (before the 1/(4 ln 2) factor for Parkinson);
// the rolling mean over n bars is taken by `rollingMeanStdInPlace`.
import { logF64x2Safe, logInvalidLanes, logNormalF64x2 } from './volatility-log';

export const PARKINSON = 2;
export const GARMAN_KLASS = 3;
export const ROGERS_SATCHELL = 4;

// Garman & Klass (1980), "best analytic scale-invariant" estimator: 2 ln 2 - 1 = 0.38629436111989057
const GK_CLOSE_WEIGHT: f64 = 2.0 * Math.LN2 - 1.0;

/**
 * ln of a ratio vector: branch-free path, or with Math.log for invalid lanes when `safe`. Both
 * are lane-independent, so ln(H/O) - ln(C/O) is exactly 0 when H = C.
 */
// @ts-ignore: decorator
@inline
function logOf(x: v128, safe: bool): v128 {
  return safe ? logF64x2Safe(x) : logNormalF64x2(x);
}

/** Terms of two bars (one per lane) for estimator `code`. */
// @ts-ignore: decorator
@inline
function rangeTermsF64x2(code: i32, o: v128, h: v128, l: v128, c: v128, safe: bool): v128 {
  if (code == PARKINSON) {
    // Parkinson (1980): ln(H/L)^2; the 1/(4 ln 2) factor is applied to the mean
    const hl = logOf(f64x2.div(h, l), safe);
    return f64x2.mul(hl, hl);
  }
  if (code == GARMAN_KLASS) {
    // Garman & Klass (1980): 0.5 ln(H/L)^2 - (2 ln 2 - 1) ln(C/O)^2
    const hl = logOf(f64x2.div(h, l), safe);
    const co = logOf(f64x2.div(c, o), safe);
    return f64x2.sub(
      f64x2.mul(f64x2.mul(f64x2.splat(0.5), hl), hl),
      f64x2.mul(f64x2.mul(f64x2.splat(GK_CLOSE_WEIGHT), co), co),
    );
  }
  // Rogers & Satchell (1991): ln(H/C) ln(H/O) + ln(L/C) ln(L/O), with ln(H/C) = ln(H/O) - ln(C/O)
  // and ln(L/C) = ln(L/O) - ln(C/O) (three logs per bar instead of four)
  const ho = logOf(f64x2.div(h, o), safe);
  const lo = logOf(f64x2.div(l, o), safe);
  const co = logOf(f64x2.div(c, o), safe);
  return f64x2.add(f64x2.mul(f64x2.sub(ho, co), ho), f64x2.mul(f64x2.sub(lo, co), lo));
}

/** Any lane of the estimator's price ratios that is not a positive normal number (bad prices). */
// @ts-ignore: decorator
@inline
function invalidRatios(code: i32, o: v128, h: v128, l: v128, c: v128): v128 {
  if (code == PARKINSON) return logInvalidLanes(f64x2.div(h, l));
  if (code == GARMAN_KLASS) return v128.or(logInvalidLanes(f64x2.div(h, l)), logInvalidLanes(f64x2.div(c, o)));
  return v128.or(
    v128.or(logInvalidLanes(f64x2.div(h, o)), logInvalidLanes(f64x2.div(l, o))),
    logInvalidLanes(f64x2.div(c, o)),
  );
}

/** One pass of `fillRangeTerms`; returns the lanes with invalid ratios (fast pass only). */
// @ts-ignore: decorator
@inline
function rangeTermsPass(
  code: i32, openPtr: usize, highPtr: usize, lowPtr: usize, closePtr: usize, outPtr: usize, len: i32, safe: bool,
): v128 {
  let invalid = i64x2.splat(0);
  let j = 0;
  for (; j + 1 < len; j += 2) {
    const off = <usize>j << 3;
    const o = v128.load(openPtr + off), h = v128.load(highPtr + off);
    const l = v128.load(lowPtr + off), c = v128.load(closePtr + off);
    if (!safe) invalid = v128.or(invalid, invalidRatios(code, o, h, l, c));
    v128.store(outPtr + off, rangeTermsF64x2(code, o, h, l, c, safe));
  }
  if (j < len) {
    // odd last bar: both lanes the same bar
    const off = <usize>j << 3;
    const u = rangeTermsF64x2(
      code,
      f64x2.splat(load<f64>(openPtr + off)), f64x2.splat(load<f64>(highPtr + off)),
      f64x2.splat(load<f64>(lowPtr + off)), f64x2.splat(load<f64>(closePtr + off)), true,
    );
    store<f64>(outPtr + off, f64x2.extract_lane(u, 0));
  }
  return invalid;
}

/**
 * out[j] = term of bar j for j in [0, len) of one series (all pointers at the series start).
 * Bad prices (zero, negative, NaN, inf) give NaN or inf terms as Math.log would.
 */
export function fillRangeTerms(
  code: i32, openPtr: usize, highPtr: usize, lowPtr: usize, closePtr: usize, outPtr: usize, len: i32,
): void {
  const invalid = rangeTermsPass(code, openPtr, highPtr, lowPtr, closePtr, outPtr, len, false);
  if (v128.any_true(invalid)) rangeTermsPass(code, openPtr, highPtr, lowPtr, closePtr, outPtr, len, true);
}
