// Historical scenarios (hs, fhs): hand-checkable returns, alignment, an independently computed
// EWMA filter, reproducible and uniform bootstrap draws, and input errors.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import type { Market } from '../../src/market/types.js';
import { ewmaFilter, historicalScenarios, type HistoricalParams } from '../../src/montecarlo/historical.js';
import type { PriceSeries } from '../../src/prices/types.js';
import { seedWords, STREAM_BOOTSTRAP, uniformAt } from '../../src/twin/random.js';
import { normals } from '../testData.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const LN2 = Math.LN2;

const day = (d: number): string => new Date(T0 + d * DAY).toISOString().slice(0, 10);

function series(symbol: string, days: number[], close: number[]): PriceSeries {
  const c = Float64Array.from(close);
  return { symbol, dates: days.map(day), times: Float64Array.from(days, (d) => T0 + d * DAY), open: c, high: c, low: c, close: c };
}

function market(symbols: string[], lastDay: number): Market {
  const n = symbols.length;
  return {
    asOf: new Date(T0 + lastDay * DAY).toISOString(),
    asOfMs: T0 + lastDay * DAY,
    rate: 0,
    symbols,
    spot: new Float64Array(n).fill(100),
    vol: new Float64Array(n).fill(0.5),
    correlation: Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0)),
  };
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

// Closes base * 2^k(t): every log-return is an integer multiple of ln 2.
const kA = (t: number): number => t % 3;
const kB = (t: number): number => -(t % 2);
const kC = (t: number): number => Math.floor(t / 10);
const DAYS = range(0, 39);
const A = series('A', DAYS, DAYS.map((t) => 100 * 2 ** kA(t)));
const B = series('B', DAYS, DAYS.map((t) => 50 * 2 ** kB(t)));
const C = series('C', DAYS, DAYS.map((t) => 8 * 2 ** kC(t)));
const MKT = market(['A', 'B', 'C'], 39);
const HS: HistoricalParams = { model: 'hs', scenarios: 1000, horizonDays: 2, seed: 1 };

/** Price paths whose daily vol switches regime halfway (so the filter matters). */
function randomWalks(symbols: string[], days: number, seed: number): PriceSeries[] {
  const z = normals(seed);
  return symbols.map((sym, i) => {
    const closes = [100 * (i + 1)];
    for (let t = 1; t < days; t++) closes.push(closes[t - 1] * Math.exp((t < days / 2 ? 0.01 : 0.04) * (1 + i) * z()));
    return series(sym, range(0, days - 1), closes);
  });
}

/**
 * Test-side EWMA filter written as explicit weighted sums: sigma_t^2 = lambda^(t-k) S0 +
 * (1 - lambda) sum_{j=k}^{t-1} lambda^(t-1-j) r_j^2, S0 = mean(r_0^2 .. r_{k-1}^2).
 */
function referenceFilter(r: number[], lambda: number, k: number): { eps: number[]; sigmaNow: number } {
  const s0 = r.slice(0, k).reduce((a, x) => a + x * x, 0) / k;
  const variance = (t: number): number => {
    let v = lambda ** (t - k) * s0;
    for (let j = k; j < t; j++) v += (1 - lambda) * lambda ** (t - 1 - j) * r[j] ** 2;
    return v;
  };
  const eps: number[] = [];
  for (let t = k; t < r.length; t++) eps.push(r[t] / Math.sqrt(variance(t)));
  return { eps, sigmaNow: Math.sqrt(variance(r.length)) };
}

function logReturns(s: PriceSeries): number[] {
  return Array.from({ length: s.close.length - 1 }, (_, t) => Math.log(s.close[t + 1] / s.close[t]));
}

function expectClose(actual: number, expected: number, rel = 1e-13): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));
}

