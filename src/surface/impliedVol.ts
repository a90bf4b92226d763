/** Black-76 implied volatility from an option price: safeguarded Newton on sigma, falling back to bisection. */
import { black76Greeks } from '../twin/black76.js';

const SIGMA_LO = 1e-6;
const SIGMA_HI = 20;

/**
 * Implied vol of a (discounted) Black-76 price, or a string saying why there is none.
 * Newton steps on the price (Black 1976 model, vega as the derivative), kept inside a bracket
 * that bisection shrinks whenever a step would leave it.
 * @example black76ImpliedVol(1.7010956, 19, 19, 0.75, true, Math.exp(-0.075)) // ≈ 0.28
 */
export function black76ImpliedVol(price: number, f: number, k: number, t: number, isCall: boolean, discount: number): number | string {
  const intrinsic = discount * Math.max(isCall ? f - k : k - f, 0);
  const upper = discount * (isCall ? f : k);
  if (!(price > intrinsic)) return `price ${price} is not above the intrinsic value ${Number(intrinsic.toPrecision(6))}`;
  if (!(price < upper)) return `price ${price} is not below the no-arbitrage bound ${Number(upper.toPrecision(6))}`;
  let lo = SIGMA_LO, hi = SIGMA_HI, sigma = 0.5;
  for (let i = 0; i < 100; i++) {
    const g = black76Greeks(f, k, t, sigma, isCall, discount);
    const diff = g.price - price;
    if (Math.abs(diff) <= 1e-14 * Math.max(price, 1e-300) || hi - lo < 1e-15) return sigma;
    if (diff > 0) hi = sigma;
    else lo = sigma;
    const next = sigma - diff / g.vega;
    sigma = next > lo && next < hi && Number.isFinite(next) ? next : 0.5 * (lo + hi);
  }
  return sigma;
}
