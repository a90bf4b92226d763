/**
 * The page's margin view (kept simple on purpose): requirement = the account's ES (or VaR) from the
 * engine; collateral valued at today's spot for market symbols and at 1 USD for USD / USDC / USDT,
 * no haircut (src/stress/collateral.ts); status `healthy` when collateral >= requirement, else
 * `call` (a margin call). Assets neither in the market nor cash make the account `unpriced`.
 */
import type { AccountRisk, Market, Portfolio } from '../../src/browser/index.js';
import { DEFAULT_CASH_ASSETS, valueCollateral } from '../../src/stress/collateral.js';

export type Basis = 'es' | 'var';
export type Status = 'healthy' | 'call' | 'unpriced';

export interface MarginRow {
  id: string;
  positions: number;
  var: number;
  es: number;
  requirement: number;
  /** USD; NaN when an asset cannot be priced. */
  collateral: number;
  /** collateral - requirement. */
  excess: number;
  status: Status;
}

/** Collateral of every account in USD (NaN where an asset is neither a market symbol nor cash). */
export function collateralUsd(portfolio: Portfolio, market: Market): number[] {
  const cash = new Set(DEFAULT_CASH_ASSETS);
  const symbols = new Map(market.symbols.map((s, i) => [s, i]));
  return portfolio.accounts.map((a, i) => {
    try {
      return valueCollateral(a, i, market, cash, symbols).valueUsd;
    } catch {
      return Number.NaN;
    }
  });
}

export function marginRow(risk: AccountRisk, positions: number, collateral: number, basis: Basis): MarginRow {
  const requirement = basis === 'es' ? risk.es : risk.var;
  const status: Status = Number.isNaN(collateral) ? 'unpriced' : collateral >= requirement ? 'healthy' : 'call';
  return { id: risk.id, positions, var: risk.var, es: risk.es, requirement, collateral, excess: collateral - requirement, status };
}
