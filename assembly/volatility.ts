// Rolling annualized volatility of every series of a flat panel (layout: src/volatility/types.ts).
// Plain-TS twin with the same semantics: src/twin/rollingVolatility.ts.
//
// Conventions: log returns r_t = ln(C_t / C_{t-1}); the estimate at t uses data up to and
// including t; annualized vol = sqrt(var * A). Windows of n < 2 give all NaN (options forbid them).
// Accuracy method (re-anchored two-pass sums + TwoSum updates): see volatility-rolling.ts.
// Bad prices (<= 0, NaN, inf) give NaN (or inf) in every window that holds them, and the rolling
// sums stay NaN until the next re-anchor (at most n-1 further points); EWMA stays NaN after them.
import { logRatios } from './volatility-log';
import { fillRangeTerms, PARKINSON } from './volatility-range';
import { ewmaPair } from './volatility-ewma';
import { fillNaN, rollingMeanStd, rollingSampleStd } from './volatility-rolling';
import { yangZhangSeries } from './volatility-yz';

const CLOSE = 0;
const EWMA = 1;
const YANG_ZHANG = 5;

/**
 * Fill out (one f64 per panel point) with annualized rolling vol, NaN where undefined.
 * scratchPtr: 4 * (L + 2) f64 (16-byte aligned is fastest), L = the longest series of this call:
 * four working arrays (log returns, per-bar terms); calls running at the same time need their own.
 * Open/high/low may be 0 for close and ewma, open and close for parkinson.
 */
export function rollingVolatility(
  estimator: i32, nSeries: i32, offsetsPtr: usize,
  openPtr: usize, highPtr: usize, lowPtr: usize, closePtr: usize,
  window: i32, lambda: f64, annualization: f64, outPtr: usize, scratchPtr: usize,
): void {
  for (let s = 0; s < nSeries; s++) {
    const start = load<i32>(offsetsPtr + (<usize>s << 2));
    const len = load<i32>(offsetsPtr + (<usize>(s + 1) << 2)) - start;
    if (len <= 0) continue;
    const off = <usize>start << 3;
    const out = outPtr + off;
    // scratch regions of len f64, an even count plus a spare slot (two-lane passes may overrun by one)
    const stride = <usize>((len + 2) & ~1) << 3;
    const s0 = scratchPtr, s1 = s0 + stride, s2 = s1 + stride, s3 = s2 + stride;
    if (window < 2) {
      fillNaN(out, len);
    } else if (estimator == CLOSE) {
      closeSeries(closePtr + off, out, s0, len, window, annualization);
    } else if (estimator == EWMA) {
      if (len <= window) {
        fillNaN(out, len);
        continue;
      }
      // pair this series with the next one that has an estimate: their recursions share the lanes
      let partner = s + 1;
      let offB: usize = 0, lenB = 0;
      for (; partner < nSeries; partner++) {
        const startB = load<i32>(offsetsPtr + (<usize>partner << 2));
        lenB = load<i32>(offsetsPtr + (<usize>(partner + 1) << 2)) - startB;
        offB = <usize>startB << 3;
        if (lenB > window) break;
        if (lenB > 0) fillNaN(outPtr + offB, lenB);
      }
      if (partner < nSeries) {
        const strideAB = <usize>((max(len, lenB) + 2) & ~1) << 3;
        ewmaPair(closePtr + off, closePtr + offB, out, outPtr + offB, s0, s0 + strideAB, len, lenB, window, lambda, annualization);
      } else {
        ewmaPair(closePtr + off, closePtr + off, out, out, s0, s0, len, len, window, lambda, annualization);
      }
      s = partner;
    } else if (estimator >= PARKINSON && estimator < YANG_ZHANG) {
      if (len < window) {
        fillNaN(out, len);
        continue;
      }
      fillRangeTerms(estimator, openPtr + off, highPtr + off, lowPtr + off, closePtr + off, s0, s1, s2, len);
      // Parkinson (1980): var = mean ln(H/L)^2 / (4 ln 2); 1/(4 ln 2) = 0.36067376022224085
      const factor = estimator == PARKINSON ? 1.0 / (4.0 * Math.LN2) : 1.0;
      // GK terms are >= 0 for valid bars but rounding can push a mean below 0: clamped to 0 before sqrt
      rollingMeanStd(s0, out, len, window, (annualization * factor) / <f64>window);
    } else if (estimator == YANG_ZHANG) {
      yangZhangSeries(openPtr + off, highPtr + off, lowPtr + off, closePtr + off, out, s0, s1, s2, s3, len, window, annualization);
    } else {
      fillNaN(out, len);
    }
  }
}

/** Close-to-close: sample std (n-1, mean removed) of the last n log returns; first at index n. */
function closeSeries(closePtr: usize, out: usize, r: usize, len: i32, n: i32, annualization: f64): void {
  if (len <= n) {
    fillNaN(out, len);
    return;
  }
  logRatios(r + 8, closePtr + 8, closePtr, len - 1); // r[j] = ln(C_j / C_{j-1}), j >= 1
  rollingSampleStd(r, out, 1, len, n, annualization / <f64>(n - 1));
}