describe('historicalScenarios hs', () => {
  it('returns every overlapping 2-day log-return, oldest first, with hand-checkable values', () => {
    const out = historicalScenarios([A, B, C], MKT, HS);
    expect(out.scenarios).toBe(38); // 40 closes, h = 2
    expect(out.returns.length).toBe(38 * 3);
    expect(out.window).toEqual({ from: '2024-01-01', to: '2024-02-09' });
    // Scenario s ends on day t = s + 2. Day 30: A 2^0/2^1, B 2^0/2^0, C 2^3/2^2.
    const row = (t: number): number[] => Array.from(out.returns.slice((t - 2) * 3, (t - 1) * 3));
    expect(row(30).map((x) => x / LN2)).toEqual([-1, 0, 1]);
    expect(row(38).map((x) => x / LN2)).toEqual([2, 0, 0]);
    expect(row(39).map((x) => x / LN2)).toEqual([-1, 0, 0]);
    for (let t = 2; t <= 39; t++) {
      const want = [kA(t) - kA(t - 2), kB(t) - kB(t - 2), kC(t) - kC(t - 2)];
      row(t).forEach((x, i) => expect(Math.abs(x - want[i] * LN2)).toBeLessThan(1e-15));
    }
  });

  it('keeps the most recent M when fewer scenarios are asked for', () => {
    const out = historicalScenarios([A, B, C], MKT, { ...HS, scenarios: 5 });
    expect(out.scenarios).toBe(5);
    expect(out.window).toEqual({ from: day(33), to: day(39) });
    const all = historicalScenarios([A, B, C], MKT, HS);
    expect(out.returns).toEqual(all.returns.slice(33 * 3));
  });

  it('aligns on common dates at or before asOf, in market order, ignoring extra series', () => {
    const bDays = range(5, 45).filter((d) => d !== 20);
    const B2 = series('B', bDays, bDays.map((d) => 50 + d));
    const X = series('X', [0, 1], [1, 2]);
    const out = historicalScenarios([C, X, B2, A], market(['A', 'B'], 39), { ...HS, horizonDays: 1 });
    const common = range(5, 39).filter((d) => d !== 20);
    expect(out.scenarios).toBe(common.length - 1);
    expect(out.window).toEqual({ from: day(5), to: day(39) });
    for (let s = 0; s < out.scenarios; s++) {
      const [d0, d1] = [common[s], common[s + 1]];
      expectClose(out.returns[s * 2], (kA(d1) - kA(d0)) * LN2, 1e-15);
      expectClose(out.returns[s * 2 + 1], Math.log((50 + d1) / (50 + d0)), 1e-15);
    }
    // Day 19 -> 21 spans B's missing day 20 as one step.
    const s19 = common.indexOf(19);
    expectClose(out.returns[s19 * 2 + 1], Math.log(71 / 69), 1e-15);
  });

  it('rejects a missing or duplicated symbol, a non-integer horizon and a too-short history', () => {
    const err = (f: () => unknown): InputError => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return e as InputError;
      }
      throw new Error('expected an InputError');
    };
    expect(err(() => historicalScenarios([A, C], MKT, HS)).message).toContain('"B"');
    expect(err(() => historicalScenarios([A, B, B, C], MKT, HS)).message).toContain('"B"');
    for (const h of [1.5, 0, -1, NaN]) {
      expect(err(() => historicalScenarios([A, B, C], MKT, { ...HS, horizonDays: h })).column).toBe('horizonDays');
      expect(err(() => historicalScenarios([A, B, C], MKT, { ...HS, model: 'fhs', horizonDays: h })).column).toBe('horizonDays');
    }
    expect(err(() => historicalScenarios([A, B, C], MKT, { ...HS, horizonDays: 40 })).column).toBe('series');
    expect(historicalScenarios([A, B, C], MKT, { ...HS, horizonDays: 39 }).scenarios).toBe(1);
    const bad = series('B', DAYS, DAYS.map((t) => (t === 7 ? 0 : 1)));
    expect(err(() => historicalScenarios([A, bad, C], MKT, HS)).message).toContain(day(7));
    expect(err(() => historicalScenarios([A, B, C], MKT, { ...HS, scenarios: 0 })).column).toBe('scenarios');
    expect(err(() => historicalScenarios([A, B, C], market(['A'], -1), HS)).column).toBe('series');
  });
});

