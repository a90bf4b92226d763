// optimizePolicy: the policy.json it writes loads through the config schema and replays to exactly
// the calibrated rates; rates are walk-forward (a history cut at any date sets the same rates up to
// it); the verdicts count what the series show; bad input is a clear error.
import { describe, expect, it } from 'vitest';
import { syntheticPrices } from '../../src/data/syntheticMarket.js';
import { InputError } from '../../src/errors.js';
import { candidatePaths } from '../../src/optimize/candidatePaths.js';
import { candidatesOf, type CandidateGrid } from '../../src/optimize/candidates.js';
import { dataCalendar } from '../../src/optimize/dataCalendar.js';
import { optimizePolicyOnThreads } from '../../src/optimize/optimizeOnThreads.js';
import { optimizePolicy, type OptimizeOptions } from '../../src/optimize/optimizePolicy.js';
import { entryFromJson, scheduledRates } from '../../src/optimize/schedule.js';
import { parsePolicyConfig } from '../../src/policy/config.js';
import { truncate } from './seededData.js';

const GRID: CandidateGrid = {
  lambdas: [0.94, 0.97],
  innovations: ['normal', 'fhs'],
  returnWeights: [1, 0.5],
  floorFractions: [0, 0.7],
  capRatios: [3],
  maxDailyRises: [Infinity, 0.25],
};
const OPTIONS: OptimizeOptions = { grid: GRID, judgeFrom: '2023-01-01', minResiduals: 120 };
const prices = syntheticPrices({ symbols: ['BTC', 'DOGE'] });

describe('optimizePolicy', () => {
  const full = optimizePolicy(prices, OPTIONS);

  it('writes a policy.json that loads and replays to exactly the calibrated rates', () => {
    const config = parsePolicyConfig(JSON.parse(JSON.stringify(full.policy)), 'policy.json');
    expect(config.base).toMatchObject({ measure: 'var', varConfidence: 0.99, horizonDays: 1 });
    for (const [i, series] of prices.entries()) {
      const sides = config.calibrated!.byUnderlying[series.symbol];
      for (const side of ['long', 'short'] as const) {
        const replayed = scheduledRates(series, side, config.calibrated!.settings, sides[side].map(entryFromJson));
        const calibrated = full.assets[i][side].series;
        const offset = series.dates.indexOf(calibrated.dates[0]);
        expect(offset).toBeGreaterThan(0);
        expect(Number.isNaN(replayed[offset - 1])).toBe(true);
        for (let t = 0; t < calibrated.rate.length; t++) expect(Object.is(replayed[offset + t], calibrated.rate[t])).toBe(true);
      }
    }
  });

  const fhsOnly = { ...OPTIONS, grid: { ...GRID, innovations: ['fhs' as const] } };
  const fullFhs = optimizePolicy(prices, fhsOnly);
  it.each([
    ['any candidate', OPTIONS, full],
    ['filtered historical only', fhsOnly, fullFhs],
  ] as const)('sets the same rates up to any cut date as on the full history (walk-forward; %s)', (_, options, full) => {
    for (const bars of [700, 951, 1200, 1400]) {
      const part = optimizePolicy(prices.map((s) => truncate(s, bars)), options);
      for (const [i, a] of part.assets.entries()) {
        for (const side of ['long', 'short'] as const) {
          const mine = a[side].series;
          const whole = full.assets[i][side].series;
          expect(mine.dates[0]).toBe(whole.dates[0]);
          expect(mine.rate.length).toBeGreaterThan(100);
          for (let t = 0; t < mine.rate.length; t++) expect(Object.is(mine.rate[t], whole.rate[t]), `${a.symbol} ${side} ${mine.dates[t]} cut at ${bars}`).toBe(true);
          // the schedule up to the cut is the same too
          expect(a[side].history).toEqual(full.assets[i][side].history.slice(0, a[side].history.length));
        }
      }
    }
  });

  it('gives the identical result on 2 worker threads (needs the build: npm test runs it first)', async () => {
    const threaded = await optimizePolicyOnThreads(prices, OPTIONS, 2);
    expect(threaded).toEqual(full);
    for (const [i, a] of threaded.assets.entries()) for (let t = 0; t < a.long.series.rate.length; t++) expect(Object.is(a.long.series.rate[t], full.assets[i].long.series.rate[t])).toBe(true);
  });

  it('verdicts count the exceptions and costs the series show', () => {
    for (const a of full.assets) {
      for (const side of ['long', 'short'] as const) {
        const { verdict, naive, series } = a[side];
        let n = 0;
        let x = 0;
        let xNaive = 0;
        let sum = 0;
        let sumNaive = 0;
        for (let t = 0; t < series.dates.length; t++) {
          const loss = series.loss[t];
          if (series.dates[t] < verdict.from || loss === null || !(series.rate[t] > 0) || !(series.naiveRate[t] > 0)) continue;
          n++;
          if (loss > series.rate[t]) x++;
          if (loss > series.naiveRate[t]) xNaive++;
          sum += series.rate[t];
          sumNaive += series.naiveRate[t];
        }
        expect(verdict.observations).toBe(n);
        expect(verdict.exceptions).toBe(x);
        expect(naive.exceptions).toBe(xNaive);
        expect(verdict.costRatio).toBeCloseTo(sum / sumNaive, 12);
        expect(naive.costRatio).toBeCloseTo(1, 12);
        expect(verdict.peakToTrough).toBeLessThanOrEqual(3.9 + 1e-12);
        expect(verdict.from >= '2023-01-01').toBe(true);
      }
    }
  });

  it('rejects a history too short to calibrate and bad options, naming the cause', () => {
    expect(() => optimizePolicy([truncate(prices[0], 200)], OPTIONS)).toThrow(/history too short to calibrate: 200 bars from 2022-11-21; needs more than 365 days/);
    expect(() => optimizePolicy(prices, { ...OPTIONS, judgeFrom: '1/1/2020' })).toThrow(InputError);
    expect(() => optimizePolicy(prices, { ...OPTIONS, confidence: 99 })).toThrow(/confidence must be in \(0.5, 1\); got 99/);
  });
});

