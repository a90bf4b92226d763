/**
 * Anti-procyclical shaping of a margin-rate path that does not tax calm periods more than needed:
 * a floor at a fraction of the asset's own median rate (its long-run level, EMIR RTS 153/2013
 * Art. 28(1)(c) in spirit), a cap at a multiple of that floor (so peak / trough stays bounded:
 * Murphy, Vasios & Vause 2014, BoE FSP 29), and a bounded speed of increase per day (margin call
 * velocity). All scale-free: the multiplier applies on top.
 */
import { upperBound } from '../upperBound.js';

export interface ShapeParams {
  /** Floor = floorFraction x the median unit rate over the lookback; 0 = no floor and no cap. */
  floorFraction: number;
  /** Cap = capRatio x floor (>= 1); ignored without a floor. */
  capRatio: number;
  /** Largest rise of the rate from one bar to the next (fraction); Infinity = none. */
  maxRisePerBar: number;
  /** Peak / trough band b: each rate clamped into [peak so far / b, b x trough so far]; Infinity = none. */
  band: number;
  /** Bar from which the band's peak and trough are tracked. */
  bandStart: number;
}

/** Median of the finite base[s], s in (t - lookbackBars, t], per bar (NaN before any). */
export function runningMedian(base: ArrayLike<number>, lookbackBars: number): Float64Array {
  const n = base.length;
  const out = new Float64Array(n).fill(NaN);
  const window: number[] = [];
  for (let t = 0; t < n; t++) {
    if (Number.isFinite(base[t])) window.splice(upperBound(window, base[t]), 0, base[t]);
    const old = t - lookbackBars;
    if (old >= 0 && Number.isFinite(base[old])) window.splice(upperBound(window, base[old]) - 1, 1);
    const m = window.length;
    if (m > 0) out[t] = m % 2 === 1 ? window[(m - 1) >> 1] : 0.5 * (window[m / 2 - 1] + window[m / 2]);
  }
  return out;
}

/** One bar of shaping: clamp to [floor, cap], then the rise bound from the previous shaped rate. */
export function shapeStep(base: number, median: number, previous: number, p: ShapeParams): number {
  let s = base;
  if (p.floorFraction > 0 && Number.isFinite(median)) {
    const floor = p.floorFraction * median;
    s = Math.min(Math.max(s, floor), p.capRatio * floor);
  }
  if (Number.isFinite(previous) && s > previous * (1 + p.maxRisePerBar)) s = previous * (1 + p.maxRisePerBar);
  return s;
}

/** The shaped path of a unit-rate path (NaN where base is NaN; the rise bound restarts after a gap). */
export function shapePath(base: ArrayLike<number>, median: ArrayLike<number>, p: ShapeParams, out = new Float64Array(base.length)): Float64Array {
  let previous = NaN;
  const band = { peak: 0, trough: Infinity };
  for (let t = 0; t < base.length; t++) {
    if (!Number.isFinite(base[t])) {
      out[t] = NaN;
      previous = NaN;
      continue;
    }
    let s = shapeStep(base[t], median[t], previous, p);
    if (t >= p.bandStart) s = clampToBand(s, band, p.band);
    previous = out[t] = s;
  }
  return out;
}

/**
 * Clamp x into [peak / b, b x trough] and update peak and trough: while every value goes through
 * here, peak <= b x trough holds, so the interval is never empty and peak / trough stays <= b.
 */
export function clampToBand(x: number, band: { peak: number; trough: number }, b: number): number {
  const y = Math.min(Math.max(x, band.peak / b), b * band.trough);
  band.peak = Math.max(band.peak, y);
  band.trough = Math.min(band.trough, y);
  return y;
}
