/**
 * The policy's margins of every account of a computed book, from the engine's risk figures and the
 * market it ran on: what `calibrate` reports and what the web page shows. One code path, so the
 * command line and the page give every account the same initial margin, equity and status.
 */
import type { Market } from '../market/types.js';
import type { AccountRisk, VarMeta } from '../montecarlo/book.js';
import { instrumentGreeks } from '../montecarlo/greeks.js';
import type { Instrument, Portfolio } from '../portfolio/types.js';
import type { PolicyConfig } from './config.js';
import type { DeltaPosition } from './deltaOneRisk.js';
import { policyInputsFromRisk } from './engineInputs.js';
import { prepareMarket, type MarketSnapshot, type PolicyMarket } from './market.js';
import { accountRequirement, type AccountRequirement } from './requirement.js';

/** What every account's margin is computed against: the policy's market and each instrument's unit delta. */
export interface PolicyBook {
  market: PolicyMarket;
  instruments: ReadonlyMap<string, { instrument: Instrument; unitDelta: number }>;
}

/**
 * The policy's view of the book: price = spot, realized vol = the book's vol (the policy's blended,
 * floored vol when calibrate runs), long-run vol (antiProcyclicality "floor") from `longRunVol` or,
 * without one, the book's vol; unit deltas at the book's market (Black-76 for options).
 */
export function policyBook(instruments: readonly Instrument[], market: Market, config: PolicyConfig, longRunVol: Readonly<Record<string, number>> = {}): PolicyBook {
  const snapshot: MarketSnapshot = { underlyings: {} };
  market.symbols.forEach((symbol, i) => {
    snapshot.underlyings[symbol] = { priceUsd: market.spot[i], realizedVol: market.vol[i], longRunVol: longRunVol[symbol] ?? market.vol[i] };
  });
  return { market: prepareMarket(snapshot, config), instruments: instrumentDeltas(instruments, market) };
}

/** Each instrument with the delta of one unit at `market` (Black-76 for options), by id. */
export function instrumentDeltas(instruments: readonly Instrument[], market: Market): PolicyBook['instruments'] {
  const unit = instrumentGreeks(instruments, market);
  return new Map(instruments.map((ins, i) => [ins.id, { instrument: ins, unitDelta: unit[i].delta }]));
}

/** Each position's delta and expiry (the policy's basis shock and minimum on hedged delta read them). */
export function deltaPositions(positions: readonly { instrument: string; quantity: number }[], book: PolicyBook): DeltaPosition[] {
  return positions.map((p) => {
    const { instrument, unitDelta } = book.instruments.get(p.instrument)!;
    const deltaOne = instrument.kind !== 'option';
    return { underlying: instrument.underlying, delta: p.quantity * unitDelta, deltaOne, expiryYears: instrument.kind === 'future' ? instrument.expiryYears! : 0 };
  });
}

/**
 * One account's policy margin from its risk figures, collateral and positions.
 * @throws InputError naming the field (e.g. a collateral asset neither in the market nor cash)
 */
export function accountPolicyMargin(
  risk: AccountRisk,
  meta: Pick<VarMeta, 'horizonDays' | 'confidence' | 'esConfidence'>,
  account: { collateral: Record<string, number>; positions: readonly { instrument: string; quantity: number }[] },
  book: PolicyBook,
  config: PolicyConfig,
): AccountRequirement {
  const inputs = policyInputsFromRisk(risk, meta, account.collateral, config, {}, deltaPositions(account.positions, book));
  return accountRequirement(inputs, book.market, config).result;
}

/** Every account's policy margin, in the book's order (`risk.accounts[i]` is `portfolio.accounts[i]`). */
export function bookPolicyMargins(
  risk: { accounts: readonly AccountRisk[]; meta: VarMeta },
  portfolio: Portfolio,
  market: Market,
  config: PolicyConfig,
  longRunVol?: Readonly<Record<string, number>>,
): AccountRequirement[] {
  const book = policyBook(portfolio.instruments, market, config, longRunVol);
  return risk.accounts.map((r, i) => accountPolicyMargin(r, risk.meta, portfolio.accounts[i], book, config));
}