describe('historicalScenarios fhs', () => {
  const LAMBDA = 0.94;
  const K = 30;
  const walks = randomWalks(['A', 'B', 'C'], 81, 7); // 80 daily returns, 50 residual dates
  const MKT3 = market(['A', 'B', 'C'], 80);
  const refs = walks.map((s) => referenceFilter(logReturns(s), LAMBDA, K));
  const COUNT = 50;
  const [lo, hi] = seedWords(42);
  const draw = (m: number, j: number): number => Math.floor(uniformAt(lo, hi, m, STREAM_BOOTSTRAP, j) * COUNT);

  it('filters one asset as r_t / sigma_t with sigma_t from returns before t', () => {
    const r = logReturns(walks[0]);
    const f = ewmaFilter(Float64Array.from(r), r.length, 1, LAMBDA, K);
    expect(f.count).toBe(COUNT);
    refs[0].eps.forEach((e, j) => expectClose(f.residuals[j], e, 1e-12));
    expectClose(f.sigmaNow[0], refs[0].sigmaNow, 1e-12);
    // The vol regime switch is filtered out: residual sd near 1 on both sides (loose sanity check).
    const sd = (xs: number[]): number => Math.sqrt(xs.reduce((a, x) => a + x * x, 0) / xs.length);
    expect(sd(refs[0].eps.slice(25))).toBeGreaterThan(0.5);
    expect(sd(refs[0].eps.slice(25))).toBeLessThan(2);
  });

  it('scales bootstrapped residual vectors (one date for all assets) by today\'s vol', () => {
    for (const h of [1, 3]) {
      const out = historicalScenarios(walks, MKT3, { model: 'fhs', scenarios: 300, horizonDays: h, seed: 42 });
      expect(out.scenarios).toBe(300);
      expect(out.window).toEqual({ from: day(0), to: day(80) });
      for (let m = 0; m < 300; m++) {
        const days = Array.from({ length: h }, (_, j) => draw(m, j));
        for (let i = 0; i < 3; i++) {
          const want = refs[i].sigmaNow * days.reduce((a, b) => a + refs[i].eps[b], 0);
          expectClose(out.returns[m * 3 + i], want, 1e-12);
        }
      }
    }
  });

  it('is deterministic, split-independent and uniform over residual dates', () => {
    const p: HistoricalParams = { model: 'fhs', scenarios: 21_000, horizonDays: 1, seed: 42 };
    const big = historicalScenarios(walks, MKT3, p);
    const small = historicalScenarios(walks, MKT3, { ...p, scenarios: 100 });
    expect(small.returns).toEqual(big.returns.slice(0, 300));
    expect(historicalScenarios(walks, MKT3, { ...p, seed: 43, scenarios: 100 }).returns).not.toEqual(small.returns);
    // Recover each scenario's residual date from the output (nearest residual of asset A).
    const values = refs[0].eps.map((e) => refs[0].sigmaNow * e);
    const counts = new Array<number>(COUNT).fill(0);
    for (let m = 0; m < p.scenarios; m++) {
      const x = big.returns[m * 3];
      let best = 0;
      values.forEach((v, b) => (Math.abs(v - x) < Math.abs(values[best] - x) ? (best = b) : 0));
      if (m < 2000) expect(best).toBe(draw(m, 0));
      counts[best]++;
    }
    const expected = p.scenarios / COUNT;
    const chi2 = counts.reduce((a, c) => a + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(94.6); // chi-square(49) 99.99% point (SciPy chi2.ppf)
    expect(chi2).toBeGreaterThan(20.4); // 0.01% point: not suspiciously even
  });

  it('uses lambda and needs more daily returns than the EWMA seed', () => {
    const a = historicalScenarios(walks, MKT3, { model: 'fhs', scenarios: 10, horizonDays: 1, seed: 1, lambda: 0.97 });
    const r = logReturns(walks[1]);
    const ref = referenceFilter(r, 0.97, K);
    const [l1, h1] = seedWords(1);
    for (let m = 0; m < 10; m++) {
      expectClose(a.returns[m * 3 + 1], ref.sigmaNow * ref.eps[Math.floor(uniformAt(l1, h1, m, STREAM_BOOTSTRAP, 0) * COUNT)], 1e-12);
    }
    const short = walks.map((s) => ({ ...s, times: s.times.slice(0, 31), dates: s.dates.slice(0, 31), close: s.close.slice(0, 31) }));
    expect(() => historicalScenarios(short, MKT3, { model: 'fhs', scenarios: 10, horizonDays: 1, seed: 1 })).toThrow(/more than 30 common daily returns/);
    expect(() => historicalScenarios(walks, MKT3, { model: 'fhs', scenarios: 10, horizonDays: 1, seed: 1, lambda: 1 })).toThrow(InputError);
  });
});
