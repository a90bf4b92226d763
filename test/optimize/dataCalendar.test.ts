// The calendar read from timestamps: every-day daily data is 365 a year, weekday-only 252, hourly
// 8,760; barsIn converts days to bars.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { barsIn, dataCalendar } from '../../src/optimize/dataCalendar.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

function series(times: number[]) {
  return { times: Float64Array.from(times), symbol: 'X', source: 'test' };
}

/** n bars from `start` (unix ms) every `step` ms. */
function regular(start: number, n: number, step: number): number[] {
  return Array.from({ length: n }, (_, i) => start + i * step);
}

describe('dataCalendar', () => {
  it('reads daily crypto (7 days a week) as 365 bars a year', () => {
    expect(dataCalendar(series(regular(Date.UTC(2019, 0, 1), 400, DAY)))).toEqual({ barsPerDay: 1, annualization: 365, kind: 'calendar' });
    // a few missing days do not change it
    const holes = regular(Date.UTC(2021, 5, 1), 200, DAY).filter((_, i) => i % 37 !== 5);
    expect(dataCalendar(series(holes)).annualization).toBe(365);
  });

  it('reads weekday-only daily data as 252 trading days a year, holidays included', () => {
    const weekdays = regular(Date.UTC(2019, 0, 1), 700, DAY).filter((t) => {
      const d = new Date(t).getUTCDay();
      return d !== 0 && d !== 6;
    });
    expect(dataCalendar(series(weekdays))).toEqual({ barsPerDay: 1, annualization: 252, kind: 'trading' });
    const holidays = weekdays.filter((_, i) => i % 23 !== 0);
    expect(dataCalendar(series(holidays)).annualization).toBe(252);
  });

  it('reads hourly bars as 24 a day, 8,760 a year (and 4-hourly as 6 a day, 2,190 a year)', () => {
    expect(dataCalendar(series(regular(Date.UTC(2022, 2, 1), 1000, HOUR)))).toEqual({ barsPerDay: 24, annualization: 8760, kind: 'intraday' });
    expect(dataCalendar(series(regular(Date.UTC(2022, 2, 1), 300, 4 * HOUR)))).toEqual({ barsPerDay: 6, annualization: 2190, kind: 'intraday' });
  });

  it('throws an InputError for fewer than 2 bars or weekly bars', () => {
    expect(() => dataCalendar(series([Date.UTC(2020, 0, 1)]))).toThrow(InputError);
    expect(() => dataCalendar(series(regular(Date.UTC(2020, 0, 1), 50, 7 * DAY)))).toThrow(InputError);
  });
});

describe('barsIn', () => {
  const daily = { barsPerDay: 1, annualization: 365, kind: 'calendar' } as const;
  const trading = { barsPerDay: 1, annualization: 252, kind: 'trading' } as const;
  const hourly = { barsPerDay: 24, annualization: 8760, kind: 'intraday' } as const;

  it('is round(days x bars per day), at least 1', () => {
    expect(barsIn(30, daily)).toBe(30);
    expect(barsIn(365, daily)).toBe(365);
    expect(barsIn(30, hourly)).toBe(720);
    expect(barsIn(1.5, hourly)).toBe(36);
    expect(barsIn(2.4, daily)).toBe(2);
    expect(barsIn(2.6, daily)).toBe(3);
    expect(barsIn(0, daily)).toBe(1);
    expect(barsIn(0.01, hourly)).toBe(1);
  });

  it('counts a day as a bar on trading-day data', () => {
    expect(barsIn(365, trading)).toBe(365);
    expect(barsIn(10, trading)).toBe(10);
  });
});
