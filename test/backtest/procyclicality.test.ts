// Procyclicality measures on hand-made series (by observation and by calendar date) and properties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxIncrease, procyclicality } from '../../src/backtest/procyclicality.js';
import { InputError } from '../../src/errors.js';

describe('procyclicality', () => {
  it('computes peak-to-trough and n-day increases of a short series by hand', () => {
    // 1-day ratios: 1.1, 0.9, 1.2121, 0.5, 1.5; the only 5-day window is 90 / 100
    const r = procyclicality([100, 110, 99, 120, 60, 90]);
    expect(r.peakToTrough).toBe(2);
    expect(r.maxIncrease1d).toBeCloseTo(0.5, 15);
    expect(r.maxIncrease5d).toBeCloseTo(-0.1, 15); // fell over every 5-day window: negative, not floored
    expect(r.maxIncrease30d).toBeNull();
  });

  it('finds the 30-day increase of a steady ramp', () => {
    // flat at 100 for 10 days, then +1% a day for 30 days
    const series = [...Array(10).fill(100), ...Array.from({ length: 30 }, (_, k) => 100 * 1.01 ** (k + 1))];
    const r = procyclicality(series);
    expect(r.peakToTrough).toBeCloseTo(1.01 ** 30, 12);
    expect(r.maxIncrease1d).toBeCloseTo(0.01, 12);
    expect(r.maxIncrease5d).toBeCloseTo(1.01 ** 5 - 1, 12);
    expect(r.maxIncrease30d).toBeCloseTo(1.01 ** 30 - 1, 12);
  });

  it('with dates, compares with the requirement in force n calendar days earlier', () => {
    const requirement = [100, 120, 150, 140];
    const dates = ['2024-01-01', '2024-01-02', '2024-01-05', '2024-01-06'];
    // 1-day: 01-02 vs 01-01 (+20%), 01-05 vs 01-02 in force on 01-04 (+25%), 01-06 vs 01-05
    // 5-day: only 01-06 vs 01-01 (+40%); by observations there is no 5-step window
    const r = procyclicality(requirement, dates);
    expect(r.maxIncrease1d).toBeCloseTo(0.25, 15);
    expect(r.maxIncrease5d).toBeCloseTo(0.4, 15);
    expect(r.maxIncrease30d).toBeNull();
    expect(procyclicality(requirement).maxIncrease5d).toBeNull();
    // datetimes work too, and a window closing exactly n days later counts
    expect(maxIncrease([100, 130], 1, [Date.UTC(2024, 0, 1, 16), Date.UTC(2024, 0, 2, 16)])).toBeCloseTo(0.3, 15);
    expect(procyclicality([100, 130], ['2024-01-01T16:00:00Z', '2024-01-02T15:59:59Z']).maxIncrease1d).toBeNull();
  });

  it('properties: peak-to-trough >= 1, the 1-day maximum beats the average growth, consecutive dates = no dates', () => {
    const series = fc.array(fc.double({ min: 1, max: 1e9, noNaN: true }), { minLength: 2, maxLength: 80 });
    fc.assert(
      fc.property(series, (r) => {
        const res = procyclicality(r);
        const meanGrowth = (r[r.length - 1] / r[0]) ** (1 / (r.length - 1)) - 1;
        const dates = r.map((_, t) => new Date(Date.UTC(2023, 0, 1) + t * 86_400_000).toISOString().slice(0, 10));
        return res.peakToTrough >= 1 && res.maxIncrease1d! >= meanGrowth - 1e-12 &&
          JSON.stringify(procyclicality(r, dates)) === JSON.stringify(res);
      }),
    );
  });

  it('rejects empty, non-finite and non-positive series, and bad dates, naming the index', () => {
    expect(() => procyclicality([])).toThrow('<api>: requirement: is empty; need at least one observation');
    expect(() => procyclicality([1, NaN])).toThrow(/requirement\[1\]: must be a finite number; got NaN/);
    expect(() => procyclicality([1, 2, 0])).toThrow(/requirement\[2\]: must be > 0 for ratios; got 0/);
    expect(() => procyclicality([1, 2], ['2024-01-01'])).toThrow(/dates: has 1 entries but requirement has 2/);
    expect(() => procyclicality([1, 2], ['2024-01-01', '2024-02-30'])).toThrow(/dates\[1\]: cannot parse "2024-02-30"/);
    expect(() => procyclicality([1, 2], ['2024-01-02', '2024-01-02'])).toThrow(/dates\[1\]: .* dates must be strictly increasing/);
    expect(() => procyclicality([1, 2], ['2024-01-02', '2024-01-02'])).toThrow(InputError);
  });
});
