/** Memory layout of a rolling-volatility run: the panel (see src/volatility/types.ts) placed in kernel memory. */
import type { PriceSeries } from '../prices/types.js';
import { CLOSE_ONLY, estimatorCode, type Estimator, type VolatilityParams } from '../volatility/types.js';
import type { Heap } from './heap.js';
import type { KernelCall } from './runtime.js';

export interface VolatilityJob {
  /** One `rollingVolatility` call per group of series [bounds[g], bounds[g+1]). */
  calls(bounds: readonly number[]): KernelCall[][];
  /** The output (annualized vol per point, NaN where undefined) copied into `out`, or into a new array. */
  result(out?: Float64Array): Float64Array;
  /** Give the job's memory back to the heap. */
  release(): void;
}

type PriceField = 'open' | 'high' | 'low' | 'close';

/** The price arrays an estimator reads (the kernel gets 0 for the others, and they are not copied). */
function fieldsOf(estimator: Estimator): readonly PriceField[] {
  if (CLOSE_ONLY.has(estimator)) return ['close'];
  if (estimator === 'parkinson') return ['high', 'low'];
  return ['open', 'high', 'low', 'close'];
}

/**
 * Bytes of the scratch block one `rollingVolatility` call needs when its longest series has
 * `maxLength` points: 4 working arrays of maxLength + 2 f64 (see assembly/volatility.ts).
 */
export function volatilityScratchBytes(maxLength: number): number {
  return 4 * 8 * (maxLength + 2);
}

export function volatilityJob(heap: Heap, series: readonly PriceSeries[], params: VolatilityParams): VolatilityJob {
  const nSeries = series.length;
  const offsets = new Int32Array(nSeries + 1);
  for (let s = 0; s < nSeries; s++) offsets[s + 1] = offsets[s] + series[s].close.length;
  const total = offsets[nSeries];
  const fields = fieldsOf(params.estimator);
  const offsetsPtr = heap.allocCopy(offsets);
  const ptr: Record<string, number> = { open: 0, high: 0, low: 0, close: 0 };
  for (const field of fields) {
    ptr[field] = heap.alloc(8 * total);
    const flat = heap.f64(ptr[field], total);
    series.forEach((s, i) => flat.set(s[field], offsets[i]));
  }
  const outPtr = heap.alloc(8 * Math.max(total, 1));
  const blocks = [offsetsPtr, outPtr, ...fields.map((f) => ptr[f])];
  /** Working memory of one call (groups run at the same time, so one block each). */
  const scratchFor = (from: number, to: number): number => {
    let maxLength = 0;
    for (let s = from; s < to; s++) maxLength = Math.max(maxLength, offsets[s + 1] - offsets[s]);
    const scratchPtr = heap.alloc(volatilityScratchBytes(maxLength));
    blocks.push(scratchPtr);
    return scratchPtr;
  };
  return {
    calls: (bounds) =>
      bounds.slice(0, -1).map((from, g) => [
        {
          kernel: 'rollingVolatility',
          args: [
            estimatorCode(params.estimator), bounds[g + 1] - from, offsetsPtr + 4 * from,
            ptr.open, ptr.high, ptr.low, ptr.close, params.window, params.lambda, params.annualization, outPtr,
            scratchFor(from, bounds[g + 1]),
          ],
        },
      ]),
    result: (out) => {
      const view = heap.f64(outPtr, total);
      if (!out) return view.slice();
      if (out.length !== total) throw new RangeError(`out has ${out.length} points; the panel has ${total}`);
      out.set(view);
      return out;
    },
    release: () => blocks.forEach((p) => heap.release(p)),
  };
}
