/**
 * Identity functions for market.json / portfolio.json contents written in code: in TypeScript they
 * give an object literal its input type (so `kind: 'perpetual'` stays a literal and is checked);
 * at run time they return their argument unchanged (validation happens where it is used).
 * @example const portfolio = definePortfolio({ instruments: [{ id: 'BTC-PERP', kind: 'perpetual', underlying: 'BTC' }], accounts: [] });
 */
import type { MarketFileInput } from './market/schema.js';
import type { PortfolioFileInput } from './portfolio/schema.js';

export function defineMarket<const T extends MarketFileInput>(market: T): T {
  return market;
}

export function definePortfolio<const T extends PortfolioFileInput>(portfolio: T): T {
  return portfolio;
}
