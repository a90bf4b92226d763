/**
 * The side's quantile of a Hansen (1994) skewed t fitted by maximum likelihood, at each refit date,
 * to the capped standardized residuals known then (a trailing window), held until the next refit:
 * the fitted-tail alternative to FHS's empirical quantile.
 */
import type { Side } from '../backtest/marginRate.js';
import { fitSkewedT, skewedTQuantile } from '../calibration/skewedT.js';
import type { FhsOptions } from './ratePaths.js';

export interface SkewedTPathOptions extends FhsOptions {
  /** Bars at which the shape is refitted (ascending). */
  refits: readonly number[];
  /** Residuals of at most this many bars before a refit enter its fit. */
  windowBars: number;
}

/**
 * Per bar: the (1 - confidence) quantile (long) or confidence quantile (short) of the skewed t fitted
 * at the last refit at or before the bar, on residuals e_s with s + h <= refit (known then), capped
 * at +-residualCap; `fallback` before a refit has minResiduals of them.
 */
export function skewedTQuantilePath(residuals: ArrayLike<number>, h: number, side: Side, o: SkewedTPathOptions, fallback: number): Float64Array {
  const n = residuals.length;
  const out = new Float64Array(n).fill(fallback);
  const p = side === 'long' ? 1 - o.confidence : o.confidence;
  const cap = o.residualCap;
  for (let r = 0; r < o.refits.length; r++) {
    const at = o.refits[r];
    const to = r + 1 < o.refits.length ? o.refits[r + 1] : n;
    const known: number[] = [];
    for (let s = Math.max(0, at - h - o.windowBars + 1); s <= at - h; s++) {
      const e = residuals[s];
      if (Number.isFinite(e)) known.push(Math.max(-cap, Math.min(cap, e)));
    }
    if (known.length < Math.max(o.minResiduals, 50)) continue;
    const fit = fitSkewedT(known);
    out.fill(skewedTQuantile(p, fit.eta, fit.lambda), at, to);
  }
  return out;
}
