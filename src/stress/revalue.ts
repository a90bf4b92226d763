/**
 * Full revaluation of one contract under a stress scenario (a relative price move of its underlying
 * and a relative implied-vol shock), as an instant shock by default.
 *
 * - linear (perpetual, future, spot): P&L = multiplier * S * move (no carry; the move is applied to
 *   the quoted price directly).
 * - option: Black-76 on F = S e^{rT}, D = e^{-rT} before, and after the shock on
 *   F' = S (1 + move) e^{rT'}, D' = e^{-rT'}, IV' = max(IV_FLOOR, IV * (1 + shock * scale(DTE))),
 *   T' = T - horizonDays / 365 (T' = T for the default instant shock; past expiry T' = 0: intrinsic value at the shocked spot).
 *   P&L = multiplier * (V' - V). DTE = 365 T, the days to expiry as of the market's asOf.
 */
import { optionIv } from '../surface/optionIv.js';
import type { Market } from '../market/types.js';
import type { Instrument } from '../portfolio/types.js';
import { black76Price } from '../twin/black76.js';
import type { IvShockScaling } from './grid.js';

/** Smallest implied vol after a shock (a shock of -100 % or below would make it <= 0). */
export const IV_FLOOR = 1e-4;
/** Days per year of `Instrument.expiryYears` (ACT/365). */
export const DAYS_PER_YEAR = 365;

export interface RevalueOptions {
  /** (number >= 0) days between the shock and the revaluation; options lose that time. Default 0. */
  horizonDays?: number;
  /** Scaling of the vol shock by days to expiry. Default none (factor 1). */
  ivShockScaling?: IvShockScaling;
}

// see: Paradex portfolio margin documentation, "Shocked IV" (docs.paradex.trade/risk/portfolio-margin).
/**
 * Factor on the vol shock for an option `dteDays` days from expiry: (ref / max(floor, DTE))^p, p =
 * power below ref days and longDatedPower at or above; 1 without scaling.
 * @example ivShockScale(7, { referenceDays: 30, power: 0.3, longDatedPower: 0.13, floorDays: 1 }) // (30/7)^0.3 = 1.5470...
 */
export function ivShockScale(dteDays: number, scaling?: IvShockScaling): number {
  if (!scaling) return 1;
  const p = dteDays < scaling.referenceDays ? scaling.power : (scaling.longDatedPower ?? scaling.power);
  return (scaling.referenceDays / Math.max(scaling.floorDays ?? 1, dteDays)) ** p;
}

/** IV after a relative shock scaled by `scale`, floored at IV_FLOOR. */
export function shockedIv(iv: number, volShock: number, scale: number): number {
  return Math.max(IV_FLOOR, iv * (1 + volShock * scale));
}

/**
 * P&L of one contract (quantity +1) of `ins` when its underlying moves by `move` (relative) and its
 * implied vol by `volShock` (relative, before DTE scaling).
 * @example instrumentUnitPnl(perpetual with multiplier 2 on a spot of 100, market, -0.1, 0.4) // -20
 */
export function instrumentUnitPnl(ins: Instrument, market: Market, move: number, volShock: number, options: RevalueOptions = {}): number {
  return unitRevaluer(ins, market, options)(move, volShock);
}

/** `instrumentUnitPnl` with the instrument's base value computed once: (move, volShock) => P&L. */
export function unitRevaluer(ins: Instrument, market: Market, options: RevalueOptions = {}): (move: number, volShock: number) => number {
  const s = market.spot[ins.underlyingIndex];
  const mult = ins.multiplier;
  if (ins.kind !== 'option') return (move) => mult * s * move;
  const r = market.rate;
  const k = ins.strike!;
  const isCall = ins.right === 'call';
  const t0 = ins.expiryYears!;
  const t1 = Math.max(0, t0 - (options.horizonDays ?? 0) / DAYS_PER_YEAR); // expired: intrinsic at the shocked spot
  const iv = optionIv(ins, market);
  const scale = ivShockScale(t0 * DAYS_PER_YEAR, options.ivShockScaling);
  const base = black76Price(s * Math.exp(r * t0), k, t0, iv, isCall, Math.exp(-r * t0));
  const growth1 = Math.exp(r * t1);
  const disc1 = Math.exp(-r * t1);
  return (move, volShock) => mult * (black76Price(s * (1 + move) * growth1, k, t1, shockedIv(iv, volShock, scale), isCall, disc1) - base);
}

/**
 * Weighted unit P&L of every instrument in every scenario: out[i * S + s] = weights[s] * P&L of
 * one contract of instrument i with its underlying u moved by moves[s * N + u] and vol-shocked by
 * volShocks[s * N + u] (N = market.symbols.length). With horizon 0 an unshocked cell is exactly 0
 * and is not repriced.
 */
export function unitPnlMatrix(
  instruments: readonly Instrument[], market: Market, moves: Float64Array, volShocks: Float64Array, weights: Float64Array, options: RevalueOptions = {},
): Float64Array {
  const S = weights.length;
  const N = market.symbols.length;
  const instant = (options.horizonDays ?? 0) === 0;
  const out = new Float64Array(instruments.length * S);
  instruments.forEach((ins, i) => {
    const pnl = unitRevaluer(ins, market, options);
    const u = ins.underlyingIndex;
    for (let s = 0; s < S; s++) {
      const m = moves[s * N + u];
      const v = volShocks[s * N + u];
      if (instant && m === 0 && v === 0) continue;
      out[i * S + s] = weights[s] * pnl(m, v);
    }
  });
  return out;
}
