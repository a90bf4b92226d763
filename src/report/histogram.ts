/**
 * Equal-width histogram of scenario losses for the P&L chart, so the HTML embeds bins, not
 * millions of raw scenarios.
 *
 * see: D. Freedman and P. Diaconis, "On the histogram as a density estimator: L2 theory",
 * Z. Wahrscheinlichkeitstheorie verw. Gebiete 57 (1981) 453-476: bin width 2 IQR n^(-1/3);
 * the square-root rule (ceil(sqrt n) bins) when the IQR is zero.
 */
import { InputError } from '../errors.js';
import type { ReportHistogram } from './types.js';

/** Fewest and most bins `lossHistogram` makes (unless all values are equal: then one bin). */
export const MIN_BINS = 10;
export const MAX_BINS = 100;

/**
 * Bins `losses` into equal-width bins spanning [min, max] (Freedman-Diaconis width, clamped to
 * MIN_BINS..MAX_BINS bins). Bins are [edge_i, edge_{i+1}), the last one closed.
 * @param losses finite values, at least one
 * @param where JSON path named in errors
 * @returns `{ edges, counts }` with counts summing to losses.length
 * @throws InputError for an empty array or a non-finite value (named by index)
 * @example lossHistogram([1, 1, 1]) // { edges: [0.5, 1.5], counts: [3] }
 */
export function lossHistogram(losses: ArrayLike<number>, where = 'losses'): ReportHistogram {
  const n = losses.length;
  if (n === 0) throw new InputError('must hold at least one loss', { column: where });
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = losses[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new InputError(`must be a finite number; got ${String(x)}`, { column: `${where}[${i}]` });
    }
    sorted[i] = x;
  }
  sorted.sort();
  const min = sorted[0];
  const max = sorted[n - 1];
  if (min === max) {
    const half = min === 0 ? 0.5 : Math.abs(min) * 0.5;
    return { edges: [min - half, max + half], counts: [n] };
  }
  const iqr = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
  const rawBins = iqr > 0 ? Math.ceil((max - min) / (2 * iqr * Math.cbrt(1 / n))) : Math.ceil(Math.sqrt(n));
  const bins = Math.min(MAX_BINS, Math.max(MIN_BINS, rawBins));
  const width = (max - min) / bins;
  const edges = new Array<number>(bins + 1);
  for (let i = 0; i < bins; i++) edges[i] = min + i * width;
  edges[bins] = max;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) {
    const x = sorted[i];
    let k = Math.min(bins - 1, Math.floor((x - min) / width));
    // Rounding can put x one bin off the edges as stored; the stored edges decide.
    while (k > 0 && x < edges[k]) k--;
    while (k < bins - 1 && x >= edges[k + 1]) k++;
    counts[k]++;
  }
  return { edges, counts };
}

/** Linear-interpolation quantile (Hyndman-Fan type 7) of an ascending array. */
function quantileSorted(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
