/**
 * The per-bar inputs of the walk-forward calibration of one asset, each known at the close of its
 * bar: EWMA volatility forecasts, the standardized residuals they leave, the side's innovation
 * quantile (normal or filtered historical), and the realized loss of a
 * one-unit position over the next horizon.
 *
 * Conventions: bar t's forecast sigma[t] is the one-bar volatility of the bars after t (RiskMetrics
 * 1996 EWMA: v_{t+1} = lambda v_t + (1 - lambda) r_t^2, seeded with the mean of the first `seedBars`
 * squared returns). The h-bar residual of bar t, e_t = ln(C_{t+h} / C_t) / (sigma[t] sqrt(h)), is
 * known at bar t + h. A quantile path at bar t uses only residuals known by then.
 */
import type { Side } from '../backtest/marginRate.js';
import { normalQuantile } from '../twin/random.js';
import { upperBound } from '../upperBound.js';

/** OHLC bars for the variance proxy; close only is the plain squared return. */
export interface Bars {
  open?: ArrayLike<number>;
  high?: ArrayLike<number>;
  low?: ArrayLike<number>;
  close: ArrayLike<number>;
}

/**
 * One bar's variance proxy: w r_t^2 + (1 - w) GK_t, with r_t the close-to-close log return and
 * GK_t = 0.5 ln(H/L)^2 - (2 ln 2 - 1) ln(C/O)^2 (Garman & Klass 1980) plus the opening jump
 * ln(O_t / C_{t-1})^2; w = 1 (or no OHLC) is the squared return.
 */
export function varianceProxy(bars: Bars, t: number, returnWeight: number): number {
  const r = Math.log(bars.close[t] / bars.close[t - 1]);
  if (returnWeight >= 1 || !bars.open || !bars.high || !bars.low) return r * r;
  const hl = Math.log(bars.high[t] / bars.low[t]);
  const co = Math.log(bars.close[t] / bars.open[t]);
  const jump = Math.log(bars.open[t] / bars.close[t - 1]);
  const gk = 0.5 * hl * hl - (2 * Math.LN2 - 1) * co * co + jump * jump;
  return returnWeight * r * r + (1 - returnWeight) * (Number.isFinite(gk) && gk >= 0 ? gk : r * r);
}

/**
 * One-bar EWMA volatility forecast per bar (NaN before the seed window is complete), on the
 * variance proxy with weight `returnWeight` on the squared return (1 = RiskMetrics 1996).
 */
export function ewmaSigma(bars: Bars, lambda: number, seedBars: number, returnWeight = 1): Float64Array {
  const n = bars.close.length;
  const out = new Float64Array(n).fill(NaN);
  if (n <= seedBars) return out;
  let v = 0;
  for (let t = 1; t <= seedBars; t++) v += varianceProxy(bars, t, returnWeight);
  v /= seedBars;
  // RiskMetrics (1996) Technical Document, eq. 5.3: v_{t+1} = lambda v_t + (1 - lambda) r_t^2
  for (let t = seedBars; t < n; t++) {
    if (t > seedBars) v = lambda * v + (1 - lambda) * varianceProxy(bars, t, returnWeight);
    out[t] = Math.sqrt(v);
  }
  return out;
}

/** Loss of a one-unit position held from the close of bar t for h bars (fraction of notional; NaN past the end). */
export function realizedLoss(close: ArrayLike<number>, h: number, side: Side): Float64Array {
  const n = close.length;
  const out = new Float64Array(n).fill(NaN);
  for (let t = 0; t + h < n; t++) {
    const growth = close[t + h] / close[t];
    out[t] = side === 'long' ? 1 - growth : growth - 1;
  }
  return out;
}

/** Standardized h-bar residuals e_t (NaN where sigma[t] is undefined or t + h is past the end). */
export function standardizedResiduals(close: ArrayLike<number>, sigma: ArrayLike<number>, h: number): Float64Array {
  const n = close.length;
  const out = new Float64Array(n).fill(NaN);
  const root = Math.sqrt(h);
  for (let t = 0; t + h < n; t++) {
    if (sigma[t] > 0) out[t] = Math.log(close[t + h] / close[t]) / (sigma[t] * root);
  }
  return out;
}

/**
 * Unit-multiplier margin rate of one side from the h-bar volatility and a quantile of the
 * standardized h-bar log return: long 1 - e^{q s}, short e^{q s} - 1, s = sigma sqrt(h)
 * (q is the lower quantile for a long, the upper for a short; Barone-Adesi et al. 1999 for FHS).
 */
export function rateFromQuantile(sigma: number, h: number, q: number, side: Side): number {
  const x = q * sigma * Math.sqrt(h);
  return side === 'long' ? -Math.expm1(x) : Math.expm1(x);
}

export interface FhsOptions {
  /** VaR confidence, e.g. 0.99. */
  confidence: number;
  /** Residuals needed before the empirical quantile is used; before that, `fallback(t)`. */
  minResiduals: number;
  /** |e| is capped at this many standard deviations before it enters the empirical distribution. */
  residualCap: number;
}

/**
 * Filtered-historical quantile of the side per bar: the k-th worst of the capped residuals known at
 * bar t (k = ceil((1 - c) n), as the Monte Carlo engine counts), or `fallback(t)` while fewer than
 * `minResiduals` are known (Barone-Adesi, Giannopoulos & Vosper 1999).
 */
export function fhsQuantilePath(residuals: ArrayLike<number>, h: number, side: Side, options: FhsOptions, fallback: (t: number) => number): Float64Array {
  const n = residuals.length;
  const out = new Float64Array(n);
  const sorted: number[] = [];
  const cap = options.residualCap;
  const tail = 1 - options.confidence;
  for (let t = 0; t < n; t++) {
    const s = t - h; // residual of bar s is known at bar s + h
    if (s >= 0 && Number.isFinite(residuals[s])) {
      const e = Math.max(-cap, Math.min(cap, residuals[s]));
      sorted.splice(upperBound(sorted, e), 0, e);
    }
    const m = sorted.length;
    if (m < Math.max(1, options.minResiduals)) {
      // none known yet (or too few): an empirical quantile of nothing has no value
      out[t] = fallback(t);
      continue;
    }
    const k = Math.min(m, Math.max(1, Math.ceil(tail * m - 1e-9)));
    out[t] = side === 'long' ? sorted[k - 1] : sorted[m - k];
  }
  return out;
}

/** The normal quantile of the side: -z (long) or +z (short), z = Phi^-1(confidence). */
export function normalSideQuantile(confidence: number, side: Side): number {
  const z = normalQuantile(confidence);
  return side === 'long' ? -z : z;
}
