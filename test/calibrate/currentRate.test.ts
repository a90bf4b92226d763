// Issue #17.1: today's rate and every account margin come from today's bar, not from the last
// backtested day (horizonDays earlier, whose loss is already known).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalMarginRate } from '../../src/backtest/marginRate.js';
import { walkForward } from '../../src/backtest/walkForward.js';
import { runCalibration } from '../../src/calibrate/run.js';
import { syntheticPrices } from '../../src/data/syntheticMarket.js';
import { createEngine, type Engine } from '../../src/index.js';
import { parsePolicyConfig } from '../../src/policy/config.js';
import type { PriceSeries } from '../../src/prices/types.js';

/** A synthetic BTC history whose last bar falls 37% (as BTC did on 2020-03-12). */
function crashOnLastBar(): PriceSeries {
  const [btc] = syntheticPrices({ symbols: ['BTC'], days: 700 });
  const n = btc.close.length;
  const close = Float64Array.from(btc.close);
  const low = Float64Array.from(btc.low);
  const open = Float64Array.from(btc.open);
  const high = Float64Array.from(btc.high);
  open[n - 1] = close[n - 2];
  high[n - 1] = close[n - 2];
  close[n - 1] = 0.63 * close[n - 2];
  low[n - 1] = close[n - 1];
  return { ...btc, open, high, low, close };
}

const plain = parsePolicyConfig({
  base: { measure: 'var', varConfidence: 0.99, horizonDays: 2 },
  antiProcyclicality: { mode: 'none' },
  regimes: { upThresholds: [], downThresholds: [], multipliers: [1] },
  volatility: { floor: 0 },
  velocity: { releaseDelayDays: 0, maxDailyRise: 1000 },
});

describe('today\'s rate (#17.1)', () => {
  let engine: Engine;
  const btc = crashOnLastBar();
  const n = btc.close.length;
  let todayVol: number;
  beforeAll(async () => {
    engine = await createEngine({ threads: 1 });
    const [series] = await engine.volatility([btc], { estimator: 'ewma', window: 30, lambda: 0.94 });
    const last = series.points.at(-1)!;
    expect(last.date).toBe(btc.dates[n - 1]);
    todayVol = last.vol;
  });
  afterAll(() => engine.close());

  it('walkForward: the latest rate is set on the last bar, from its volatility; the backtest rows stop 2 days earlier', async () => {
    const vol = await engine.volatilityPanel([btc], { estimator: 'ewma', window: 30 });
    const w = walkForward(btc, vol, { config: plain });
    expect(w.index.at(-1)).toBe(n - 3);
    expect(w.latest.date).toBe(btc.dates[n - 1]);
    expect(w.latest.vol).toBe(todayVol);
    // plain 99% VaR of a long over 2 days: 1 - exp(-z sigma sqrt(2/365))
    expect(w.latest.rate).toBeCloseTo(1 - Math.exp(-2.3263478740408408 * todayVol * Math.sqrt(2 / 365)), 14);
    expect(w.latest.rate).toBeCloseTo(normalMarginRate(todayVol, 'long', { ...plain.base, annualization: 365 }), 14);
  });

  it('calibrate: current vol and rate, and the account margins, use the last bar', async () => {
    const portfolio = {
      instruments: [{ id: 'BTC-PERP', kind: 'perpetual' as const, underlying: 'BTC' }],
      accounts: [{ id: 'alice', collateral: { USD: 1_000_000 }, positions: [{ instrument: 'BTC-PERP', quantity: 1 }] }],
    };
    const r = await runCalibration(engine, [btc], portfolio, { config: plain, scenarios: 4000 });
    const a = r.assets[0];
    expect(a.current.date).toBe(btc.dates[n - 1]);
    expect(a.current.vol).toBe(todayVol);
    expect(a.current.rateLong).toBeCloseTo(1 - Math.exp(-2.3263478740408408 * todayVol * Math.sqrt(2 / 365)), 14);
    expect(r.book!.market.vol[0]).toBe(todayVol);
    // the account's VaR is that of a one-asset market at today's close and today's vol
    const direct = await engine.valueAtRisk(portfolio, {
      asOf: r.book!.market.asOf, rate: 0, underlyings: [{ symbol: 'BTC', spot: btc.close[n - 1], vol: todayVol }], correlation: [[1]],
    }, { scenarios: 4000, seed: 1, confidence: 0.99, esConfidence: 0.975, horizonDays: 2 });
    expect(r.book!.risk.accounts[0].var).toBe(direct.accounts[0].var);
    expect(r.book!.accounts[0].initialMarginUsd).toBeGreaterThanOrEqual(direct.accounts[0].var);
  });
});
