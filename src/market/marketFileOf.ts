/** market.json contents of a parsed market: exact numbers (JSON round-trips doubles). */
import type { MarketFile } from './schema.js';
import type { Market } from './types.js';

/** The plain market.json a parsed `Market` came from (or would come from): any engine given it gets the same figures. */
export function marketFileOf(m: Market): MarketFile {
  const n = m.symbols.length;
  return {
    asOf: m.asOf,
    rate: m.rate,
    underlyings: m.symbols.map((symbol, i) => ({ symbol, spot: m.spot[i], vol: m.vol[i] })),
    correlation: m.symbols.map((_, i) => Array.from(m.correlation.subarray(i * n, (i + 1) * n))),
  };
}
