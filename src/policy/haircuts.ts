/**
 * Collateral: per-asset haircuts from the asset's own volatility over the margin period of risk at
 * the policy's VaR confidence, then a cap on the share of any one asset.
 */
import { normalQuantile } from '../twin/random.js';

/**
 * Haircut 1 - exp(-z_c * sigma * sqrt(h / A)): the loss of a lognormal price at its (1 - c) quantile
 * over h days with zero drift (a lognormal VaR haircut, like own-estimate haircuts under the Basel
 * comprehensive approach).
 * @param vol annualized volatility of the asset
 * @param horizonDays h
 * @param confidence c
 * @param annualization A, days per year (365)
 * @example volatilityHaircut(0.8, 2, 0.99, 365) // 1 - exp(-2.3263 * 0.8 * sqrt(2 / 365)) = 0.12870...
 */
export function volatilityHaircut(vol: number, horizonDays: number, confidence: number, annualization: number): number {
  return 1 - Math.exp(-normalQuantile(confidence) * vol * Math.sqrt(horizonDays / annualization));
}

export interface CollateralLine {
  asset: string;
  /** Amount held (negative = borrowed). */
  amount: number;
  /** Price used, USD per unit. */
  priceUsd: number;
  /** amount * price. */
  grossUsd: number;
  /** Haircut fraction applied (0 for borrowed amounts). */
  haircut: number;
  /** grossUsd * haircut (>= 0). */
  haircutUsd: number;
  /** Value removed by the share cap (>= 0). */
  shareCapUsd: number;
  /** grossUsd - haircutUsd - shareCapUsd. */
  valueUsd: number;
}

/**
 * Haircut each asset, then cap each non-exempt asset at maxShare of the total haircut value of
 * positive holdings: cut_a = max(0, net_a - maxShare * sum_b max(0, net_b)). A borrowed (negative)
 * amount counts in full, without haircut or cap.
 * @param lines asset, amount, price and haircut fraction of each holding, in the order to report
 */
export function collateralLines(
  lines: readonly { asset: string; amount: number; priceUsd: number; haircut: number }[],
  maxShare: number,
  exempt: ReadonlySet<string>,
): CollateralLine[] {
  const net = lines.map((l) => {
    const grossUsd = l.amount * l.priceUsd;
    const haircut = grossUsd > 0 ? l.haircut : 0;
    return { asset: l.asset, amount: l.amount, priceUsd: l.priceUsd, haircut, grossUsd, haircutUsd: grossUsd * haircut };
  });
  let positive = 0;
  for (const l of net) positive += Math.max(0, l.grossUsd - l.haircutUsd);
  const limit = maxShare * positive;
  return net.map((l) => {
    const after = l.grossUsd - l.haircutUsd;
    const shareCapUsd = exempt.has(l.asset) ? 0 : Math.max(0, after - limit);
    return { asset: l.asset, amount: l.amount, priceUsd: l.priceUsd, haircut: l.haircut, grossUsd: l.grossUsd, haircutUsd: l.haircutUsd, shareCapUsd, valueUsd: after - shareCapUsd };
  });
}
