/**
 * The unit-multiplier rate path of each candidate on one asset and side, computed once and shared:
 * the calibrator scores them, and a saved schedule of chosen candidates is replayed from them, so
 * the engine loading a policy.json sets bit-for-bit the rates the calibrator judged.
 */
import type { Side } from '../backtest/marginRate.js';
import type { PriceSeries } from '../prices/types.js';
import type { Candidate, Innovation, Volatility } from './candidates.js';
import { barsIn, monthStarts, type DataCalendar } from './dataCalendar.js';
import { gjrSigmaPath } from './gjrSigmaPath.js';
import { skewedTQuantilePath } from './skewedTQuantilePath.js';
import { ewmaSigma, fhsQuantilePath, normalSideQuantile, rateFromQuantile, standardizedResiduals } from './ratePaths.js';
import { runningMedian, shapePath } from './shapeRate.js';

/** The settings every candidate path of a run shares (saved with a schedule so it replays exactly). */
export interface PathSettings {
  confidence: number;
  horizonDays: number;
  /** Lookback of the floor's median, days. */
  floorLookbackDays: number;
  /** Standardized residuals are capped at this |e|. */
  residualCap: number;
  /** Residuals before FHS uses its own; before that the Student-t(4) fallback. */
  minResiduals: number;
  /** EWMA seed, days. */
  seedDays: number;
  /** Peak / trough band of the rates (see clampToBand). */
  band: number;
}

/** Days of each path skipped before the band tracks peak and trough (the floor's warm-up). */
export const WARMUP_DAYS = 365;

export interface CandidatePaths {
  /** Horizon in bars. */
  horizonBars: number;
  /** Bars of warm-up before the band tracks peak and trough. */
  warmupBars: number;
  /** Per bar: the unit rate of an unshaped model. */
  unit(lambda: number, innovation: Innovation, returnWeight: number, volatility?: Volatility): Float64Array;
  /** Per bar: the shaped unit rate of a candidate. */
  shaped(c: Candidate): Float64Array;
}

export function candidatePaths(series: PriceSeries, side: Side, calendar: DataCalendar, s: PathSettings): CandidatePaths {
  const close = series.close;
  const n = close.length;
  const h = barsIn(s.horizonDays, calendar);
  const warmupBars = barsIn(WARMUP_DAYS, calendar);
  const medianBars = barsIn(s.floorLookbackDays, calendar);
  const fallbackQ = (side === 'long' ? -1 : 1) * studentT4Quantile(s.confidence);
  const units = new Map<string, Float64Array>();
  const medians = new Map<Float64Array, Float64Array>();
  let gjr: Float64Array | undefined;
  const gjrSigma = () => (gjr ??= gjrSigmaPath(close, series.times, barsIn(s.floorLookbackDays, calendar)));
  const unit = (lambda: number, innovation: Innovation, returnWeight: number, volatility: Volatility = 'ewma'): Float64Array => {
    const key = `${volatility}/${lambda}/${innovation}/${returnWeight}`;
    let path = units.get(key);
    if (!path) {
      const sigma = volatility === 'gjr-garch-t' ? gjrSigma() : ewmaSigma(series, lambda, barsIn(s.seedDays, calendar), returnWeight);
      const fhs = { confidence: s.confidence, minResiduals: s.minResiduals, residualCap: s.residualCap };
      const q =
        innovation === 'fhs'
          ? fhsQuantilePath(standardizedResiduals(close, sigma, h), h, side, fhs, () => fallbackQ)
          : innovation === 'skewed-t'
            ? skewedTQuantilePath(standardizedResiduals(close, sigma, h), h, side, { ...fhs, refits: monthStarts(series.times), windowBars: barsIn(s.floorLookbackDays, calendar) }, fallbackQ)
            : new Float64Array(n).fill(normalSideQuantile(s.confidence, side));
      path = Float64Array.from(sigma, (v, t) => (Number.isFinite(v) ? rateFromQuantile(v, h, q[t], side) : NaN));
      units.set(key, path);
    }
    return path;
  };
  const shaped = (c: Candidate): Float64Array => {
    const base = unit(c.lambda, c.innovation, c.returnWeight, c.volatility);
    let median = medians.get(base);
    if (!median) medians.set(base, (median = runningMedian(base, medianBars)));
    const maxRisePerBar = Number.isFinite(c.maxDailyRise) ? Math.pow(1 + c.maxDailyRise, 1 / calendar.barsPerDay) - 1 : Infinity;
    return shapePath(base, median, { floorFraction: c.floorFraction, capRatio: c.capRatio, maxRisePerBar, band: s.band, bandStart: firstFinite(base) + warmupBars });
  };
  return { horizonBars: h, warmupBars, unit, shaped };
}

function firstFinite(a: ArrayLike<number>): number {
  for (let t = 0; t < a.length; t++) if (Number.isFinite(a[t])) return t;
  return a.length;
}

const T4_SCALE = Math.SQRT1_2; // standardized t(4): t / sqrt(nu / (nu - 2))

/** p-quantile of the unit-variance Student-t with 4 dof. */
export function studentT4Quantile(p: number): number {
  // t(4) closed form (Shaw 2006, "Sampling Student's T distribution"): alpha = 4 p (1 - p),
  // q = cos(acos(sqrt(alpha)) / 3) / sqrt(alpha), t = sign(p - 1/2) 2 sqrt(q - 1)
  const alpha = 4 * p * (1 - p);
  const q = Math.cos(Math.acos(Math.sqrt(alpha)) / 3) / Math.sqrt(alpha);
  return Math.sign(p - 0.5) * 2 * Math.sqrt(q - 1) * T4_SCALE;
}
