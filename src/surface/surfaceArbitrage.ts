/**
 * Static-arbitrage checks of a raw SVI surface (Gatheral & Jacquier 2014, "Arbitrage-free SVI
 * volatility surfaces"): per slice w > 0, Lee's wing bound and butterfly density g(k) >= 0 on a
 * dense k grid; between consecutive expiries, total variance non-decreasing at every k (calendar
 * spreads, GJ 2014 Lemma 2.1) on the grid, with crossing points located by bisection and the
 * wings beyond the grid decided by their asymptotes.
 */
import { InputError } from '../errors.js';
import { sviButterflyDensity, sviMinTotalVariance, sviTotalVariance, type SviParams } from './svi.js';
import type { SurfaceSlice, UnderlyingSurface } from './surfaceSchema.js';

/** One arbitrage found in a surface. */
export interface SurfaceViolation {
  kind: 'negative-variance' | 'lee-bound' | 'butterfly' | 'calendar';
  underlying: string;
  /** Expiry of the slice (calendar: the earlier one). */
  expiryDays: number;
  /** Calendar: the later expiry, whose total variance is lower. */
  laterExpiryDays?: number;
  /** log-moneyness of the worst point (+-Infinity: in the wing). */
  k: number;
  /** Strike F e^k when the forward is known. */
  strike?: number;
  /** Readable message naming underlying, expiries and where it fails. */
  message: string;
}

/** Options of checkSurfaceArbitrage. */
export interface SurfaceArbitrageOptions {
  /** (string) Valuation time (ISO 8601): expiries are named with their date too. */
  asOf?: string;
  /** Forward of an expiry (by expiryDays), to name strikes; undefined: k only. */
  forward?: (expiryDays: number) => number | undefined;
  /** (number) Grid points over k. Default 2001. */
  gridPoints?: number;
  /** (number) Tolerance on g and on calendar differences of w. Default 1e-9. */
  tolerance?: number;
}

/** Wing asymptote w ~ slope k + intercept as k -> +-infinity (raw SVI). */
function wing(p: SviParams, side: 1 | -1): { slope: number; intercept: number } {
  const slope = p.b * (1 + side * p.rho); // per unit |k|
  return { slope, intercept: p.a - side * p.b * (1 + side * p.rho) * p.m };
}

/**
 * Every static arbitrage of the surface (empty when none).
 * @example checkSurfaceArbitrage({ underlying: 'BTC', slices: [...] }) // [] or violations
 */
