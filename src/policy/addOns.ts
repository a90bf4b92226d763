/**
 * Add-ons on top of the risk requirement: concentration (position size) with the published schemes,
 * and liquidity (cost to liquidate versus average daily volume). Sizes are delta-equivalent: the
 * account's net delta in an underlying (base units) and its notional |delta| * price (USD).
 */
import type { ConcentrationParams, PolicyConfig } from './config.js';

export type ConcentrationScheme = PolicyConfig['concentration']['scheme'];

/**
 * Margin fraction of notional that a position of this size requires under a concentration scheme.
 * - drift: max(mr, 0.8 * mr + imfFactor * sqrt(|size|)), size in base units.
 * - dydx: base IMF scaled linearly to maxMarginFraction as open notional goes from lowerCap to upperCap.
 * - tiers: marginal rates over notional brackets (total tier margin / notional).
 * - none: the base fraction.
 * @param sizeBase |net delta| in base units (drift)
 * @param notionalUsd |net delta| * price (tiers)
 * @param openNotionalUsd open notional the dYdX scaling reads (market open interest or account notional)
 */
export function concentrationMarginFraction(
  scheme: ConcentrationScheme,
  p: ConcentrationParams,
  sizeBase: number,
  notionalUsd: number,
  openNotionalUsd: number,
): number {
  const mr = p.baseMarginFraction;
  switch (scheme) {
    case 'drift':
      // Drift protocol-v2 math/margin.rs calculate_size_premium_liability_weight: max(mr, 0.8 mr + imf sqrt(size))
      return Math.max(mr, 0.8 * mr + p.imfFactor * Math.sqrt(Math.abs(sizeBase)));
    case 'dydx': {
      // dYdX v4 liquidity tiers (x/perpetuals): open-interest IMF scaling between lower and upper cap
      const t = Math.min(1, Math.max(0, (openNotionalUsd - p.lowerCapUsd) / (p.upperCapUsd - p.lowerCapUsd)));
      return mr + (p.maxMarginFraction - mr) * t;
    }
    case 'tiers':
      return notionalUsd > 0 ? tierMarginUsd(p.tiers, notionalUsd) / notionalUsd : p.tiers[0].marginFraction;
    case 'none':
      return mr;
  }
}

/**
 * Margin of a notional under bracket tiers: each tier's rate applies to the part of the notional
 * inside it (equivalent to a whole-position tier rate less the "maintenance amount" of Binance-style tables).
 * @example tierMarginUsd([{ fromNotionalUsd: 0, marginFraction: 0.1 }, { fromNotionalUsd: 100, marginFraction: 0.2 }], 150) // 20
 */
export function tierMarginUsd(tiers: ConcentrationParams['tiers'], notionalUsd: number): number {
  let margin = 0;
  for (let i = 0; i < tiers.length; i++) {
    const lo = tiers[i].fromNotionalUsd;
    const hi = i + 1 < tiers.length ? tiers[i + 1].fromNotionalUsd : Infinity;
    if (notionalUsd <= lo) break;
    margin += tiers[i].marginFraction * (Math.min(notionalUsd, hi) - lo);
  }
  return margin;
}

/**
 * Concentration add-on, USD: notional * (scheme fraction - base fraction), never negative
 * (tiers: tier margin - base fraction * notional, the same without a division).
 */
export function concentrationAddOnUsd(
  scheme: ConcentrationScheme,
  p: ConcentrationParams,
  sizeBase: number,
  notionalUsd: number,
  openNotionalUsd: number,
): number {
  if (scheme === 'tiers') return Math.max(0, tierMarginUsd(p.tiers, notionalUsd) - p.baseMarginFraction * notionalUsd);
  const f = concentrationMarginFraction(scheme, p, sizeBase, notionalUsd, openNotionalUsd);
  return Math.max(0, notionalUsd * (f - p.baseMarginFraction));
}

/**
 * Liquidity add-on, USD: the cost to liquidate a notional N,
 *   N * (halfSpread + k * sigma_daily * sqrt(N / ADV))   when ADV is known,
 *   N * halfSpread                                       otherwise,
 * with sigma_daily = sigma / sqrt(annualization).
 * @param notionalUsd |net delta| * price
 * @param vol annualized volatility (blended)
 * @param halfSpread half bid-ask spread, fraction of price
 * @param advUsd average daily traded notional, USD; undefined when unknown
 * @example liquidityAddOnUsd(1e6, Math.sqrt(365) * 0.02, 0.0005, 1e8, { impactCoefficient: 1, annualization: 365 }) // 1e6 * (0.0005 + 0.02 * 0.1) = 2500
 */
export function liquidityAddOnUsd(
  notionalUsd: number,
  vol: number,
  halfSpread: number,
  advUsd: number | undefined,
  p: { impactCoefficient: number; annualization: number },
): number {
  const n = Math.abs(notionalUsd);
  if (n === 0) return 0;
  if (advUsd === undefined) return n * halfSpread;
  // Square-root impact law (Almgren et al. 2005; Toth et al. 2011) plus half-spread, as in the
  // liquidity charges of CME SPAN 2 and Eurex Prisma (bid-ask cost plus impact versus ADV).
  return n * (halfSpread + p.impactCoefficient * (vol / Math.sqrt(p.annualization)) * Math.sqrt(n / advUsd));
}