describe('candidatePaths', () => {
  it('every unit and shaped path is the same up to any cut as on the full history', () => {
    const series = prices[1];
    const settings = { confidence: 0.99, horizonDays: 1, floorLookbackDays: 1095, residualCap: 8, minResiduals: 120, seedDays: 30, band: 3.9 };
    const calendar = dataCalendar(series);
    const candidates = candidatesOf(GRID);
    for (const side of ['long', 'short'] as const) {
      const whole = candidatePaths(series, side, calendar, settings);
      const wholePaths = candidates.map((c) => whole.shaped(c));
      for (let bars = 300; bars < series.close.length; bars += 7) {
        const part = candidatePaths(truncate(series, bars), side, calendar, settings);
        candidates.forEach((c, i) => {
          const mine = part.shaped(c);
          for (let t = 0; t < bars; t++) if (!Object.is(mine[t], wholePaths[i][t])) expect.fail(`${side} ${JSON.stringify(c)} differs at bar ${t} when cut at ${bars}`);
        });
      }
    }
  });
});

describe('candidatePaths, skewed-t innovation', () => {
  it('every skewed-t path is the same up to any cut as on the full history (monthly refits on known residuals)', () => {
    const series = prices[0];
    const settings = { confidence: 0.99, horizonDays: 2, floorLookbackDays: 730, residualCap: 8, minResiduals: 120, seedDays: 30, band: 3.9 };
    const calendar = dataCalendar(series);
    const candidates = candidatesOf({ ...GRID, lambdas: [0.94], innovations: ['skewed-t'], returnWeights: [1] });
    for (const side of ['long', 'short'] as const) {
      const whole = candidatePaths(series, side, calendar, settings);
      const wholePaths = candidates.map((c) => whole.shaped(c));
      expect(new Set(whole.unit(0.94, 'skewed-t', 1).subarray(400)).size, 'refitted monthly').toBeGreaterThan(30);
      for (let bars = 300; bars < series.close.length; bars += 53) {
        const part = candidatePaths(truncate(series, bars), side, calendar, settings);
        candidates.forEach((c, i) => {
          const mine = part.shaped(c);
          for (let t = 0; t < bars; t++) if (!Object.is(mine[t], wholePaths[i][t])) expect.fail(`${side} ${JSON.stringify(c)} differs at bar ${t} when cut at ${bars}`);
        });
      }
    }
  });
});

