// Cancellation: `signal` and `timeoutMs` on volatility / valueAtRisk / book / reprice. An aborted
// run starts no further group, waits for the running ones (a kernel call cannot be interrupted),
// frees its kernel memory and rejects with AbortError (TimeoutError for a deadline); the engine
// stays usable. Resources come back after 1,000 runs mixing normal, aborted and failing runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticPrices } from '../../src/data/syntheticMarket.js';
import { createEngine, type Engine, InputError } from '../../src/index.js';
import type { KernelPool } from '../../src/pool/pool.js';
import { arm, computeBook, faultPlan, faultyCompute, figures, heapOf, market, portfolio } from './helpers.js';

const OPTIONS = { scenarios: 2000, seed: 9 } as const;
const prices = syntheticPrices({ days: 400 });

/** Abort `controller` when the first group of kernel calls completes. */
function abortAfterFirstGroup(controller: AbortController) {
  return () => {
    if (!controller.signal.aborted) controller.abort();
  };
}

describe.each([1, 2])('cancellation, %i thread(s)', (threads) => {
  let engine: Engine;
  let clean: number[][];
  let baseline: number;
  beforeAll(async () => {
    engine = await createEngine({ threads });
    baseline = heapOf(engine).allocatedBytes;
    clean = figures(await engine.valueAtRisk(portfolio, market, OPTIONS));
  });
  afterAll(() => engine.close());

  it('an already aborted signal rejects before any work, with AbortError', async () => {
    const controller = new AbortController();
    controller.abort();
    const run = engine.valueAtRisk(portfolio, market, { ...OPTIONS, signal: controller.signal });
    await expect(run).rejects.toMatchObject({ name: 'AbortError', message: 'dynamargin: valueAtRisk was aborted' });
    await expect(engine.volatility(prices, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    await expect(engine.book(portfolio, market, { ...OPTIONS, signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(heapOf(engine).allocatedBytes).toBe(baseline);
  });

  it('abort mid-run: rejects with AbortError carrying the reason, memory freed, next run identical', async () => {
    const controller = new AbortController();
    const run = engine.valueAtRisk(portfolio, market, { ...OPTIONS, signal: controller.signal, onProgress: abortAfterFirstGroup(controller) });
    const err = await run.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ name: 'AbortError', message: 'dynamargin: valueAtRisk was aborted' });
    expect((err as Error).cause).toMatchObject({ name: 'AbortError' }); // the signal's own reason
    expect(heapOf(engine).allocatedBytes).toBe(baseline);
    expect(figures(await engine.valueAtRisk(portfolio, market, OPTIONS))).toEqual(clean);
  });

  it('a deadline passed mid-run rejects with TimeoutError naming it', async () => {
    // big enough to outlast 5 ms
    const run = engine.valueAtRisk(portfolio, market, { scenarios: 100_000, timeoutMs: 5 });
    await expect(run).rejects.toMatchObject({ name: 'TimeoutError', message: 'dynamargin: valueAtRisk timed out after 5 ms' });
    expect(heapOf(engine).allocatedBytes).toBe(baseline);
    // a run whose groups all complete returns its (complete) result even if the deadline passed meanwhile
    const vol = await engine.volatility(prices, { estimator: 'yang-zhang', timeoutMs: 60_000 });
    expect(vol.length).toBe(prices.length);
  });

  it('AbortSignal.timeout(ms) also gives TimeoutError; a generous deadline changes nothing', async () => {
    const run = engine.book(portfolio, market, { scenarios: 100_000, signal: AbortSignal.timeout(5) });
    await expect(run).rejects.toMatchObject({ name: 'TimeoutError', message: 'dynamargin: book timed out' });
    const r = await engine.valueAtRisk(portfolio, market, { ...OPTIONS, timeoutMs: 60_000, signal: new AbortController().signal });
    expect(figures(r)).toEqual(clean);
    expect(heapOf(engine).allocatedBytes).toBe(baseline);
  });

  it('a cancelled reprice keeps the previous result; the book refuses updates until a reprice succeeds', async () => {
    const book = await engine.book(portfolio, market, { scenarios: 100_000 });
    try {
      const before = figures(book.result);
      const id = portfolio.accounts[0].id;
      // cancelled before it starts: nothing changed, the book stays usable
      await expect(book.reprice(market, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError', message: 'dynamargin: reprice was aborted' });
      expect(book.updateAccount(id, portfolio.accounts[0].positions).var).toBe(before[0][0]);
      // cancelled mid-run: the P&L cache is half updated
      await expect(book.reprice(market, { timeoutMs: 5 })).rejects.toMatchObject({ name: 'TimeoutError', message: 'dynamargin: reprice timed out after 5 ms' });
      expect(figures(book.result)).toEqual(before);
      expect(() => book.updateAccount(id, [])).toThrow(/^dynamargin: the last reprice of this book failed or was cancelled; reprice it again before using it$/);
      expect(() => book.instrumentPnl(portfolio.instruments[0].id)).toThrow(/reprice it again/);
      expect(figures(await book.reprice(market))).toEqual(before);
      expect(book.updateAccount(id, portfolio.accounts[0].positions).var).toBe(before[0][0]);
    } finally {
      book.release();
    }
    expect(heapOf(engine).allocatedBytes).toBe(baseline);
  });

  it('a throwing onProgress callback fails the run with its own error; memory freed; engine usable', async () => {
    const oops = new Error('progress bar broke');
    const run = engine.valueAtRisk(portfolio, market, { ...OPTIONS, onProgress: () => { throw oops; } });
    await expect(run).rejects.toBe(oops);
    expect(heapOf(engine).allocatedBytes).toBe(baseline);
    expect(figures(await engine.valueAtRisk(portfolio, market, OPTIONS))).toEqual(clean);
  });

  it('bad cancellation options are input errors naming the option', async () => {
    for (const timeoutMs of [0, -5, Number.NaN, Infinity, '10' as unknown as number]) {
      await expect(engine.valueAtRisk(portfolio, market, { ...OPTIONS, timeoutMs })).rejects.toThrow(/^timeoutMs: must be a number of milliseconds in \(0, 2\^31\); got /);
    }
    await expect(engine.volatility(prices, { timeoutMs: 0 })).rejects.toBeInstanceOf(InputError);
    await expect(engine.book(portfolio, market, { signal: {} as AbortSignal })).rejects.toThrow(/^signal: must be an AbortSignal$/);
    expect(heapOf(engine).allocatedBytes).toBe(baseline);
  });
});

it('an aborted pool run settles only after its running groups have finished', async () => {
  const plan = faultPlan({ kernel: 'instrumentPnl', how: 'exit' }); // never armed: no faults
  const { compute, pool } = await faultyCompute(2, plan);
  try {
    const piscina = (pool as unknown as { piscina: { completed: number; queueSize: number } }).piscina;
    const controller = new AbortController();
    const run = computeBook(compute, { scenarios: 40_000 }, controller.signal);
    setTimeout(() => controller.abort(), 20);
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    const completed = piscina.completed;
    expect(piscina.queueSize).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(piscina.completed).toBe(completed); // nothing was still running on the freed memory
    expect(compute.heap.allocatedBytes).toBe(0);
  } finally {
    await compute.close();
  }
});

describe('resources after 1,000 runs', () => {
  it('heap back to its baseline after every run; RSS flat between run 100 and run 1,000', async () => {
    const engine = await createEngine({ threads: 2 });
    const throwing = faultPlan({ kernel: 'instrumentPnl', how: 'throw' });
    const { compute: faulty, pool } = await faultyCompute(2, throwing);
    try {
      const heap = heapOf(engine);
      const baseline = heap.allocatedBytes;
      const small = { scenarios: 1000, seed: 2 } as const;
      const expected = figures(await engine.valueAtRisk(portfolio, market, small));
      const badMarket = { ...market, correlation: market.correlation.map((row: number[]) => row.map((x) => x * 2)) };
      const outcomes: Record<string, number> = {};
      let rssAt100 = 0;
      for (let i = 0; i < 1000; i++) {
        const kind = i % 10;
        const controller = new AbortController();
        let outcome: string;
        try {
          if (kind === 0 || kind === 5) {
            const r = await engine.valueAtRisk(portfolio, market, { ...small, timeoutMs: 60_000 });
            if (i % 100 === 0) expect(figures(r)).toEqual(expected);
            outcome = 'ok';
          } else if (kind === 1) {
            const book = await engine.book(portfolio, market, small);
            book.updateAccount(portfolio.accounts[1].id, portfolio.accounts[2].positions);
            book.release();
            outcome = 'ok';
          } else if (kind === 2) {
            await engine.volatility(prices, { estimator: 'garman-klass', signal: controller.signal });
            outcome = 'ok';
          } else if (kind === 3) {
            await engine.valueAtRisk(portfolio, market, { ...small, signal: controller.signal, onProgress: abortAfterFirstGroup(controller) });
            outcome = 'resolved';
          } else if (kind === 4) {
            controller.abort();
            await engine.volatility(prices, { signal: controller.signal });
            outcome = 'resolved';
          } else if (kind === 6) {
            await engine.valueAtRisk(portfolio, badMarket, small);
            outcome = 'resolved';
          } else if (kind === 7) {
            await engine.valueAtRisk(portfolio, market, { ...small, memoryLimitBytes: 1e5 });
            outcome = 'resolved';
          } else if (kind === 8) {
            await engine.book(portfolio, market, { ...small, confidence: 1.5 });
            outcome = 'resolved';
          } else {
            arm(throwing, i % 20 === 9 ? 1 : 0); // every other one: a kernel error in stage A
            const book = await computeBook(faulty, small);
            book.release();
            outcome = 'ok';
          }
        } catch (err) {
          outcome = (err as Error).name;
        }
        outcomes[`${kind}:${outcome}`] = (outcomes[`${kind}:${outcome}`] ?? 0) + 1;
        expect(heap.allocatedBytes).toBe(baseline);
        expect(faulty.heap.allocatedBytes).toBe(0);
        if (i === 99) rssAt100 = process.memoryUsage().rss;
      }
      const growthMiB = (process.memoryUsage().rss - rssAt100) / 2 ** 20;
      expect(outcomes).toEqual({
        '0:ok': 100, '1:ok': 100, '2:ok': 100, '3:AbortError': 100, '4:AbortError': 100, '5:ok': 100,
        '6:InputError': 100, '7:InputError': 100, '8:InputError': 100, '9:KernelRunError': 50, '9:ok': 50,
      });
      expect(pool.retries).toBe(0);
      // no --expose-gc in vitest workers: a generous bound (a leak of one small book per run,
      // ~0.6 MB of kernel memory each, would exceed it many times over)
      expect(growthMiB).toBeLessThan(32); // measured: about 11 MiB
    } finally {
      await engine.close();
      await faulty.close();
    }
  });
});
