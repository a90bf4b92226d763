// Seeded test data for the optimize tests: a mulberry32 uniform, Box-Muller normals, and a daily
// GARCH(1,1)-like OHLC price series (7 days a week, UTC midnight stamps).
import type { PriceSeries } from '../../src/prices/types.js';

/** mulberry32 uniforms in (0, 1). */
export function uniforms(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
}

/** Standard normals (Box-Muller on mulberry32). */
export function gaussians(seed: number): () => number {
  const u = uniforms(seed);
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

const DAY_MS = 86_400_000;

/** A GARCH(1,1) daily OHLC history from `start` (ISO date), every calendar day. */
export function garchSeries(n: number, seed: number, start = '2019-01-01'): PriceSeries {
  const z = gaussians(seed);
  const u = uniforms(seed ^ 0x5bd1e995);
  const t0 = Date.parse(start);
  const times = new Float64Array(n);
  const dates: string[] = [];
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const omega = 2e-6;
  const alpha = 0.08;
  const beta = 0.9;
  let v = omega / (1 - alpha - beta);
  let c = 100;
  for (let t = 0; t < n; t++) {
    times[t] = t0 + t * DAY_MS;
    dates.push(new Date(times[t]).toISOString().slice(0, 10));
    // a fat-tailed shock now and then
    const shock = z() * (u() < 0.02 ? 3 : 1);
    const r = Math.sqrt(v) * shock;
    v = omega + alpha * r * r + beta * v;
    const o = c * Math.exp(0.1 * Math.sqrt(v) * z());
    const cl = o * Math.exp(r);
    open[t] = o;
    close[t] = cl;
    high[t] = Math.max(o, cl) * Math.exp(Math.abs(0.5 * Math.sqrt(v) * z()));
    low[t] = Math.min(o, cl) * Math.exp(-Math.abs(0.5 * Math.sqrt(v) * z()));
    c = cl;
  }
  return { symbol: 'SYN', dates, times, open, high, low, close, source: 'synthetic' };
}

/** The first `m` bars of a series (fresh arrays). */
export function truncate(series: PriceSeries, m: number): PriceSeries {
  return {
    symbol: series.symbol,
    source: series.source,
    dates: series.dates.slice(0, m),
    times: series.times.slice(0, m),
    open: series.open.slice(0, m),
    high: series.high.slice(0, m),
    low: series.low.slice(0, m),
    close: series.close.slice(0, m),
  };
}