describe('policy.json calibrated section', () => {
  it('rejects entries out of date order, naming the entry', () => {
    const entry = { lambda: 0.94, innovation: 'normal', returnWeight: 1, floorFraction: 0, capRatio: null, maxDailyRise: null, multiplier: 1 };
    const policy = {
      calibrated: {
        settings: { confidence: 0.99, horizonDays: 1, floorLookbackDays: 1095, residualCap: 8, minResiduals: 250, seedDays: 30, band: 3.9 },
        byUnderlying: { BTC: { long: [{ ...entry, from: '2024-02-01' }, { ...entry, from: '2024-01-01' }], short: [{ ...entry, from: '2024-01-01' }] } },
      },
    };
    expect(() => parsePolicyConfig(policy, 'policy.json')).toThrow(/calibrated\.byUnderlying\["BTC"\]\.long\[1\]\.from.*must be after 2024-02-01/);
    expect(() => parsePolicyConfig({ calibrated: { ...policy.calibrated, byUnderlying: { BTC: { long: [{ ...entry, innovation: 'magic', from: '2024-01-01' }], short: [] } } } }, 'p.json')).toThrow(InputError);
    const ewmaWithoutDecay = { BTC: { long: [{ ...entry, lambda: null, from: '2024-01-01' }], short: [{ ...entry, from: '2024-01-01' }] } };
    expect(() => parsePolicyConfig({ calibrated: { ...policy.calibrated, byUnderlying: ewmaWithoutDecay } }, 'p.json')).toThrow(/long\[0\]\.lambda.*an EWMA entry needs its decay/);
    const gjr = { BTC: { long: [{ ...entry, volatility: 'gjr-garch-t', lambda: null, from: '2024-01-01' }], short: [{ ...entry, from: '2024-01-01' }] } };
    expect(parsePolicyConfig({ calibrated: { ...policy.calibrated, byUnderlying: gjr } }, 'p.json').calibrated!.byUnderlying.BTC.long[0].volatility).toBe('gjr-garch-t');
  });

  it('a GJR-GARCH-t schedule round-trips through policy.json to exactly the calibrated rates', () => {
    const grid = { ...GRID, volatilities: ['gjr-garch-t' as const], floorFractions: [0.7], maxDailyRises: [Infinity] };
    const result = optimizePolicy(prices.slice(0, 1), { ...OPTIONS, grid });
    const config = parsePolicyConfig(JSON.parse(JSON.stringify(result.policy)), 'policy.json');
    for (const side of ['long', 'short'] as const) {
      const entries = config.calibrated!.byUnderlying[prices[0].symbol][side];
      expect(entries.every((e) => e.volatility === 'gjr-garch-t' && e.lambda === null)).toBe(true);
      const replayed = scheduledRates(prices[0], side, config.calibrated!.settings, entries.map(entryFromJson));
      const calibrated = result.assets[0][side].series;
      const offset = prices[0].dates.indexOf(calibrated.dates[0]);
      for (let t = 0; t < calibrated.rate.length; t++) expect(Object.is(replayed[offset + t], calibrated.rate[t])).toBe(true);
    }
  });
});
