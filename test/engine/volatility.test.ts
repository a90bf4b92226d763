// Engine-level behaviour of `volatility`: thread-count and backend independence, output shape, option checks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine, ESTIMATORS, InputError, type PriceSeries } from '../../src/index.js';
import { firstDefinedIndex } from '../../src/volatility/types.js';

/** A seeded random-walk OHLC series (mulberry32), long enough for several windows. */
function series(symbol: string, n: number, seed: number): PriceSeries {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const s: PriceSeries = {
    symbol,
    dates: [],
    times: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
  };
  let prev = 100;
  for (let i = 0; i < n; i++) {
    const open = prev * Math.exp(0.002 * (rand() - 0.5));
    const close = open * Math.exp(0.05 * (rand() - 0.5));
    s.open[i] = open;
    s.close[i] = close;
    s.high[i] = Math.max(open, close) * (1 + 0.01 * rand());
    s.low[i] = Math.min(open, close) * (1 - 0.01 * rand());
    s.times[i] = Date.UTC(2020, 0, 1) + i * 86_400_000;
    s.dates.push(new Date(s.times[i]).toISOString().slice(0, 10));
    prev = close;
  }
  return s;
}

const book = [series('AAA', 500, 1), series('BBB', 20, 2), series('CCC', 1200, 3), series('DDD', 5, 4), series('EEE', 700, 5)];

describe('engine.volatility', () => {
  const engines: Record<string, Engine> = {};
  beforeAll(async () => {
    engines.wasm1 = await createEngine({ threads: 1 });
    engines.wasm2 = await createEngine({ threads: 2 });
    engines.wasm3 = await createEngine({ threads: 3 });
    engines.ts2 = await createEngine({ threads: 2, backend: 'ts' });
  });
  afterAll(async () => {
    await Promise.all(Object.values(engines).map((e) => e.close()));
  });

  it.each(ESTIMATORS)('%s: bit-identical for 1, 2 and 3 threads', async (estimator) => {
    const [one, two, three] = await Promise.all(
      [engines.wasm1, engines.wasm2, engines.wasm3].map((e) => e.volatilityPanel(book, { estimator, window: 20 })),
    );
    expect(Buffer.from(two.buffer).equals(Buffer.from(one.buffer))).toBe(true);
    expect(Buffer.from(three.buffer).equals(Buffer.from(one.buffer))).toBe(true);
  });

  it.each(ESTIMATORS)('%s: Wasm and TS backends agree to 1e-12 relative', async (estimator) => {
    const wasm = await engines.wasm2.volatilityPanel(book, { estimator, window: 10 });
    const ts = await engines.ts2.volatilityPanel(book, { estimator, window: 10 });
    let defined = 0;
    for (let i = 0; i < wasm.length; i++) {
      expect(Number.isNaN(ts[i])).toBe(Number.isNaN(wasm[i]));
      if (Number.isNaN(wasm[i])) continue;
      defined++;
      expect(Math.abs(wasm[i] - ts[i])).toBeLessThanOrEqual(1e-12 * Math.abs(ts[i]));
    }
    expect(defined).toBeGreaterThan(2000);
  });

  it.each(ESTIMATORS)('%s: one result per series with points from the first defined index, dates as given', async (estimator) => {
    const window = 20;
    const results = await engines.wasm2.volatility(book, { estimator, window });
    expect(results.map((r) => r.symbol)).toEqual(book.map((s) => s.symbol));
    results.forEach((r, i) => {
      const first = firstDefinedIndex(estimator, window);
      expect(r.estimator).toBe(estimator);
      expect(r.window).toBe(window);
      expect(r.points.length).toBe(Math.max(0, book[i].close.length - first));
      if (r.points.length) expect(r.points[0].date).toBe(book[i].dates[first]);
      for (const p of r.points) expect(p.vol).toBeGreaterThanOrEqual(0);
    });
  });

  it('writes into a caller-provided output array when given one', async () => {
    const total = book.reduce((n, s) => n + s.close.length, 0);
    const out = new Float64Array(total).fill(-1);
    const returned = await engines.wasm2.volatilityPanel(book, { estimator: 'close', window: 20 }, out);
    expect(returned).toBe(out);
    const fresh = await engines.wasm2.volatilityPanel(book, { estimator: 'close', window: 20 });
    expect(Buffer.from(out.buffer).equals(Buffer.from(fresh.buffer))).toBe(true);
    await expect(engines.wasm2.volatilityPanel(book, { estimator: 'close' }, new Float64Array(3))).rejects.toThrow(/out has 3 points/);
  });

  it('rejects bad options with InputError naming the option', async () => {
    await expect(engines.wasm1.volatility(book, { window: 1 })).rejects.toThrow(/window: must be an integer >= 2/);
    await expect(engines.wasm1.volatility(book, { lambda: 1 })).rejects.toThrow(InputError);
    await expect(engines.wasm1.volatility(book, { annualization: -1 })).rejects.toThrow(/annualization/);
    // @ts-expect-error unknown estimator on purpose
    await expect(engines.wasm1.volatility(book, { estimator: 'hl' })).rejects.toThrow(/estimator: must be one of/);
    await expect(createEngine({ threads: 0 })).rejects.toThrow(/threads: must be an integer >= 1/);
  });

  it('refuses work after close', async () => {
    const e = await createEngine({ threads: 1 });
    await e.close();
    await expect(e.volatility(book)).rejects.toThrow(/closed/);
  });
});
