/** The closes of a market's symbols on the dates all their price series share (historical models, stress replays). */
import { InputError } from '../errors.js';
import type { PriceSeries } from '../prices/types.js';
import { commonTimes } from './calibrate.js';
import type { Market } from './types.js';

export interface AlignedCloses {
  /** Common bar times (unix ms), ascending, at or before market.asOf. */
  times: number[];
  /** The same dates as written in the first symbol's file. */
  dates: string[];
  /** (steps + 1) x n closes, time-major, in market.symbols order. */
  closes: Float64Array;
  /** Returns between consecutive common dates: times.length - 1. */
  steps: number;
}

/** Closes of the market's symbols on their common dates at or before asOf: (steps + 1) x n, time-major. */
export function alignCloses(series: readonly PriceSeries[], market: Market): AlignedCloses {
  const picked = market.symbols.map((symbol) => {
    const found = series.filter((s) => s.symbol === symbol);
    if (found.length === 0) throw new InputError(`no price series for market symbol "${symbol}"`, { column: 'series' });
    if (found.length > 1) throw new InputError(`${found.length} price series for market symbol "${symbol}"; expected one`, { column: 'series' });
    return found[0];
  });
  const asOfMs = Number.isFinite(market.asOfMs) ? market.asOfMs : Infinity;
  const { times, indexByTime } = commonTimes(picked, asOfMs);
  if (times.length === 0) throw new InputError(`the price series of ${market.symbols.join(', ')} share no dates at or before ${market.asOf}`, { column: 'series' });
  const n = picked.length;
  const closes = new Float64Array(times.length * n);
  picked.forEach((s, i) => {
    times.forEach((t, row) => {
      const k = indexByTime[i].get(t)!;
      const c = s.close[k];
      if (!(c > 0 && Number.isFinite(c))) {
        throw new InputError(`close on ${s.dates[k] ?? new Date(t).toISOString()} is ${c}: must be a finite number > 0`, { file: s.source, column: s.symbol });
      }
      closes[row * n + i] = c;
    });
  });
  const first = picked[0];
  const dates = times.map((t) => first.dates[indexByTime[0].get(t)!] ?? new Date(t).toISOString());
  return { times, dates, closes, steps: times.length - 1 };
}
