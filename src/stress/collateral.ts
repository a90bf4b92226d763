/** Collateral of an account in USD at today's prices, and its holdings of market underlyings. */
import { InputError } from '../errors.js';
import type { Market } from '../market/types.js';
import type { Account } from '../portfolio/types.js';

/** Assets valued at 1 USD unless the market lists them (as in the policy's `collateral.cashAssets`). */
export const DEFAULT_CASH_ASSETS: readonly string[] = ['USD', 'USDC', 'USDT'];

export interface CollateralValuation {
  /** Sum of amount * price over the account's collateral assets, USD (no haircut). */
  valueUsd: number;
  /** Holdings of market underlyings (units, negative = borrowed), which a scenario revalues. */
  exposures: { underlyingIndex: number; amount: number }[];
}

/**
 * Values each collateral asset at the market spot when the market lists the symbol, else at 1 USD
 * when it is a cash asset; any other asset is an error (a stress test must not silently count
 * unknown collateral as 0 or at par).
 * @param accountIndex position of the account in the portfolio, for messages
 * @throws InputError `accounts[3].collateral.DOGE: unknown collateral asset ...` or a non-finite amount.
 */
export function valueCollateral(account: Account, accountIndex: number, market: Market, cashAssets: ReadonlySet<string>, symbolIndex: ReadonlyMap<string, number>): CollateralValuation {
  let valueUsd = 0;
  const exposures: CollateralValuation['exposures'] = [];
  for (const asset of Object.keys(account.collateral)) {
    const amount = account.collateral[asset];
    const column = `accounts[${accountIndex}].collateral.${asset}`;
    if (typeof amount !== 'number' || !Number.isFinite(amount)) throw new InputError(`must be a finite number; got ${String(amount)}`, { column });
    const u = symbolIndex.get(asset);
    if (u !== undefined) {
      valueUsd += amount * market.spot[u];
      exposures.push({ underlyingIndex: u, amount });
    } else if (cashAssets.has(asset)) {
      valueUsd += amount;
    } else {
      throw new InputError(
        `unknown collateral asset "${asset}" (not a market symbol nor a cash asset: ${[...cashAssets].join(', ')})`,
        { column },
      );
    }
  }
  return { valueUsd, exposures };
}
