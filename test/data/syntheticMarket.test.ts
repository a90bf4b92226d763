import { describe, expect, it } from 'vitest';
import { syntheticPrices, SYNTHETIC_DEFAULTS } from '../../src/data/syntheticMarket.js';
import { parsePriceCsv } from '../../src/io/priceCsv.js';
import { writePriceCsv } from '../../src/io/writePriceCsv.js';
import type { PriceSeries } from '../../src/prices/types.js';

const logReturns = (s: PriceSeries): number[] =>
  Array.from({ length: s.close.length - 1 }, (_, i) => Math.log(s.close[i + 1] / s.close[i]));
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
function excessKurtosis(xs: readonly number[]): number {
  const m = mean(xs);
  const v = mean(xs.map((x) => (x - m) ** 2));
  return mean(xs.map((x) => (x - m) ** 4)) / (v * v) - 3;
}
function autocorrelation(xs: readonly number[], lag: number): number {
  const m = mean(xs);
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    den += (xs[i] - m) ** 2;
    if (i >= lag) num += (xs[i] - m) * (xs[i - lag] - m);
  }
  return num / den;
}
function correlation(a: readonly number[], b: readonly number[]): number {
  const ma = mean(a);
  const mb = mean(b);
  let n = 0, da = 0, db = 0;
  for (let i = 0; i < a.length; i++) {
    n += (a[i] - ma) * (b[i] - mb);
    da += (a[i] - ma) ** 2;
    db += (b[i] - mb) ** 2;
  }
  return n / Math.sqrt(da * db);
}

describe('syntheticPrices', () => {
  const market = syntheticPrices();

  it('defaults: six crypto symbols, 1461 daily ISO dates ending 2026-11-20', () => {
    expect(market.map((s) => s.symbol)).toEqual(['BTC', 'ETH', 'SOL', 'BNB', 'XRP', 'DOGE']);
    for (const s of market) {
      expect(s.close.length).toBe(1461);
      expect(s.dates[0]).toBe('2022-11-21');
      expect(s.dates.at(-1)).toBe('2026-11-20');
      expect(s.dates[466]).toBe('2024-03-01'); // 9 + 31 + 365 + 31 + 29 + 1 days on: 2024 is a leap year
      expect(s.dates).toContain('2024-02-29');
      expect(s.times[1] - s.times[0]).toBe(86_400_000);
      expect(s.source).toBe('synthetic');
    }
  });

  it('is deterministic: same seed -> identical; different seeds differ', () => {
    const again = syntheticPrices();
    expect(again).toEqual(market);
    const other = syntheticPrices({ seed: 2 });
    expect(other[0].close).not.toEqual(market[0].close);
    expect(syntheticPrices({ seed: 2, days: 50 })).toEqual(syntheticPrices({ seed: 2, days: 50 }));
  });

  it('bars are valid OHLCV: positive, H >= max(O, C), L <= min(O, C), open near the previous close', () => {
    for (const s of syntheticPrices({ seed: 3 })) {
      for (let t = 0; t < s.close.length; t++) {
        const { open: o, high: h, low: l, close: c } = { open: s.open[t], high: s.high[t], low: s.low[t], close: s.close[t] };
        expect(l > 0 && h >= Math.max(o, c) && l <= Math.min(o, c) && s.volume![t] >= 0).toBe(true);
        if (t > 0) expect(Math.abs(Math.log(o / s.close[t - 1]))).toBeLessThan(0.05);
      }
    }
  });

  it('round trips through writePriceCsv and the loader, long and one-asset layouts', () => {
    const long = writePriceCsv(market);
    expect(long.split('\n', 2)).toEqual(['symbol,date,open,high,low,close,volume', expect.stringMatching(/^BTC,2022-11-21,/)]);
    const back = parsePriceCsv(long, { file: 'synthetic.csv' });
    expect(back.map(({ source: _, ...s }) => s)).toEqual(market.map(({ source: _, ...s }) => s));
    const [one] = parsePriceCsv(writePriceCsv(market[1]), { file: 'eth.csv' });
    expect(one.close).toEqual(market[1].close);
    expect(one.dates).toEqual(market[1].dates);
  });

  it('has the stylized facts of crypto returns (default seed)', () => {
    const returns = market.map(logReturns);
    for (const r of returns) {
      expect(excessKurtosis(r)).toBeGreaterThan(1); // fat tails
      for (let lag = 1; lag <= 5; lag++) expect(autocorrelation(r.map((x) => x * x), lag)).toBeGreaterThan(0); // clustering
    }
    for (let i = 0; i < returns.length; i++) {
      for (let j = i + 1; j < returns.length; j++) {
        const rho = correlation(returns[i], returns[j]);
        expect(rho).toBeGreaterThanOrEqual(0.3);
        expect(rho).toBeLessThanOrEqual(0.9);
      }
    }
  });

  it('has a crash: one day where every asset falls, BTC by about 35%, and volatility rises after it', () => {
    const returns = market.map(logReturns);
    const btc = returns[0];
    const day = btc.indexOf(Math.min(...btc));
    expect(Math.exp(btc[day]) - 1).toBeLessThan(-0.3);
    for (const r of returns) expect(Math.exp(r[day]) - 1).toBeLessThan(-0.2);
    const rms = (xs: number[]) => Math.sqrt(mean(xs.map((x) => x * x)));
    expect(rms(btc.slice(day + 1, day + 31))).toBeGreaterThan(1.5 * rms(btc.slice(day - 60, day)));
  });

  it('other seeds keep fat tails, positive clustering and moderate correlation', () => {
    for (const seed of [2, 3, 4]) {
      const returns = syntheticPrices({ seed }).map(logReturns);
      for (const r of returns) {
        expect(excessKurtosis(r)).toBeGreaterThan(1);
        const acf = [1, 2, 3, 4, 5].map((lag) => autocorrelation(r.map((x) => x * x), lag));
        expect(mean(acf)).toBeGreaterThan(0);
      }
      expect(correlation(returns[0], returns[1])).toBeGreaterThan(0.3);
      expect(correlation(returns[0], returns[1])).toBeLessThan(0.9);
    }
  });

  it('accepts other symbols and lengths; rejects bad options by name', () => {
    const custom = syntheticPrices({ symbols: ['AAA', 'BTC'], days: 3, seed: 5 });
    expect(custom.map((s) => s.symbol)).toEqual(['AAA', 'BTC']);
    expect(custom[0].dates).toEqual(['2026-11-18', '2026-11-19', '2026-11-20']);
    expect(SYNTHETIC_DEFAULTS.endDate).toBe('2026-11-20');
    expect(() => syntheticPrices({ days: 1 })).toThrow(/^days: must be an integer >= 2/);
    expect(() => syntheticPrices({ seed: -1 })).toThrow(/^seed: /);
    expect(() => syntheticPrices({ symbols: [] })).toThrow(/^symbols: /);
    expect(() => syntheticPrices({ symbols: ['A', 'A'] })).toThrow(/^symbols\[1\]: /);
  });
});
