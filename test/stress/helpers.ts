// Small constructed markets and books for the stress tests.
import type { Market } from '../../src/market/types.js';
import type { Account, Instrument, Portfolio } from '../../src/portfolio/types.js';

export function makeMarket(spots: Record<string, number>, rate = 0): Market {
  const symbols = Object.keys(spots);
  const n = symbols.length;
  return {
    asOf: '2026-01-31T00:00:00Z',
    asOfMs: Date.UTC(2026, 0, 31),
    rate,
    symbols,
    spot: Float64Array.from(symbols.map((s) => spots[s])),
    vol: new Float64Array(n).fill(0.6),
    correlation: Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0)),
  };
}

export function perp(id: string, underlying: string, market: Market, multiplier = 1): Instrument {
  return { id, kind: 'perpetual', underlying, underlyingIndex: market.symbols.indexOf(underlying), multiplier };
}

export function option(
  id: string, underlying: string, market: Market,
  o: { right: 'call' | 'put'; strike: number; days: number; iv: number; multiplier?: number },
): Instrument {
  return {
    id, kind: 'option', underlying, underlyingIndex: market.symbols.indexOf(underlying), multiplier: o.multiplier ?? 1,
    right: o.right, strike: o.strike, expiryYears: o.days / 365, iv: o.iv,
  };
}

/** An account as {id, collateral, positions: {instrumentId: quantity}}. */
export interface AccountSpec {
  id: string;
  collateral?: Record<string, number>;
  positions: Record<string, number>;
}

/** Portfolio from instruments and account specs. */
export function makeBook(instruments: Instrument[], accounts: AccountSpec[]): Portfolio {
  const index = new Map(instruments.map((ins, i) => [ins.id, i]));
  return {
    instruments,
    accounts: accounts.map((a): Account => ({
      id: a.id,
      collateral: a.collateral ?? {},
      positions: Object.entries(a.positions).map(([instrument, quantity]) => ({ instrument, instrumentIndex: index.get(instrument)!, quantity })),
    })),
  };
}
