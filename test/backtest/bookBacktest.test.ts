// Walk-forward book backtest: realized P&L from the next day's prices (a perpetual's is notional x
// the return; a long call + short put is a forward by put-call parity, whatever the vols), VaR of a
// one-perp book against the closed form at that day's EWMA vol, exceptions counted from the series,
// the same figures on 1 and 2 threads, and clear errors for bad books.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookBacktest } from '../../src/backtest/bookBacktest.js';
import { parseBookSpec, type BookSpec } from '../../src/backtest/bookSpec.js';
import { syntheticPrices } from '../../src/data/syntheticMarket.js';
import { calibrateMarket } from '../../src/market/calibrate.js';
import { createEngine, type Engine, InputError, type PriceSeries } from '../../src/index.js';

const Z99 = 2.3263478740408408; // scipy.stats.norm.ppf(0.99)
const prices = syntheticPrices({ symbols: ['BTC', 'ETH'], days: 560 });
/** A made-up implied vol (percent) that moves every day, on BTC's dates. */
const btcIv: PriceSeries = { ...prices[0], symbol: 'BTC', close: Float64Array.from(prices[0].close, (_, t) => 55 + 15 * Math.sin(t / 9)) };
const implied = new Map([['BTC', btcIv]]);
const FROM = prices[0].dates[420]; // after the 365 days of history the first calibration needs
const OPTS = { scenarios: 20_000, lookbackDays: 365 };

const spec: BookSpec = parseBookSpec(
  {
    books: [
      { id: 'perp', positions: [{ underlying: 'BTC', kind: 'perpetual', notionalUsd: 1e6 }] },
      {
        id: 'forward',
        positions: [
          { underlying: 'BTC', kind: 'option', right: 'call', moneyness: 1.1, expiryDays: 30, notionalUsd: 1e6 },
          { underlying: 'BTC', kind: 'option', right: 'put', moneyness: 1.1, expiryDays: 30, notionalUsd: -1e6 },
        ],
      },
      { id: 'pair', positions: [{ underlying: 'BTC', kind: 'perpetual', notionalUsd: 1e6 }, { underlying: 'ETH', kind: 'perpetual', notionalUsd: -8e5 }] },
    ],
  },
  'book.json',
);

describe('bookBacktest', () => {
  let one: Engine;
  let two: Engine;
  beforeAll(async () => {
    [one, two] = await Promise.all([createEngine({ threads: 1 }), createEngine({ threads: 2 })]);
  });
  afterAll(async () => {
    await Promise.all([one.close(), two.close()]);
  });

  it('scores each day: P&L from the next close, a perp VaR at the closed form, exceptions as counted', async () => {
    const r = await bookBacktest(two, prices, implied, spec, { ...OPTS, from: FROM });
    const btc = prices[0];
    const first = btc.dates.indexOf(FROM);
    expect(r.days).toBe(btc.dates.length - 1 - first);
    const [perp, forward, pair] = r.books;
    expect(perp.dates[0]).toBe(FROM);
    for (let d = 0; d < r.days; d++) {
      const s0 = btc.close[first + d];
      const s1 = btc.close[first + d + 1];
      expect(perp.dates[d]).toBe(btc.dates[first + d]);
      expect(perp.pnl[d] / (1e6 * (s1 / s0 - 1))).toBeCloseTo(1, 12);
      // C - P = S - K at any vol and expiry: the pair is a forward of the same notional
      expect(Math.abs(forward.pnl[d] - perp.pnl[d])).toBeLessThan(1e-6 * 1e6);
      expect(Math.abs(forward.var[d] / perp.var[d] - 1)).toBeLessThan(1e-6);
    }
    // the one-perp book's VaR against 1 - exp(-z sigma sqrt(1/365)) at that day's EWMA vol
    for (const d of [0, 40, r.days - 1]) {
      const sigma = calibrateMarket([btc], { asOf: new Date(btc.times[first + d]).toISOString() }).vol[0];
      const closedForm = 1e6 * (1 - Math.exp(-Z99 * sigma * Math.sqrt(1 / 365)));
      expect(Math.abs(perp.var[d] / closedForm - 1), `day ${d}`).toBeLessThan(0.04);
    }
    for (const b of r.books) {
      const exceptions = b.pnl.filter((p, d) => -p > b.var[d]).length;
      expect(b.coverage.exceptions).toBe(exceptions);
      expect(b.coverage.observations).toBe(r.days);
      expect(b.es.every((e, d) => e >= b.var[d] * 0.9)).toBe(true);
    }
    expect(pair.var.some((v, d) => v < perp.var[d]), 'the short ETH leg hedges part of the BTC risk').toBe(true);
    expect(r.msPerDay).toBeGreaterThan(0);
  });

  it('gives the same figures on 1 and 2 threads', async () => {
    const o = { ...OPTS, from: prices[0].dates[500] };
    const [a, b] = await Promise.all([bookBacktest(one, prices, implied, spec, o), bookBacktest(two, prices, implied, spec, o)]);
    expect(a.books).toEqual(b.books);
  });

  it('refuses books it cannot value, naming the JSON path and the way out', async () => {
    const option = { underlying: 'ETH', kind: 'option', right: 'put', moneyness: 0.9, expiryDays: 30, notionalUsd: 1e5 };
    await expect(bookBacktest(one, prices, implied, parseBookSpec({ books: [{ id: 'x', positions: [option] }] }, 'b.json'), OPTS)).rejects.toThrow(
      /books\[0\]\.positions\[0\]\.underlying.*option on "ETH" needs its implied vol \(--implied ETH=FILE\)/,
    );
    const sol = { underlying: 'SOL', kind: 'perpetual', notionalUsd: 1e5 };
    await expect(bookBacktest(one, prices, implied, parseBookSpec({ books: [{ id: 'x', positions: [sol] }] }, 'b.json'), OPTS)).rejects.toThrow(/"SOL" has no price series; the prices are BTC, ETH/);
    await expect(bookBacktest(one, prices, implied, spec, { ...OPTS, from: prices[0].dates[559] })).rejects.toThrow(/only 0 days to backtest/);
    const bad = (json: unknown) => () => parseBookSpec(json, 'b.json');
    expect(bad({ books: [{ id: 'x', positions: [{ ...sol, notionalUsd: 0 }] }] })).toThrow(/b\.json.*books\[0\]\.positions\[0\]\.notionalUsd/);
    expect(bad({ books: [{ id: 'x', positions: [{ ...option, moneyness: 9 }] }] })).toThrow(/books\[0\]\.positions\[0\]\.moneyness/);
    expect(bad({ books: [{ id: 'x', positions: [sol] }, { id: 'x', positions: [sol] }] })).toThrow(/books\[1\]\.id.*duplicate book id "x"/);
    expect(bad({ books: [] })).toThrow(InputError);
  });
});
