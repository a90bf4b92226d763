// Faults: a worker that dies mid-run (process.exit or an uncaught exception in the worker thread)
// costs one retry of its group and gives bit-identical results; a second death of the same group,
// or a kernel call that raises an error, fails the whole run with an error naming the stage, frees
// the run's memory, and leaves the compute context usable. Faults come from the test-only hook
// `new KernelPool(threads, setup, { faults })` (src/pool/tasks.ts FaultPlan); the pool runs the
// built worker in dist/ (`npx tsc -p tsconfig.build.json`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Compute } from '../../src/compute.js';
import { syntheticPrices } from '../../src/data/syntheticMarket.js';
import type { KernelCall, KernelName } from '../../src/wasm/runtime.js';
import { volatilityParams } from '../../src/volatility/options.js';
import { splitByPoints } from '../../src/volatility/panel.js';
import { volatilityJob } from '../../src/wasm/volatilityJob.js';
import type { KernelPool } from '../../src/pool/pool.js';
import type { FaultPlan } from '../../src/pool/tasks.js';
import { arm, assertBuilt, computeBook, faultPlan, faultsLeft, faultyCompute, figures, market, portfolio, wasmModule } from './helpers.js';

beforeAll(() => assertBuilt('pool'));

const OPTIONS = { scenarios: 3000, seed: 5, horizonDays: 2, model: 'student-t' } as const;

