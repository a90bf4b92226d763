/**
 * A deterministic synthetic book on the synthetic market (the built-in default data of `npm start`):
 * a perpetual per asset, European options around the money, and accounts holding a few long and
 * short positions with USD and crypto collateral. Same seed, same book.
 */
import { InputError } from '../errors.js';
import type { PortfolioFile } from '../portfolio/schema.js';
import type { PriceSeries } from '../prices/types.js';
import { RandomStream } from './random.js';

export interface SyntheticPortfolioOptions {
  /** (integer >= 0) seed. Default 1. */
  seed?: number;
  /** (integer >= 1) accounts. Default 500. */
  accounts?: number;
  /** (integer >= 0) options listed per asset. Default 8. */
  optionsPerAsset?: number;
  /** (annualized vol by symbol) implied vols are drawn around these. Default 0.6 for every asset. */
  vol?: Record<string, number>;
}

export function syntheticPortfolio(series: readonly PriceSeries[], options: SyntheticPortfolioOptions = {}): PortfolioFile {
  const { seed = 1, accounts = 500, optionsPerAsset = 8 } = options;
  if (!Number.isInteger(accounts) || accounts < 1) throw new InputError(`must be an integer >= 1; got ${accounts}`, { column: 'accounts' });
  const rng = new RandomStream(seed + 7919);
  const spot = (s: PriceSeries) => s.close[s.close.length - 1];
  const instruments: PortfolioFile['instruments'] = series.map((s) => ({ id: `${s.symbol}-PERP`, kind: 'perpetual' as const, underlying: s.symbol, multiplier: 1 }));
  for (const s of series) {
    const vol = options.vol?.[s.symbol] ?? 0.6;
    for (let j = 0; j < optionsPerAsset; j++) {
      const right = j % 2 === 0 ? 'call' : 'put';
      const expiryDays = [7, 14, 30, 60, 90][j % 5];
      const strike = Number((spot(s) * (0.75 + 0.5 * rng.uniform())).toPrecision(4));
      const iv = Math.round(vol * (0.9 + 0.4 * rng.uniform()) * 1e4) / 1e4;
      instruments.push({ id: `${s.symbol}-${expiryDays}D-${strike}-${right[0].toUpperCase()}`, kind: 'option', underlying: s.symbol, right, strike, expiryDays, iv, multiplier: 1 });
    }
  }
  const unique = [...new Map(instruments.map((i) => [i.id, i])).values()];
  const book: PortfolioFile['accounts'] = [];
  for (let a = 0; a < accounts; a++) {
    const n = 1 + Math.floor(rng.uniform() * 6);
    const picked = new Set<number>();
    while (picked.size < Math.min(n, unique.length)) picked.add(Math.floor(rng.uniform() ** 1.5 * unique.length));
    const positions = [...picked].map((i) => {
      const ins = unique[i];
      const s = series.find((x) => x.symbol === ins.underlying)!;
      const notional = 20_000 * Math.exp(1.2 * rng.normal());
      const sign = rng.uniform() < 0.55 ? 1 : -1;
      return { instrument: ins.id, quantity: Number(((sign * notional) / spot(s)).toPrecision(6)) };
    });
    const collateral: Record<string, number> = { USD: Math.round(15_000 * Math.exp(rng.normal())) };
    if (rng.uniform() < 0.3) collateral[series[0].symbol] = Number((5_000 / spot(series[0])).toPrecision(4));
    book.push({ id: `acct-${String(a).padStart(4, '0')}`, collateral, positions });
  }
  return { instruments: unique, accounts: book };
}
