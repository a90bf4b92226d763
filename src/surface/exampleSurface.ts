/** A crypto-like SVI surface for examples, tests and benches (not fitted to any market). */
import type { SviSlice } from './sviSurface.js';

/** Expiries of exampleSurface, in days. */
export const EXAMPLE_EXPIRY_DAYS: readonly number[] = [7, 30, 90, 180, 365];

/**
 * Slices with at-the-money vol atmVol (1 + 0.08 ((30 / days)^0.5 - 1)) (short expiries richer), a
 * put skew rho = -0.25, vertex m = 0, sigma = 0.2 and wings b = 0.1 sqrt(T): raw SVI
 * a = w_atm - b sigma, so that w(0) = atm vol^2 T (Gatheral 2004 raw SVI at k = m).
 */
export function exampleSurface(atmVol: number, expiryDays: readonly number[] = EXAMPLE_EXPIRY_DAYS): SviSlice[] {
  return expiryDays.map((days) => {
    const t = days / 365;
    const iv = atmVol * (1 + 0.08 * (Math.sqrt(30 / days) - 1));
    const b = 0.1 * Math.sqrt(t);
    const sigma = 0.2;
    return { expiryDays: days, a: iv * iv * t - b * sigma, b, rho: -0.25, m: 0, sigma };
  });
}

/** A flat surface: w(k) = iv^2 T at every k (b = 0). */
export function flatSurface(iv: number, expiryDays: readonly number[] = EXAMPLE_EXPIRY_DAYS): SviSlice[] {
  return expiryDays.map((days) => ({ expiryDays: days, a: (iv * iv * days) / 365, b: 0, rho: 0, m: 0, sigma: 0.1 }));
}
