/** The API accepts market and portfolio either as file contents (plain JSON data) or already parsed. */
import { parseMarket } from '../market/parseMarket.js';
import type { MarketFileInput } from '../market/schema.js';
import type { Market } from '../market/types.js';
import { parsePortfolio } from '../portfolio/parsePortfolio.js';
import type { PortfolioFileInput } from '../portfolio/schema.js';
import type { Portfolio } from '../portfolio/types.js';

/** market.json contents as written (see MarketFileInput) or a parsed Market. */
export type MarketInput = MarketFileInput | Market;
/** portfolio.json contents as written (see PortfolioFileInput) or a parsed Portfolio. */
export type PortfolioInput = PortfolioFileInput | Portfolio;

/** Name used in messages about data passed to the API. */
const API = '<api>';

export function isMarket(m: unknown): m is Market {
  return typeof m === 'object' && m !== null && (m as Market).spot instanceof Float64Array;
}

export function toMarket(m: MarketInput): Market {
  return isMarket(m) ? m : parseMarket(m, `${API} market`);
}

export function toPortfolio(p: PortfolioInput, market: Market): Portfolio {
  const normalized = Array.isArray((p as Portfolio).instruments) && (p as Portfolio).instruments.every((i) => 'underlyingIndex' in i);
  return normalized ? (p as Portfolio) : parsePortfolio(p, market, `${API} portfolio`);
}
