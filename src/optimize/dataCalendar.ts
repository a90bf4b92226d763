/**
 * The calendar of a price history, read from its timestamps: bars per day and periods per year, so
 * horizons and windows are given in days (or hours) and mean the same on daily crypto (365 days a
 * year), trading-day (252) and hourly (8,760) data.
 */
import { InputError } from '../errors.js';
import type { PriceSeries } from '../prices/types.js';

export interface DataCalendar {
  /** Bars per calendar day: 1 for daily data, 24 for hourly. */
  barsPerDay: number;
  /** Bars per year: 365 (every day), 252 (weekdays only) or 8,760 (hourly). */
  annualization: number;
  /** 'calendar' when weekends trade, 'trading' when they do not. */
  kind: 'calendar' | 'trading' | 'intraday';
}

const DAY_MS = 86_400_000;

/**
 * Bars per day and per year from the median bar spacing and, for daily data, whether Saturdays and
 * Sundays occur (trading-day series: 252 a year, the usual equity convention).
 * @throws InputError for fewer than 2 bars or a spacing that is neither intraday nor daily
 */
export function dataCalendar(series: Pick<PriceSeries, 'times' | 'symbol' | 'source'>): DataCalendar {
  const t = series.times;
  if (t.length < 2) throw new InputError(`needs at least 2 bars to read its calendar; got ${t.length}`, { file: series.source, column: series.symbol });
  const gaps = Float64Array.from({ length: t.length - 1 }, (_, i) => t[i + 1] - t[i]).sort();
  const median = gaps[gaps.length >> 1];
  if (median < DAY_MS * 0.75) {
    const barsPerDay = Math.round(DAY_MS / median);
    return { barsPerDay, annualization: barsPerDay * 365, kind: 'intraday' };
  }
  if (median > DAY_MS * 1.5) {
    throw new InputError(`median bar spacing is ${(median / DAY_MS).toFixed(2)} days; daily or intraday bars are needed`, { file: series.source, column: series.symbol });
  }
  let weekend = 0;
  for (let i = 0; i < t.length; i++) {
    const day = new Date(t[i]).getUTCDay();
    if (day === 0 || day === 6) weekend++;
  }
  // a weekday-only history has no (or almost no) weekend bars; a calendar one has 2/7 of them
  return weekend < t.length * 0.05 ? { barsPerDay: 1, annualization: 252, kind: 'trading' } : { barsPerDay: 1, annualization: 365, kind: 'calendar' };
}

/** Bars in `days` calendar days of this calendar (at least 1). Trading-day data counts a day as a bar. */
export function barsIn(days: number, calendar: DataCalendar): number {
  return Math.max(1, Math.round(days * calendar.barsPerDay));
}

/** The first bar of every calendar month (UTC): the calibrator's refit dates. */
export function monthStarts(times: ArrayLike<number>): number[] {
  const out: number[] = [];
  let lastMonth = -1;
  for (let t = 0; t < times.length; t++) {
    const d = new Date(times[t]);
    const month = d.getUTCFullYear() * 12 + d.getUTCMonth();
    if (month !== lastMonth) {
      out.push(t);
      lastMonth = month;
    }
  }
  return out;
}
