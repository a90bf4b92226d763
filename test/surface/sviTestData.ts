// Quote chains generated from known raw SVI parameters (tests and bench share them).
import type { OptionQuote } from '../../src/surface/quotesCsv.js';
import { sviTotalVariance, type SviParams } from '../../src/surface/svi.js';
import { prng } from '../volatility/prng.js';

/** Hand-picked raw SVI slices of total variance (BTC-like level and skew), T = days / 365. */
export const CHAIN: readonly (SviParams & { expiryDays: number })[] = [
  { expiryDays: 30, a: 0.01, b: 0.08, rho: -0.3, m: 0.02, sigma: 0.12 },
  { expiryDays: 60, a: 0.02, b: 0.1, rho: -0.35, m: 0.03, sigma: 0.15 },
  { expiryDays: 90, a: 0.03, b: 0.12, rho: -0.4, m: 0.04, sigma: 0.18 },
  { expiryDays: 180, a: 0.06, b: 0.15, rho: -0.45, m: 0.05, sigma: 0.25 },
];

/** Standard normal draws (Box-Muller). */
export function normal(seed: number): () => number {
  const u = prng(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/**
 * Quotes of `slices` at `strikes` strikes per expiry, k evenly spread over +-kWidth sqrt(T) scale,
 * with implied vol noise `noise` (fraction, normal) when given.
 */
export function chainQuotes(
  slices: readonly (SviParams & { expiryDays: number })[],
  options: { underlying?: string; forward?: number; strikes?: number; kWidth?: number; noise?: number; seed?: number } = {},
): OptionQuote[] {
  const { underlying = 'BTC', forward = 60_000, strikes = 30, kWidth = 1.2, noise = 0, seed = 7 } = options;
  const z = normal(seed);
  const out: OptionQuote[] = [];
  for (const s of slices) {
    const years = s.expiryDays / 365;
    const half = kWidth * Math.sqrt(Math.max(years, 1 / 12));
    for (let i = 0; i < strikes; i++) {
      const k = -half + (2 * half * i) / (strikes - 1);
      const iv = Math.sqrt(sviTotalVariance(s, k) / years) + noise * z();
      out.push({ underlying, expiryDays: s.expiryDays, strike: forward * Math.exp(k), forward, iv });
    }
  }
  return out;
}
