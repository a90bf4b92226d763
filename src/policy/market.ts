/**
 * One day's market as the policy sees it: per underlying the price, the blended volatility, the
 * regime (with hysteresis carried from the previous day) and the oracle guard flags. Computed once
 * per day and shared by every account's `accountRequirement`.
 *
 * @example walk-forward
 * let regimes: Record<string, number> = {};
 * for (const day of days) {
 *   const market = prepareMarket(day.snapshot, config, regimes);
 *   regimes = market.regimes;
 *   // ... accountRequirement(account, market, config, states[account.id]) for each account
 * }
 */
import { InputError } from '../errors.js';
import { blendVolatility } from './blendVolatility.js';
import type { PolicyConfig } from './config.js';
import { oracleGuardFlags, type OracleReading, type PolicyFlag } from './oracleGuards.js';
import { nextRegime, regimeMultiplier } from './regimes.js';

/** Inputs for one underlying (or collateral asset) on one day. */
export interface UnderlyingSnapshot {
  /** Oracle (index) price, USD per unit (> 0). */
  priceUsd: number;
  /** Annualized realized volatility (EWMA by default, from engine.volatility), >= 0. */
  realizedVol: number;
  /** Annualized implied volatility, >= 0; blended in when given. */
  impliedVol?: number;
  /** Annualized volatility over antiProcyclicality.floorLookbackDays (10 years or all available); needed by the floor. */
  longRunVol?: number;
  /** Half bid-ask spread as a fraction of price. Default liquidity.halfSpread. */
  halfSpread?: number;
  /** Average daily traded notional, USD (> 0); enables the market-impact part of the liquidity add-on. */
  advUsd?: number;
  /** Market open interest, USD notional; read by the dYdX scheme with basis "open-interest". */
  openInterestUsd?: number;
  /** Oracle metadata for the guards. */
  oracle?: OracleReading;
}

export interface MarketSnapshot {
  /** Evaluation time, ms since the epoch (for staleness). */
  nowMs?: number;
  underlyings: Record<string, UnderlyingSnapshot>;
}

export interface PolicyUnderlying extends UnderlyingSnapshot {
  symbol: string;
  /** Blended, floored annualized volatility. */
  vol: number;
  regime: number;
  multiplier: number;
  /** Oracle guards that tripped; non-empty = conservative mode. */
  flags: PolicyFlag[];
}

export interface PolicyMarket {
  nowMs?: number;
  underlyings: Record<string, PolicyUnderlying>;
  /** Today's regime by symbol (and yesterday's for symbols absent today): pass as `previousRegimes` tomorrow. */
  regimes: Record<string, number>;
}

/**
 * Validate a day's snapshot and derive the policy's view of it.
 * @param previousRegimes yesterday's `regimes` (hysteresis state); omitted on the first day (all regime 0)
 * @throws InputError naming the field, e.g. `market.underlyings.BTC.priceUsd: must be a finite number > 0; got -1`
 */
export function prepareMarket(snapshot: MarketSnapshot, config: PolicyConfig, previousRegimes: Record<string, number> = {}): PolicyMarket {
  const underlyings: Record<string, PolicyUnderlying> = {};
  // Symbols missing today keep their regime for when they come back.
  const regimes: Record<string, number> = { ...previousRegimes };
  if (snapshot.nowMs !== undefined) finite(snapshot.nowMs, 'market.nowMs', -Infinity);
  for (const symbol of Object.keys(snapshot.underlyings).sort()) {
    const u = snapshot.underlyings[symbol];
    const at = `market.underlyings${pathKey(symbol)}`;
    finite(u.priceUsd, `${at}.priceUsd`, 0, true);
    finite(u.realizedVol, `${at}.realizedVol`, 0);
    if (u.impliedVol !== undefined) finite(u.impliedVol, `${at}.impliedVol`, 0);
    if (u.longRunVol !== undefined) finite(u.longRunVol, `${at}.longRunVol`, 0);
    if (u.halfSpread !== undefined) finite(u.halfSpread, `${at}.halfSpread`, 0);
    if (u.advUsd !== undefined) finite(u.advUsd, `${at}.advUsd`, 0, true);
    if (u.openInterestUsd !== undefined) finite(u.openInterestUsd, `${at}.openInterestUsd`, 0);
    const o = u.oracle;
    if (o?.publishTimeMs !== undefined) finite(o.publishTimeMs, `${at}.oracle.publishTimeMs`, -Infinity);
    if (o?.confidence !== undefined) finite(o.confidence, `${at}.oracle.confidence`, 0);
    for (const key of ['twap', 'mark', 'index'] as const) if (o?.[key] !== undefined) finite(o[key], `${at}.oracle.${key}`, 0, true);
    const vol = blendVolatility(u.realizedVol, u.impliedVol, config.volatility);
    const regime = nextRegime(previousRegimes[symbol] ?? 0, vol, config.regimes);
    regimes[symbol] = regime;
    underlyings[symbol] = {
      ...u,
      symbol,
      vol,
      regime,
      multiplier: regimeMultiplier(regime, config.regimes),
      flags: oracleGuardFlags(symbol, u.priceUsd, o, snapshot.nowMs, config.oracle),
    };
  }
  return { nowMs: snapshot.nowMs, underlyings, regimes };
}

/** Throw unless x is a finite number >= min (> min when strict). */
export function finite(x: unknown, column: string, min: number, strict = false): void {
  const ok = typeof x === 'number' && Number.isFinite(x) && (strict ? x > min : x >= min);
  if (!ok) {
    const rule = min === -Infinity ? 'a finite number' : `a finite number ${strict ? '>' : '>='} ${min}`;
    throw new InputError(`must be ${rule}; got ${typeof x === 'number' ? x : JSON.stringify(x)}`, { column });
  }
}

/** `.BTC` or `["BTC-PERP"]`: a record key as a JSON path segment. */
export function pathKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
