// Rolling annualized volatility of every series of a flat panel (layout: src/volatility/types.ts).
// Plain-TS twin with the same semantics: src/twin/rollingVolatility.ts.
//
// Conventions: log returns r_t = ln(C_t / C_{t-1}); the estimate at t uses data up to and
// including t; annualized vol = sqrt(var * A). Windows of n < 2 give all NaN (options forbid them).
// Accuracy method (re-anchored two-pass sums + TwoSum updates): see volatility-rolling.ts.
// Bad prices (<= 0, NaN, inf) give NaN (or inf) in every window that holds them, and the rolling
// sums stay NaN until the next re-anchor (at most n-1 further points); EWMA stays NaN after them.
import { logFastF64x2, logInvalidLanes, logRatios, logScalar } from './volatility-log';
import { fillRangeTerms, GARMAN_KLASS, PARKINSON, ROGERS_SATCHELL } from './volatility-range';
import { fillNaN, rollingMeanStdInPlace, rollingSampleStdInPlace } from './volatility-rolling';
import { yangZhangSeries } from './volatility-yz';

const CLOSE = 0;
const EWMA = 1;
const YANG_ZHANG = 5;

/** Fill out (one f64 per panel point) with annualized rolling vol, NaN where undefined. */
export function rollingVolatility(
  estimator: i32, nSeries: i32, offsetsPtr: usize,
  openPtr: usize, highPtr: usize, lowPtr: usize, closePtr: usize,
  window: i32, lambda: f64, annualization: f64, outPtr: usize,
): void {
  for (let s = 0; s < nSeries; s++) {
    const start = load<i32>(offsetsPtr + (<usize>s << 2));
    const len = load<i32>(offsetsPtr + (<usize>(s + 1) << 2)) - start;
    if (len <= 0) continue;
    const off = <usize>start << 3;
    const out = outPtr + off;
    if (window < 2) {
      fillNaN(out, len);
    } else if (estimator == CLOSE) {
      closeSeries(closePtr + off, out, len, window, annualization);
    } else if (estimator == EWMA) {
      ewmaSeries(closePtr + off, out, len, window, lambda, annualization);
    } else if (estimator == PARKINSON || estimator == GARMAN_KLASS || estimator == ROGERS_SATCHELL) {
      rangeSeries(estimator, openPtr + off, highPtr + off, lowPtr + off, closePtr + off, out, len, window, annualization);
    } else if (estimator == YANG_ZHANG) {
      yangZhangSeries(openPtr + off, highPtr + off, lowPtr + off, closePtr + off, out, len, window, annualization);
    } else {
      fillNaN(out, len);
    }
  }
}

/** Close-to-close: sample std (n-1, mean removed) of the last n log returns; first at index n. */
function closeSeries(closePtr: usize, out: usize, len: i32, n: i32, annualization: f64): void {
  if (len <= n) {
    fillNaN(out, len);
    return;
  }
  logRatios(out + 8, closePtr + 8, closePtr, len - 1); // out[j] = r_j, j >= 1
  rollingSampleStdInPlace(out, 1, len, n, annualization / <f64>(n - 1));
}

/**
 * EWMA (RiskMetrics 1996 technical document, sec. 5.2.1): var_t = lambda var_{t-1} + (1 - lambda) r_t^2,
 * seeded at the n-th return (index n) with the mean of the first n squared returns (zero mean),
 * as in /work/shared/bench/numpy_vol_peer.py. One pass: two returns per step, logs and sqrt in SIMD.
 */
function ewmaSeries(closePtr: usize, out: usize, len: i32, n: i32, lambda: f64, annualization: f64): void {
  if (len <= n) {
    fillNaN(out, len);
    return;
  }
  logRatios(out + 8, closePtr + 8, closePtr, n); // out[j] = r_j, j = 1..n (seed returns)
  let sumSq = 0.0;
  for (let j = 1; j <= n; j++) {
    const r = load<f64>(out + (<usize>j << 3));
    sumSq += r * r;
  }
  let v = sumSq / <f64>n;
  store<f64>(out + (<usize>n << 3), Math.sqrt(v * annualization));
  const w = 1.0 - lambda;
  const vW = f64x2.splat(w);
  const vA = f64x2.splat(annualization);
  let invalid = i64x2.splat(0);
  let t = n + 1;
  for (; t + 1 < len; t += 2) {
    // r_t, r_{t+1} = ln(C_t / C_{t-1}), ln(C_{t+1} / C_t)
    const off = <usize>t << 3;
    const q = f64x2.div(v128.load(closePtr + off), v128.load(closePtr + off - 8));
    invalid = v128.or(invalid, logInvalidLanes(q));
    const r = logFastF64x2(q);
    const a = f64x2.mul(vW, f64x2.mul(r, r));
    v = lambda * v + f64x2.extract_lane(a, 0);
    const v0 = v;
    v = lambda * v + f64x2.extract_lane(a, 1);
    v128.store(out + off, f64x2.sqrt(f64x2.mul(f64x2(v0, v), vA)));
  }
  if (t < len) {
    const r = logScalar(load<f64>(closePtr + (<usize>t << 3)) / load<f64>(closePtr + (<usize>(t - 1) << 3)));
    v = lambda * v + w * (r * r);
    store<f64>(out + (<usize>t << 3), Math.sqrt(v * annualization));
  }
  if (v128.any_true(invalid)) {
    ewmaTwoPass(closePtr, out, len, n, lambda, annualization); // bad prices: redo with Math.log fallbacks
    return;
  }
  fillNaN(out, n);
}

/** EWMA as above in two passes (all returns first, via `logRatios` which handles bad prices). */
function ewmaTwoPass(closePtr: usize, out: usize, len: i32, n: i32, lambda: f64, annualization: f64): void {
  logRatios(out + 8, closePtr + 8, closePtr, len - 1);
  let sumSq = 0.0;
  for (let j = 1; j <= n; j++) {
    const r = load<f64>(out + (<usize>j << 3));
    sumSq += r * r;
  }
  let v = sumSq / <f64>n;
  store<f64>(out + (<usize>n << 3), Math.sqrt(v * annualization));
  const w = 1.0 - lambda;
  for (let t = n + 1; t < len; t++) {
    const p = out + (<usize>t << 3);
    const r = load<f64>(p);
    v = lambda * v + w * (r * r);
    store<f64>(p, Math.sqrt(v * annualization));
  }
  fillNaN(out, n);
}

/** Parkinson, Garman-Klass, Rogers-Satchell: mean of n per-bar terms; first at index n-1. */
function rangeSeries(
  code: i32, openPtr: usize, highPtr: usize, lowPtr: usize, closePtr: usize, out: usize,
  len: i32, n: i32, annualization: f64,
): void {
  if (len < n) {
    fillNaN(out, len);
    return;
  }
  fillRangeTerms(code, openPtr, highPtr, lowPtr, closePtr, out, len);
  // Parkinson (1980): var = mean ln(H/L)^2 / (4 ln 2); 1/(4 ln 2) = 0.36067376022224085
  const factor = code == PARKINSON ? 1.0 / (4.0 * Math.LN2) : 1.0;
  // GK terms are >= 0 for valid bars but rounding can push a mean below 0: clamped to 0 before sqrt
  rollingMeanStdInPlace(out, len, n, (annualization * factor) / <f64>n);
}
