/**
 * A calibrated rate schedule, as saved in policy.json and loaded by the engine: the candidate and
 * multiplier chosen at each refit, from its date until the next one (the last stays in force past the
 * end of the data it was chosen on). Replaying it on a history gives exactly the calibrator's rates.
 */
import type { Side } from '../backtest/marginRate.js';
import type { PriceSeries } from '../prices/types.js';
import { candidatePaths, type CandidatePaths, type PathSettings } from './candidatePaths.js';
import type { Candidate } from './candidates.js';
import { dataCalendar } from './dataCalendar.js';
import { lowerBound } from '../upperBound.js';
import { clampToBand } from './shapeRate.js';

export interface ScheduleEntry extends Candidate {
  /** ISO date (daily data) or datetime (intraday) of the bar from whose close the entry sets the rate. */
  from: string;
  multiplier: number;
}

/**
 * Per bar: the rate in force from that bar's close under the schedule (NaN before its first entry),
 * each value multiplier x shaped unit rate, clamped into the running peak / trough band.
 */
export function replaySchedule(series: PriceSeries, paths: CandidatePaths, entries: readonly ScheduleEntry[], band: number): Float64Array {
  const n = series.close.length;
  const rate = new Float64Array(n).fill(NaN);
  const state = { peak: 0, trough: Infinity };
  const starts = entries.map((e) => lowerBound(series.times, Date.parse(e.from)));
  for (let i = 0; i < entries.length; i++) {
    const to = i + 1 < entries.length ? starts[i + 1] : n;
    if (starts[i] >= to) continue;
    const shaped = paths.shaped(entries[i]);
    const m = entries[i].multiplier;
    for (let t = starts[i]; t < to; t++) {
      const x = m * shaped[t];
      if (Number.isFinite(x)) rate[t] = clampToBand(x, state, band);
    }
  }
  return rate;
}

/** The schedule's rates on a history, with the settings it was calibrated with. */
export function scheduledRates(series: PriceSeries, side: Side, settings: PathSettings, entries: readonly ScheduleEntry[]): Float64Array {
  return replaySchedule(series, candidatePaths(series, side, dataCalendar(series), settings), entries, settings.band);
}

/** A schedule entry as JSON holds it (null for "none"). */
export type JsonScheduleEntry = Omit<ScheduleEntry, 'lambda' | 'capRatio' | 'maxDailyRise'> & { lambda: number | null; capRatio: number | null; maxDailyRise: number | null };

/** The `from` of an entry starting at bar t: the ISO date of daily bars, the ISO datetime of intraday ones. */
export function entryDate(times: ArrayLike<number>, t: number, intraday: boolean): string {
  const iso = new Date(times[t]).toISOString();
  return intraday ? iso : iso.slice(0, 10);
}

/** JSON null back to Infinity ("none"; NaN for the decay GJR-GARCH has not). */
export function entryFromJson(e: JsonScheduleEntry): ScheduleEntry {
  return { ...e, lambda: e.lambda ?? NaN, capRatio: e.capRatio ?? Infinity, maxDailyRise: e.maxDailyRise ?? Infinity };
}

/** Infinity ("none") as null, for JSON. */
export function entryToJson(e: ScheduleEntry): JsonScheduleEntry {
  const { from, multiplier, volatility, lambda, innovation, returnWeight, floorFraction, capRatio, maxDailyRise } = e;
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  const model = volatility && volatility !== 'ewma' ? { volatility } : {};
  return { from, ...model, lambda: finite(lambda), innovation, returnWeight, floorFraction, capRatio: finite(capRatio), maxDailyRise: finite(maxDailyRise), multiplier };
}
