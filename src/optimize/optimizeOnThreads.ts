/**
 * optimizePolicy on worker threads (Node): each asset's sides are independent tasks on a Piscina
 * pool, the result is assembled in input order, so it is identical to the one-thread run.
 */
import { Piscina } from 'piscina';
import type { PriceSeries } from '../prices/types.js';
import { assemble, resolveOptimizeOptions, type OptimizeOptions, type PolicyOptimization } from './optimizePolicy.js';
import type { SideCalibration } from './calibrateSide.js';

const WORKER_URL = new URL('../../dist/optimize/sideWorker.js', import.meta.url);

export async function optimizePolicyOnThreads(prices: readonly PriceSeries[], options: OptimizeOptions, threads: number): Promise<PolicyOptimization> {
  const { onProgress, ...rest } = options;
  const o = resolveOptimizeOptions(rest);
  const pool = new Piscina({ filename: WORKER_URL.href, minThreads: threads, maxThreads: threads });
  let done = 0;
  try {
    const tasks = prices.flatMap((series) =>
      (['long', 'short'] as const).map(async (side) => {
        const result = (await pool.run({ series, side, options: o })) as SideCalibration;
        onProgress?.(++done / (2 * prices.length));
        return result;
      }),
    );
    const results = await Promise.all(tasks);
    return assemble(prices, prices.map((_, i) => ({ long: results[2 * i], short: results[2 * i + 1] })), { ...o, onProgress });
  } finally {
    await pool.destroy();
  }
}
