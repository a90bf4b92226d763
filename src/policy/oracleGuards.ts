/**
 * Oracle guards in the spirit of Drift's oracle guard rails (protocol-v2 state.rs OracleGuardRails,
 * math/oracle.rs oracle validity): stale price, too-wide confidence interval, price far from its
 * TWAP, mark far from index. A guarded underlying is handled conservatively by the requirement:
 * valued at the worse of oracle, mark and TWAP for the holder, its notional taken at the highest of
 * them, and its share of the risk requirement widened by `oracle.shockMultiplier`.
 */
import type { PolicyConfig } from './config.js';

/** What the oracle says about one underlying besides its price. Omitted fields are not checked. */
export interface OracleReading {
  /** Publish time of the oracle price, ms since the epoch. */
  publishTimeMs?: number;
  /** Half-width of the oracle's confidence interval, USD (e.g. Pyth `conf`). */
  confidence?: number;
  /** Recent time-weighted average of the oracle price, USD. */
  twap?: number;
  /** Venue mark price, USD. */
  mark?: number;
  /** Index price the mark is compared with, USD. Default: the oracle price. */
  index?: number;
}

export type GuardCode = 'oracle-stale' | 'oracle-uncertain' | 'oracle-twap-divergence' | 'mark-index-divergence';

/** A condition that changed how a result was computed; set on every affected account result. */
export interface PolicyFlag {
  code: GuardCode;
  /** Underlying concerned. */
  symbol: string;
  message: string;
}

/**
 * Guards that trip for one underlying (empty when the price can be trusted).
 * @param price oracle price, USD
 * @param nowMs evaluation time, ms since the epoch; staleness is checked only when both times are known
 */
export function oracleGuardFlags(
  symbol: string,
  price: number,
  reading: OracleReading | undefined,
  nowMs: number | undefined,
  config: PolicyConfig['oracle'],
): PolicyFlag[] {
  if (!reading) return [];
  const flags: PolicyFlag[] = [];
  const pct = (x: number): string => `${(100 * x).toPrecision(3)}%`;
  if (reading.publishTimeMs !== undefined && nowMs !== undefined) {
    const ageSeconds = (nowMs - reading.publishTimeMs) / 1000;
    if (ageSeconds > config.maxStalenessSeconds) {
      flags.push({ code: 'oracle-stale', symbol, message: `oracle price is ${ageSeconds} s old (limit ${config.maxStalenessSeconds} s)` });
    }
  }
  if (reading.confidence !== undefined) {
    const width = reading.confidence / price;
    if (width > config.maxConfidenceFraction) {
      flags.push({ code: 'oracle-uncertain', symbol, message: `oracle confidence interval is ${pct(width)} of price (limit ${pct(config.maxConfidenceFraction)})` });
    }
  }
  if (reading.twap !== undefined) {
    const gap = Math.abs(price - reading.twap) / reading.twap;
    if (gap > config.maxTwapDivergence) {
      flags.push({ code: 'oracle-twap-divergence', symbol, message: `oracle price is ${pct(gap)} from its TWAP (limit ${pct(config.maxTwapDivergence)})` });
    }
  }
  if (reading.mark !== undefined) {
    const index = reading.index ?? price;
    const gap = Math.abs(reading.mark - index) / index;
    if (gap > config.maxMarkIndexDivergence) {
      flags.push({ code: 'mark-index-divergence', symbol, message: `mark is ${pct(gap)} from the index (limit ${pct(config.maxMarkIndexDivergence)})` });
    }
  }
  return flags;
}

/**
 * The worse price for a holder in conservative mode: the lowest of oracle, mark and TWAP for a long
 * (or collateral), the highest for a short.
 */
export function conservativePrice(price: number, reading: OracleReading | undefined, side: 'long' | 'short'): number {
  const candidates = [price];
  if (reading?.mark !== undefined) candidates.push(reading.mark);
  if (reading?.twap !== undefined) candidates.push(reading.twap);
  return side === 'long' ? Math.min(...candidates) : Math.max(...candidates);
}
