/**
 * The policy's margins of every account of a computed book, from the engine's risk figures and the
 * market it ran on: what `calibrate` reports and what the web page shows. One code path, so the
 * command line and the page give every account the same initial margin, equity and status.
 */
import type { AccountRisk, VarMeta } from '../montecarlo/book.js';
import type { PolicyConfig } from './config.js';
import { policyInputsFromRisk } from './engineInputs.js';
import { prepareMarket, type MarketSnapshot, type PolicyMarket } from './market.js';
import { accountRequirement, type AccountRequirement } from './requirement.js';

/** The market the book was computed on (a `Market`: symbols, spots and the vols it used). */
export interface BookMarket {
  symbols: readonly string[];
  spot: ArrayLike<number>;
  /** Annualized volatility per symbol (the policy's blended, floored vol when calibrate runs). */
  vol: ArrayLike<number>;
}

/**
 * The policy's view of the book's market: price = spot, realized vol = the book's vol, long-run vol
 * (for antiProcyclicality "floor") from `longRunVol` or, without one, the book's vol.
 */
export function policyMarketOfBook(market: BookMarket, config: PolicyConfig, longRunVol: Readonly<Record<string, number>> = {}): PolicyMarket {
  const snapshot: MarketSnapshot = { underlyings: {} };
  market.symbols.forEach((symbol, i) => {
    snapshot.underlyings[symbol] = { priceUsd: market.spot[i], realizedVol: market.vol[i], longRunVol: longRunVol[symbol] ?? market.vol[i] };
  });
  return prepareMarket(snapshot, config);
}

/**
 * One account's policy margin from its risk figures and collateral amounts.
 * @throws InputError naming the field (e.g. a collateral asset neither in the market nor cash)
 */
export function accountPolicyMargin(
  risk: AccountRisk,
  meta: Pick<VarMeta, 'horizonDays' | 'confidence' | 'esConfidence'>,
  collateral: Record<string, number>,
  market: PolicyMarket,
  config: PolicyConfig,
): AccountRequirement {
  return accountRequirement(policyInputsFromRisk(risk, meta, collateral, config), market, config).result;
}

/** Every account's policy margin, in the book's order; `collateral[i]` belongs to `risk.accounts[i]`. */
export function bookPolicyMargins(
  risk: { accounts: readonly AccountRisk[]; meta: VarMeta },
  collateral: readonly Record<string, number>[],
  market: BookMarket,
  config: PolicyConfig,
  longRunVol?: Readonly<Record<string, number>>,
): AccountRequirement[] {
  const policyMarket = policyMarketOfBook(market, config, longRunVol);
  return risk.accounts.map((r, i) => accountPolicyMargin(r, risk.meta, collateral[i], policyMarket, config));
}
