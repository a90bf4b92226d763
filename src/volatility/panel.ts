/** Packing price series into the flat panel layout (see `types.ts`) and splitting panels for workers. */
import type { PriceSeries } from '../prices/types.js';
import type { PricePanel } from './types.js';

const EMPTY = new Float64Array(0);

/** Concatenate series into one panel; OHLC arrays are left empty when `closeOnly`. */
export function toPanel(series: readonly PriceSeries[], closeOnly: boolean): PricePanel {
  const offsets = new Int32Array(series.length + 1);
  for (let s = 0; s < series.length; s++) offsets[s + 1] = offsets[s] + series[s].close.length;
  const total = offsets[series.length];
  const pack = (pick: (s: PriceSeries) => Float64Array): Float64Array => {
    const flat = new Float64Array(total);
    series.forEach((s, i) => flat.set(pick(s), offsets[i]));
    return flat;
  };
  return {
    offsets,
    open: closeOnly ? EMPTY : pack((s) => s.open),
    high: closeOnly ? EMPTY : pack((s) => s.high),
    low: closeOnly ? EMPTY : pack((s) => s.low),
    close: pack((s) => s.close),
  };
}

/**
 * Split series indices into at most `parts` contiguous groups of roughly equal point counts
 * (deterministic: depends only on the series lengths). Returns group boundaries [s0, s1, ...].
 */
export function splitByPoints(lengths: readonly number[], parts: number): number[] {
  const total = lengths.reduce((a, b) => a + b, 0);
  const bounds = [0];
  let acc = 0;
  for (let s = 0; s < lengths.length; s++) {
    acc += lengths[s];
    const target = (total * bounds.length) / parts;
    if (acc >= target && s + 1 < lengths.length && bounds.length < parts) bounds.push(s + 1);
  }
  bounds.push(lengths.length);
  return bounds;
}