describe('a worker dies mid-run', () => {
  let clean: number[][];
  beforeAll(async () => {
    const local = await Compute.create(1, 'wasm', await wasmModule());
    const book = await computeBook(local, OPTIONS);
    clean = figures(book.result);
    book.release();
  });

  // kernel and calls run before the fault: stage A groups are [scenarioReturns, transposeScenarios,
  // instrumentPnl], so afterCalls 1 and 2 die with the group's outputs half written
  const cases: [string, KernelName, number, FaultPlan['how']][] = [
    ['exit before any call of a stage A group', 'instrumentPnl', 0, 'exit'],
    ['exit after scenarioReturns wrote its rows', 'instrumentPnl', 1, 'exit'],
    ['exit after instrumentPnl wrote its P&L (the whole group runs twice)', 'instrumentPnl', 3, 'exit'],
    ['uncaught exception after transposeScenarios', 'instrumentPnl', 2, 'crash'],
    ['exit after a stage B group wrote its accounts', 'accountRiskBlocked', 1, 'exit'],
    ['uncaught exception in a stage B group', 'accountRiskBlocked', 0, 'crash'],
  ];

  it.each(cases)('%s: retried once, results bit-identical to a clean run', async (_, kernel, afterCalls, how) => {
    const plan = faultPlan({ kernel, afterCalls, how, group: 1 });
    const { compute, pool } = await faultyCompute(2, plan);
    try {
      const baseline = compute.heap.allocatedBytes;
      arm(plan, 1);
      const book = await computeBook(compute, OPTIONS);
      expect(faultsLeft(plan)).toBe(0); // the fault fired
      expect(pool.retries).toBe(1);
      expect(figures(book.result)).toEqual(clean);
      book.release();
      expect(compute.heap.allocatedBytes).toBe(baseline);
    } finally {
      await compute.close();
    }
  });

  it('a tracked reprice (price tick) whose stage B group dies after writing its accounts: retried, bit-identical', async () => {
    const moved = structuredClone(market);
    moved.underlyings.forEach((u: { spot: number }, i: number) => (u.spot *= 1 + 0.002 * (i % 3 - 1)));
    const local = await Compute.create(1, 'wasm', await wasmModule());
    const reference = await computeBook(local, OPTIONS);
    const expected = figures(await reference.reprice(moved));
    reference.release();
    await local.close();
    const plan = faultPlan({ kernel: 'accountRiskTracked', afterCalls: 1, how: 'exit', group: 1 });
    const { compute, pool } = await faultyCompute(2, plan);
    try {
      const book = await computeBook(compute, OPTIONS);
      arm(plan, 1);
      // the retried group starts again from the state its first run left: still valid bounds
      const repriced = await book.reprice(moved);
      expect(faultsLeft(plan)).toBe(0);
      expect(pool.retries).toBe(1);
      expect(repriced.meta.accountsInFull).toBeLessThan(portfolio.accounts.length);
      expect(figures(repriced)).toEqual(expected);
      book.release();
    } finally {
      await compute.close();
    }
  });

  describe('retries exhausted, kernel errors', () => {
    let compute: Compute;
    let pool: KernelPool;
    const plan = faultPlan({ kernel: 'instrumentPnl', afterCalls: 1, how: 'exit', group: 0 });
    beforeAll(async () => ({ compute, pool } = await faultyCompute(3, plan)));
    afterAll(() => compute.close());

    it('the same group dying twice rejects the run, naming the stage; memory freed; the next run works', async () => {
      const baseline = compute.heap.allocatedBytes;
      arm(plan, 2);
      const run = computeBook(compute, OPTIONS);
      await expect(run).rejects.toThrow(
        /^dynamargin: stage A \(scenarios and instrument P&L\) failed: a worker died twice running group 1 of 12 \(worker exited with code: 70, then worker exited with code: 70\); the run was stopped and no partial results were returned$/,
      );
      await expect(run).rejects.toMatchObject({ name: 'KernelRunError', stage: 'stage A (scenarios and instrument P&L)' });
      expect(faultsLeft(plan)).toBe(0);
      expect(compute.heap.allocatedBytes).toBe(baseline);
      // the pool replaced its dead workers: the next run completes, with the clean figures
      const book = await computeBook(compute, OPTIONS);
      expect(figures(book.result)).toEqual(clean);
      book.release();
      expect(compute.heap.allocatedBytes).toBe(baseline);
    });

    it('a kernel error is not retried: the run fails at once with the kernel and stage named', async () => {
      const throwing = faultPlan({ kernel: 'accountRiskBlocked', how: 'throw', group: 2 });
      const faulty = await faultyCompute(2, throwing);
      try {
        const baseline = faulty.compute.heap.allocatedBytes;
        arm(throwing, 5);
        const run = computeBook(faulty.compute, OPTIONS);
        await expect(run).rejects.toThrow(
          /^dynamargin: stage B \(account losses and tails\) failed: kernel accountRiskBlocked raised Error: injected kernel error \(test fault\) \(call 1 of group 3 of \d+\); the run was stopped/,
        );
        expect(faultsLeft(throwing)).toBe(4); // one fault, no retry
        expect(faulty.pool.retries).toBe(0);
        expect(faulty.compute.heap.allocatedBytes).toBe(baseline);
        arm(throwing, 0);
        const book = await computeBook(faulty.compute, OPTIONS);
        expect(figures(book.result)).toEqual(clean);
        book.release();
      } finally {
        await faulty.compute.close();
      }
    });

    it('rolling volatility: a lost worker is retried; twice lost fails naming the stage', async () => {
      const prices = syntheticPrices({ days: 300 });
      const params = volatilityParams({ estimator: 'yang-zhang', window: 20 });
      const volPlan = faultPlan({ kernel: 'rollingVolatility', afterCalls: 1, how: 'exit', group: 1 });
      const local = await Compute.create(1, 'wasm', await wasmModule());
      const faulty = await faultyCompute(2, volPlan);
      const bounds = splitByPoints(prices.map((s) => s.close.length), 2);
      const runOn = async (c: Compute) => {
        const job = volatilityJob(c.heap, prices, params);
        try {
          await c.run(job.calls(bounds), { stage: 'rolling volatility' });
          return job.result();
        } finally {
          job.release();
        }
      };
      try {
        const expected = await runOn(local);
        arm(volPlan, 1);
        expect(await runOn(faulty.compute)).toEqual(expected);
        expect(faulty.pool.retries).toBe(1);
        arm(volPlan, 2);
        await expect(runOn(faulty.compute)).rejects.toThrow(/^dynamargin: rolling volatility failed: a worker died twice running group 2 of 2/);
        expect(faulty.compute.heap.allocatedBytes).toBe(0);
        expect(await runOn(faulty.compute)).toEqual(expected);
      } finally {
        await faulty.compute.close();
      }
    });
  });

  it('every kernel call is idempotent: each group run twice in a row gives bit-identical results', async () => {
    // what makes a retry safe: a call writes only its outputs, from inputs it does not write
    const twice: (calls: KernelCall[][]) => KernelCall[][] = (groups) => groups.map((g) => [...g, ...g]);
    const local = await Compute.create(1, 'wasm', await wasmModule());
    const doubled = Object.create(local) as Compute;
    doubled.run = (groups, options) => local.run(twice(groups), options);
    const book = await computeBook(doubled, OPTIONS);
    expect(figures(book.result)).toEqual(clean);
    book.release();
    const normal = await computeBook(doubled, { ...OPTIONS, model: 'normal' });
    const normalClean = await computeBook(local, { ...OPTIONS, model: 'normal' });
    expect(figures(normal.result)).toEqual(figures(normalClean.result));
    normal.release();
    normalClean.release();
    const prices = syntheticPrices({ days: 200 });
    for (const estimator of ['close', 'ewma', 'parkinson', 'garman-klass', 'rogers-satchell', 'yang-zhang'] as const) {
      const params = volatilityParams({ estimator, window: 10 });
      const out: Float64Array[] = [];
      for (const c of [local, doubled]) {
        const job = volatilityJob(local.heap, prices, params);
        await c.run(job.calls(splitByPoints(prices.map((s) => s.close.length), 2)));
        out.push(job.result());
        job.release();
      }
      expect(out[1]).toEqual(out[0]);
    }
  });
});
