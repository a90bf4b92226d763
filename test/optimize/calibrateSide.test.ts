// calibrateSide on a seeded GARCH(1,1)-like daily series (1,500 bars from 2019-01-01, every day):
// rates are NaN before the first calibrated bar and finite, positive after it; their peak / trough
// stays within the band; and the calibration is walk-forward: the series cut at any bar gives
// bit-identical rates at every bar before the cut and the same schedule entries, since a rate at
// bar t only uses closes up to t (EWMA, residuals known h bars later, losses of blocks ending h bars
// before each refit, the feedback's losses before from - h).
import { describe, expect, it } from 'vitest';
import { calibrateSide, type SideCalibration, type SideCalibrationOptions } from '../../src/optimize/calibrateSide.js';
import { dataCalendar } from '../../src/optimize/dataCalendar.js';
import { garchSeries, truncate } from './seededData.js';

const series = garchSeries(1500, 2024);

function options(extra: Partial<SideCalibrationOptions> = {}): SideCalibrationOptions {
  return {
    confidence: 0.99,
    horizonDays: 3,
    floorLookbackDays: 365,
    residualCap: 8,
    minResiduals: 120,
    seedDays: 30,
    band: 3.9,
    calendar: dataCalendar(series),
    grid: { lambdas: [0.94, 0.97], innovations: ['normal', 'fhs'], returnWeights: [0.5], floorFractions: [0, 0.7], capRatios: [2.5, 3.5], maxDailyRises: [Infinity, 0.25] },
    constraints: { maxPeakToTrough: 4, maxIncrease30d: 3, minIndependenceP: 0.05 },
    minTrainingDays: 365,
    trainingWindowDays: 730,
    ...extra,
  };
}

const variants: [string, Partial<SideCalibrationOptions>][] = [
  ['defaults', {}],
  ['all history, exception feedback up to 1.3x, horizon 1', { trainingWindowDays: Infinity, maxFeedback: 1.3, horizonDays: 1 }],
];

const cache = new Map<string, SideCalibration>();
function run(name: string, extra: Partial<SideCalibrationOptions>, side: 'long' | 'short', bars = series.close.length): SideCalibration {
  const key = `${name}/${side}/${bars}`;
  let c = cache.get(key);
  if (!c) {
    const s = bars === series.close.length ? series : truncate(series, bars);
    cache.set(key, (c = calibrateSide(s, side, options({ ...extra, calendar: dataCalendar(s) }))));
  }
  return c;
}

describe('calibrateSide on a synthetic GARCH series', () => {
  it('reads the synthetic history as a 365-day calendar (bar 1096 is 2022-01-01)', () => {
    expect(dataCalendar(series)).toEqual({ barsPerDay: 1, annualization: 365, kind: 'calendar' });
    expect(series.dates[1096]).toBe('2022-01-01');
  });

  it('the feedback variant does raise some multipliers over the same run without feedback', () => {
    const [, extra] = variants[1];
    const withFeedback = run('feedback', extra, 'long');
    const without = run('no feedback', { ...extra, maxFeedback: 1 }, 'long');
    expect(withFeedback.history.length).toBe(without.history.length);
    const raised = withFeedback.history.filter((e, i) => e.multiplier > without.history[i].multiplier * (1 + 1e-12));
    expect(raised.length).toBeGreaterThan(0);
  });

  describe.each(variants)('%s', (name, extra) => {
    it.each(['long', 'short'] as const)('%s: NaN before firstCalibrated, finite and > 0 from it to the last bar', (side) => {
      const c = run(name, extra, side);
      expect(c.rate.length).toBe(series.close.length);
      expect(c.firstCalibrated).toBeGreaterThan(365);
      expect(c.firstCalibrated).toBeLessThan(500);
      expect(c.history.length).toBeGreaterThan(30);
      expect(c.history[0].from).toBe(series.dates[c.firstCalibrated]);
      for (let t = 0; t < c.rate.length; t++) {
        if (t < c.firstCalibrated) expect(c.rate[t], `t=${t}`).toBeNaN();
        else {
          expect(Number.isFinite(c.rate[t]), `t=${t}`).toBe(true);
          expect(c.rate[t], `t=${t}`).toBeGreaterThan(0);
        }
      }
    });

    it.each(['long', 'short'] as const)('%s: peak / trough of the rate from firstCalibrated <= band', (side) => {
      const c = run(name, extra, side);
      const live = Array.from(c.rate.subarray(c.firstCalibrated));
      const ratio = Math.max(...live) / Math.min(...live);
      expect(ratio).toBeLessThanOrEqual(3.9 * (1 + 1e-15));
      // the rate does move: the band is a bound, not the only thing in force
      expect(ratio).toBeGreaterThan(1.2);
    });

    it.each(['long', 'short'] as const)('%s: each history entry starts on a month start, in order', (side) => {
      const c = run(name, extra, side);
      let previous = '';
      for (const e of c.history) {
        expect(e.from.endsWith('-01'), e.from).toBe(true);
        expect(e.from > previous).toBe(true);
        expect(e.multiplier).toBeGreaterThan(0);
        expect(e.trainingDays).toBeGreaterThanOrEqual(0.9 * 365);
        previous = e.from;
      }
    });

    it.each(['long', 'short'] as const)('%s: walk-forward, cut at 800 / 1096 / 1097 / 1100 / 1333 bars (mid-month, the eve and the first bar of a month): identical rates before the cut and the same entries', (side) => {
      const full = run(name, extra, side);
      for (const bars of [800, 1096, 1097, 1100, 1333]) {
        const cut = run(name, extra, side, bars);
        expect(cut.firstCalibrated).toBe(full.firstCalibrated);
        let mismatches = 0;
        let firstMismatch = -1;
        for (let t = 0; t < bars; t++) {
          if (!Object.is(cut.rate[t], full.rate[t])) {
            if (firstMismatch < 0) firstMismatch = t;
            mismatches++;
          }
        }
        expect(mismatches, `cut ${bars}: first mismatch at bar ${firstMismatch} (${cut.rate[firstMismatch]} vs ${full.rate[firstMismatch]})`).toBe(0);
        for (let t = 0; t < bars; t++) expect(Object.is(cut.naiveRate[t], full.naiveRate[t]), `naive t=${t}`).toBe(true);
        const due = full.history.filter((e) => e.from <= series.dates[bars - 1]);
        expect(cut.history).toEqual(due);
        // the loss is known up to the cut minus the horizon only
        const h = extra.horizonDays ?? 3;
        for (let t = 0; t < bars; t++) {
          if (t < bars - h) expect(Object.is(cut.loss[t], full.loss[t])).toBe(true);
          else expect(cut.loss[t]).toBeNaN();
        }
      }
    });
  });
});