export function checkSurfaceArbitrage(surface: UnderlyingSurface, options: SurfaceArbitrageOptions = {}): SurfaceViolation[] {
  const tol = options.tolerance ?? 1e-9;
  const n = Math.max(options.gridPoints ?? 2001, 3);
  const name = (s: SurfaceSlice): string => expiryName(s.expiryDays, options.asOf);
  const where = (days: number, k: number): { k: number; strike?: number; text: string } => {
    const f = options.forward?.(days);
    const strike = f !== undefined && Number.isFinite(k) ? f * Math.exp(k) : undefined;
    const kText = Number.isFinite(k) ? `k = ${round(k, 3)}` : `k -> ${k > 0 ? '+' : '-'}infinity`;
    return { k, strike, text: strike === undefined ? kText : `${kText} (strike ${formatStrike(strike)})` };
  };
  const head = `surface ${surface.underlying}:`;
  const out: SurfaceViolation[] = [];
  // k grid wide enough for every slice's smile: +-max(1, 6 sqrt(largest ATM-ish total variance))
  let wTop = 0;
  for (const s of surface.slices) wTop = Math.max(wTop, sviTotalVariance(s, 0), sviTotalVariance(s, s.m));
  const kMax = Math.max(1, 6 * Math.sqrt(Math.max(wTop, 0)));
  const grid = Array.from({ length: n }, (_, i) => -kMax + (2 * kMax * i) / (n - 1));

  for (const s of surface.slices) {
    const base = { underlying: surface.underlying, expiryDays: s.expiryDays };
    const wMin = sviMinTotalVariance(s);
    if (wMin < -tol) {
      const at = where(s.expiryDays, s.m - (s.rho * s.sigma) / Math.sqrt(Math.max(0, 1 - s.rho * s.rho)));
      out.push({ ...base, kind: 'negative-variance', k: at.k, strike: at.strike, message: `${head} negative total variance in the ${name(s)} expiry: w = ${sig(wMin)} at ${at.text}` });
      continue;
    }
    const slope = s.b * (1 + Math.abs(s.rho));
    if (slope > 2 + tol) {
      const at = where(s.expiryDays, s.rho >= 0 ? Infinity : -Infinity);
      out.push({ ...base, kind: 'lee-bound', k: at.k, strike: undefined, message: `${head} the ${name(s)} expiry breaks Lee's moment bound: wing slope b (1 + |rho|) = ${sig(slope)} > 2 as ${at.text}` });
    }
    let gMin = Infinity, kAt = 0;
    for (const k of grid) {
      const g = sviButterflyDensity(s, k);
      if (g < gMin || Number.isNaN(g)) [gMin, kAt] = [Number.isNaN(g) ? -Infinity : g, k];
    }
    if (gMin < -tol) {
      const at = where(s.expiryDays, kAt);
      out.push({ ...base, kind: 'butterfly', k: at.k, strike: at.strike, message: `${head} butterfly arbitrage in the ${name(s)} expiry: density g(k) = ${sig(gMin)} < 0 at ${at.text}` });
    }
  }

  for (let i = 1; i < surface.slices.length; i++) {
    const early = surface.slices[i - 1], late = surface.slices[i];
    const diff = (k: number): number => sviTotalVariance(late, k) - sviTotalVariance(early, k);
    let dMin = Infinity, kAt = 0;
    const crossings: number[] = [];
    let prev = diff(grid[0]);
    for (let j = 0; j < grid.length; j++) {
      const d = j === 0 ? prev : diff(grid[j]);
      if (d < dMin) [dMin, kAt] = [d, grid[j]];
      if (j > 0 && (prev < 0) !== (d < 0)) crossings.push(bisect(diff, grid[j - 1], grid[j]));
      prev = d;
    }
    let k = kAt;
    if (!(dMin < -tol)) {
      // beyond the grid: the later wing must not fall below the earlier one (slopes, then intercepts)
      k = NaN;
      for (const side of [1, -1] as const) {
        const e = wing(early, side), l = wing(late, side);
        if (l.slope < e.slope - tol || (Math.abs(l.slope - e.slope) <= tol && l.intercept < e.intercept - tol)) k = side * Infinity;
      }
      if (Number.isNaN(k)) continue;
    }
    const at = where(early.expiryDays, k);
    const fall = Number.isFinite(k)
      ? `total variance falls from ${sig(sviTotalVariance(early, k))} to ${sig(sviTotalVariance(late, k))} at ${at.text}`
      : `total variance of the later expiry falls below the earlier one's as ${at.text} (wing slopes ${sig(wing(early, k > 0 ? 1 : -1).slope)} and ${sig(wing(late, k > 0 ? 1 : -1).slope)})`;
    const cross = crossings.length > 0 ? `; the slices cross at k = ${crossings.map((c) => round(c, 3)).join(', ')}` : '';
    out.push({
      kind: 'calendar', underlying: surface.underlying, expiryDays: early.expiryDays, laterExpiryDays: late.expiryDays, k: at.k, strike: at.strike,
      message: `${head} calendar arbitrage between ${name(early)} and ${name(late)} expiries: ${fall}${cross}`,
    });
  }
  return out;
}

/** Error thrown by assertSurfaceArbitrageFree: an InputError (CLI exit 2) with every violation. */
export class SurfaceArbitrageError extends InputError {
  readonly violations: readonly SurfaceViolation[];
  constructor(violations: readonly SurfaceViolation[]) {
    super(violations.map((v) => v.message).join('\n'));
    this.violations = violations;
  }
}

/**
 * Throw a SurfaceArbitrageError listing every violation, if any.
 * @throws SurfaceArbitrageError
 */
export function assertSurfaceArbitrageFree(surface: UnderlyingSurface, options: SurfaceArbitrageOptions = {}): void {
  const violations = checkSurfaceArbitrage(surface, options);
  if (violations.length > 0) throw new SurfaceArbitrageError(violations);
}

/** `30 d` or `30 d (2027-01-06)` when asOf is a valid date. */
export function expiryName(expiryDays: number, asOf?: string): string {
  const date = asOf === undefined ? undefined : expiryDate(expiryDays, asOf);
  return date === undefined ? `${round(expiryDays, 4)} d` : `${round(expiryDays, 4)} d (${date})`;
}

/** ISO date (YYYY-MM-DD) expiryDays after asOf, or undefined when asOf does not parse. */
export function expiryDate(expiryDays: number, asOf: string): string | undefined {
  const t = Date.parse(asOf);
  return Number.isFinite(t) ? new Date(t + expiryDays * 86_400_000).toISOString().slice(0, 10) : undefined;
}

function bisect(f: (k: number) => number, lo: number, hi: number): number {
  const negLo = f(lo) < 0;
  for (let i = 0; i < 60; i++) {
    const mid = 0.5 * (lo + hi);
    if ((f(mid) < 0) === negLo) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));
const sig = (x: number): string => String(Number(x.toPrecision(4)));
const formatStrike = (x: number): string => x.toLocaleString('en-US', { maximumSignificantDigits: 5 });
