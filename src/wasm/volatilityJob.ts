/** Memory layout of a rolling-volatility run: the panel (see src/volatility/types.ts) placed in kernel memory. */
import type { PriceSeries } from '../prices/types.js';
import { CLOSE_ONLY, estimatorCode, type VolatilityParams } from '../volatility/types.js';
import type { Heap } from './heap.js';
import type { KernelCall } from './runtime.js';

export interface VolatilityJob {
  /** One `rollingVolatility` call per group of series [bounds[g], bounds[g+1]). */
  calls(bounds: readonly number[]): KernelCall[][];
  /** Copy of the output: annualized vol per point, NaN where undefined. */
  result(): Float64Array;
  /** Give the job's memory back to the heap. */
  release(): void;
}

export function volatilityJob(heap: Heap, series: readonly PriceSeries[], params: VolatilityParams): VolatilityJob {
  const nSeries = series.length;
  const offsets = new Int32Array(nSeries + 1);
  for (let s = 0; s < nSeries; s++) offsets[s + 1] = offsets[s] + series[s].close.length;
  const total = offsets[nSeries];
  const fields = CLOSE_ONLY.has(params.estimator) ? (['close'] as const) : (['open', 'high', 'low', 'close'] as const);
  const offsetsPtr = heap.allocCopy(offsets);
  const ptr: Record<string, number> = { open: 0, high: 0, low: 0, close: 0 };
  for (const field of fields) {
    ptr[field] = heap.alloc(8 * total);
    const flat = heap.f64(ptr[field], total);
    series.forEach((s, i) => flat.set(s[field], offsets[i]));
  }
  const outPtr = heap.alloc(8 * Math.max(total, 1));
  const blocks = [offsetsPtr, outPtr, ...fields.map((f) => ptr[f])];
  return {
    calls: (bounds) =>
      bounds.slice(0, -1).map((from, g) => [
        {
          kernel: 'rollingVolatility',
          args: [
            estimatorCode(params.estimator), bounds[g + 1] - from, offsetsPtr + 4 * from,
            ptr.open, ptr.high, ptr.low, ptr.close, params.window, params.lambda, params.annualization, outPtr,
          ],
        },
      ]),
    result: () => heap.f64(outPtr, total).slice(),
    release: () => blocks.forEach((p) => heap.release(p)),
  };
}
