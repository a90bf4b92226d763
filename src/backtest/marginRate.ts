/**
 * Margin rate of a one-unit position in one asset (a fraction of notional) from its volatility:
 * the policy's risk measure of the loss over the margin period of risk, for a long or a short.
 *
 * normal: h-day log-return x ~ N(0, s^2), s = sigma sqrt(h / A). Long loss 1 - e^x, short e^x - 1:
 *   VaR_long = 1 - e^{-z s},  ES_long = 1 - e^{s^2/2} Phi(-z_e - s) / (1 - c_e)
 *   VaR_short = e^{z s} - 1,  ES_short = e^{s^2/2} Phi(s - z_e) / (1 - c_e) - 1
 *   (lognormal partial expectations, e.g. Hull, "Options, Futures and Other Derivatives", 13A).
 * fhs: x = sqrt(h) sigma_daily eps with eps drawn from the filtered (standardized) residuals seen so
 *   far (Barone-Adesi, Giannopoulos & Vosper 1999): empirical quantile and tail mean of the loss.
 */
import { normalCdf } from '../twin/black76.js';
import { normalQuantile } from '../twin/random.js';

export type Side = 'long' | 'short';

export interface RateSpec {
  measure: 'es' | 'var';
  /** VaR confidence (fraction). */
  varConfidence: number;
  /** ES confidence (fraction). */
  esConfidence: number;
  horizonDays: number;
  /** Periods per year of the volatility. */
  annualization: number;
}

/** Closed-form normal margin rate of one side. */
export function normalMarginRate(sigma: number, side: Side, spec: RateSpec): number {
  const s = sigma * Math.sqrt(spec.horizonDays / spec.annualization);
  if (spec.measure === 'var') {
    const z = normalQuantile(spec.varConfidence);
    return side === 'long' ? -Math.expm1(-z * s) : Math.expm1(z * s);
  }
  const c = spec.esConfidence;
  const z = normalQuantile(c);
  const growth = Math.exp(0.5 * s * s);
  return side === 'long' ? 1 - (growth * normalCdf(-z - s)) / (1 - c) : (growth * normalCdf(s - z)) / (1 - c) - 1;
}

/**
 * Empirical margin rate from sorted standardized residuals (ascending): the loss at the tail
 * quantile (k = ceil((1 - c) n) largest losses, as the Monte Carlo engine counts) or the mean of the
 * k largest losses.
 */
export function filteredMarginRate(sortedResiduals: readonly number[], sigma: number, side: Side, spec: RateSpec): number {
  const n = sortedResiduals.length;
  const c = spec.measure === 'var' ? spec.varConfidence : spec.esConfidence;
  const k = Math.min(n, Math.max(1, Math.ceil((1 - c) * n - 1e-9)));
  const scale = sigma * Math.sqrt(spec.horizonDays / spec.annualization);
  // the k worst residuals for the side: the smallest for a long, the largest for a short
  const loss = (j: number) => {
    const eps = side === 'long' ? sortedResiduals[j] : sortedResiduals[n - 1 - j];
    return side === 'long' ? -Math.expm1(scale * eps) : Math.expm1(scale * eps);
  };
  if (spec.measure === 'var') return loss(k - 1);
  let sum = 0;
  for (let j = 0; j < k; j++) sum += loss(j);
  return sum / k;
}
