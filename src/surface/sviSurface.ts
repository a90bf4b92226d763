/** Implied-vol surface of one underlying from raw SVI slices: total variance at any (k, T). */
import { sviTotalVariance } from './svi.js';
import { DAYS_PER_YEAR, type SurfaceSlice } from './surfaceSchema.js';

/** One expiry of a surface: raw SVI total variance w(k) = iv^2 T at T = expiryDays / 365, k = ln(K / F). */
export type SviSlice = SurfaceSlice;

/** Slices of one underlying, ascending in expiryDays (checked by checkSurfaceSlices). */
export type SviSurface = readonly SviSlice[];

/**
 * Where T falls among the slices: w(k, T) = c0 w_lo(k) + c1 w_hi(k).
 * Between slices: linear in T at fixed k (Gatheral 2006, "The Volatility Surface", ch. 3: keeps
 * no calendar arbitrage). Before the first / after the last slice: constant implied vol at that k,
 * i.e. w scales with T (c0 = T / T_slice, c1 = 0).
 */
export interface SliceBracket {
  lo: number;
  hi: number;
  c0: number;
  c1: number;
}

export function sliceBracket(surface: SviSurface, tYears: number): SliceBracket {
  const n = surface.length;
  const years = (i: number) => surface[i].expiryDays / DAYS_PER_YEAR;
  if (tYears <= years(0)) return { lo: 0, hi: 0, c0: tYears / years(0), c1: 0 };
  if (tYears >= years(n - 1)) return { lo: n - 1, hi: n - 1, c0: tYears / years(n - 1), c1: 0 };
  let hi = 1;
  while (years(hi) < tYears) hi++;
  const lambda = (tYears - years(hi - 1)) / (years(hi) - years(hi - 1));
  return { lo: hi - 1, hi, c0: 1 - lambda, c1: lambda };
}

/** Total implied variance w(k, T) of the surface (see SliceBracket for the rule between and beyond slices). */
export function surfaceTotalVariance(surface: SviSurface, k: number, tYears: number): number {
  const b = sliceBracket(surface, tYears);
  const w = b.c0 * sviTotalVariance(surface[b.lo], k);
  return b.c1 === 0 ? w : w + b.c1 * sviTotalVariance(surface[b.hi], k);
}

/** Implied vol at log-moneyness k = ln(K / F) and T years (> 0): sqrt(w(k, T) / T). */
export function surfaceIv(surface: SviSurface, k: number, tYears: number): number {
  return Math.sqrt(surfaceTotalVariance(surface, k, tYears) / tYears);
}
