/** The volatility the policy uses: realized, blended with implied when given, floored. */
import type { PolicyConfig } from './config.js';

/**
 * Blended annualized volatility max(floor, w * realized + (1 - w) * implied), or max(floor, realized)
 * without an implied vol (convex combination of forecasts, see Poon & Granger 2003, J. Econ. Lit. 41).
 * NaN or negative inputs give NaN; callers validate first.
 * @param realized annualized realized vol (EWMA by default, from engine.volatility)
 * @param implied annualized implied vol, e.g. ATM IV or a DVOL-style index; omitted or NaN = none
 * @example blendVolatility(0.6, 0.8, DEFAULT_POLICY_CONFIG.volatility) // 0.7
 */
export function blendVolatility(realized: number, implied: number | undefined, config: PolicyConfig['volatility']): number {
  if (!(realized >= 0) || (implied !== undefined && implied < 0)) return NaN;
  const w = config.realizedWeight;
  const mixed = implied === undefined || Number.isNaN(implied) ? realized : w * realized + (1 - w) * implied;
  return Math.max(config.floor, mixed);
}
