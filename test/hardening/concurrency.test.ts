// Library misuse under concurrency (issue "Hardening II", items 1 and 2): two reprices of one book
// at once, and release() while a reprice runs. Every figure is checked against a fresh book on a
// separate engine, computed one call at a time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/index.js';
import { figures, market, portfolio } from './helpers.js';

const options = { scenarios: 20_000, seed: 5 } as const;
type MarketJson = typeof market;
const moved = (spotFactor: number, volFactor: number): MarketJson => ({
  ...market,
  underlyings: market.underlyings.map((u: { spot: number; vol: number }) => ({ ...u, spot: u.spot * spotFactor, vol: u.vol * volFactor })),
});
const up = moved(1.04, 1.3);
const down = moved(0.93, 0.8);

describe('concurrent use of one book', () => {
  let engine: Engine;
  let reference: Engine;
  beforeAll(async () => {
    engine = await createEngine({ threads: 2 });
    reference = await createEngine({ threads: 1 });
  });
  afterAll(async () => {
    await engine.close();
    await reference.close();
  });

  it('two reprices at once resolve in call order, each with the figures of a fresh book on its market', async () => {
    const [expectUp, expectDown] = [figures(await reference.valueAtRisk(portfolio, up, options)), figures(await reference.valueAtRisk(portfolio, down, options))];
    const book = await engine.book(portfolio, market, options);
    try {
      const order: string[] = [];
      const first = book.reprice(up).then((r) => (order.push('up'), figures(r)));
      const second = book.reprice(down).then((r) => (order.push('down'), figures(r)));
      const [a, b] = await Promise.all([first, second]);
      expect(order).toEqual(['up', 'down']);
      expect(a).toEqual(expectUp);
      expect(b).toEqual(expectDown);
      expect(figures(book.result)).toEqual(expectDown);
    } finally {
      await book.release();
    }
  });

  it('a queued reprice whose signal aborts while it waits rejects; the running one completes', async () => {
    const book = await engine.book(portfolio, market, options);
    try {
      const controller = new AbortController();
      const first = book.reprice(up);
      const second = book.reprice(down, { signal: controller.signal });
      controller.abort();
      expect(figures(await first)).toEqual(figures(await reference.valueAtRisk(portfolio, up, options)));
      await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    } finally {
      await book.release();
    }
  });

  it('release() during a reprice waits for the running kernel calls: an unrelated valueAtRisk on the engine stays right', async () => {
    const other = { ...options, seed: 11, horizonDays: 2 };
    const expected = figures(await reference.valueAtRisk(portfolio, down, other));
    for (let attempt = 0; attempt < 4; attempt++) {
      const book = await engine.book(portfolio, market, options);
      const repricing = book.reprice(attempt % 2 ? up : down).then(() => 'resolved', (e: Error) => e.message);
      await new Promise((r) => setTimeout(r, attempt * 3));
      const released = book.release();
      const after = await engine.valueAtRisk(portfolio, down, other);
      expect(figures(after)).toEqual(expected);
      await released;
      expect(await repricing).toMatch(/^(resolved|dynamargin: this book was released during the reprice)$/);
      await expect(book.reprice(up)).rejects.toThrow(/^dynamargin: this book was released$/);
    }
  });
});
