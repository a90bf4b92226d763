/** Today's implied vol of an option: its own flat `iv`, or its underlying's surface at its strike and expiry. */
import type { Market } from '../market/types.js';
import type { Instrument } from '../portfolio/types.js';
import { surfaceIv, type SviSurface } from './sviSurface.js';

/** The surface an option is valued on (undefined: flat `iv`, e.g. given in portfolio.json, which overrides a surface). */
export function optionSurface(ins: Instrument, market: Market): SviSurface | undefined {
  return ins.ivFromSurface ? market.surfaces?.[ins.underlyingIndex] : undefined;
}

/** iv = sqrt(w(k0, T) / T), k0 = ln(K / F), F = S exp(rate T) (the surface's convention); else `ins.iv`. */
export function optionIv(ins: Instrument, market: Market): number {
  const surface = optionSurface(ins, market);
  if (!surface) return ins.iv!;
  const t = ins.expiryYears!;
  const f = market.spot[ins.underlyingIndex] * Math.exp(market.rate * t);
  return surfaceIv(surface, Math.log(ins.strike! / f), t);
}
