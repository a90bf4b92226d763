/**
 * Account health: status against initial and maintenance margin, margin ratio, distance to
 * liquidation of the main underlying, estimated liquidation penalty and margin calls.
 */

export type MarginStatus = 'healthy' | 'margin-call' | 'liquidate';

/**
 * healthy when equity >= initial; margin-call when maintenance <= equity < initial; liquidate when
 * equity < maintenance. The boundaries belong to the better status.
 */
export function marginStatus(equityUsd: number, initialUsd: number, maintenanceUsd: number): MarginStatus {
  if (equityUsd >= initialUsd) return 'healthy';
  if (equityUsd >= maintenanceUsd) return 'margin-call';
  return 'liquidate';
}

export interface LiquidationDistance {
  /** Underlying with the largest |delta| * price. */
  symbol: string;
  priceUsd: number;
  /** Signed price move that brings equity to maintenance (0 when already at or below it). */
  moveUsd: number;
  /** moveUsd / priceUsd. */
  moveFraction: number;
  /** priceUsd + moveUsd. */
  liquidationPriceUsd: number;
}

/**
 * Smallest price move x of one underlying with equity + delta x + gamma x^2 / 2 = maintenance
 * (delta-gamma Taylor expansion; maintenance held fixed; price must stay > 0). Null when no move
 * reaches maintenance (e.g. no exposure, or long gamma that outgrows the delta loss).
 * Roots by the cancellation-free quadratic formula (Press et al., Numerical Recipes 5.6).
 */
export function distanceToLiquidation(
  equityUsd: number,
  maintenanceUsd: number,
  symbol: string,
  priceUsd: number,
  delta: number,
  gamma: number,
): LiquidationDistance | null {
  const c = equityUsd - maintenanceUsd;
  const at = (x: number): LiquidationDistance => ({ symbol, priceUsd, moveUsd: x, moveFraction: x / priceUsd, liquidationPriceUsd: priceUsd + x });
  if (c <= 0) return at(0);
  const roots: number[] = [];
  if (gamma === 0) {
    if (delta !== 0) roots.push(-c / delta);
  } else {
    const a = 0.5 * gamma;
    const disc = delta * delta - 4 * a * c;
    if (disc >= 0) {
      const q = -0.5 * (delta + (delta >= 0 ? 1 : -1) * Math.sqrt(disc));
      if (q !== 0) roots.push(q / a, c / q);
    }
  }
  let best: number | undefined;
  for (const x of roots) if (priceUsd + x > 0 && (best === undefined || Math.abs(x) < Math.abs(best))) best = x;
  return best === undefined ? null : at(best);
}

export interface MarginCall {
  accountId: string;
  status: Exclude<MarginStatus, 'healthy'>;
  /** Amount due to restore equity to the initial margin, USD. */
  amountUsd: number;
}

export interface AccountHealth {
  equityUsd: number;
  initialMarginUsd: number;
  maintenanceMarginUsd: number;
  /** equity / maintenance margin (>= 1 above maintenance; Infinity when maintenance is 0 and equity >= 0). */
  marginRatio: number;
  /** equity - initial margin, USD (negative = deficit). */
  excessUsd: number;
  status: MarginStatus;
  distanceToLiquidation: LiquidationDistance | null;
  /** penaltyRate * gross delta notional, USD: what a liquidation would cost the account. */
  liquidationPenaltyUsd: number;
  /** Calls issued for this account (empty when healthy). */
  marginCalls: MarginCall[];
}

/**
 * Health of one account.
 * @param main the underlying with the largest |delta| * price and its delta and gamma; undefined without exposure
 * @param grossNotionalUsd sum over underlyings of |delta| * price
 */
export function accountHealth(
  accountId: string,
  equityUsd: number,
  initialMarginUsd: number,
  maintenanceMarginUsd: number,
  main: { symbol: string; priceUsd: number; delta: number; gamma: number } | undefined,
  grossNotionalUsd: number,
  penaltyRate: number,
): AccountHealth {
  const status = marginStatus(equityUsd, initialMarginUsd, maintenanceMarginUsd);
  const marginRatio = maintenanceMarginUsd > 0 ? equityUsd / maintenanceMarginUsd : equityUsd >= 0 ? Infinity : -Infinity;
  return {
    equityUsd,
    initialMarginUsd,
    maintenanceMarginUsd,
    marginRatio,
    excessUsd: equityUsd - initialMarginUsd,
    status,
    distanceToLiquidation: main ? distanceToLiquidation(equityUsd, maintenanceMarginUsd, main.symbol, main.priceUsd, main.delta, main.gamma) : null,
    liquidationPenaltyUsd: penaltyRate * grossNotionalUsd,
    marginCalls: status === 'healthy' ? [] : [{ accountId, status, amountUsd: initialMarginUsd - equityUsd }],
  };
}

/** Every margin call of a day's results, largest amount first (ties by account id). */
export function collectMarginCalls(results: readonly { health: AccountHealth }[]): MarginCall[] {
  const calls = results.flatMap((r) => r.health.marginCalls);
  return calls.sort((a, b) => b.amountUsd - a.amountUsd || (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
}
