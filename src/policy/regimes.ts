/**
 * Volatility regimes with hysteresis (a Schmitt trigger): regime i+1 is entered when vol >=
 * upThresholds[i] and left only when vol < downThresholds[i], so a vol oscillating between the
 * two thresholds changes regime once, not every day. Regime 0 is the calmest.
 */
import type { PolicyConfig } from './config.js';

type RegimeConfig = PolicyConfig['regimes'];

/**
 * Today's regime from yesterday's and today's volatility. Several regimes can be crossed in one day.
 * A NaN vol (not yet defined) keeps the previous regime.
 * @param previous yesterday's regime index (0 on the first day)
 * @param vol today's annualized volatility
 */
export function nextRegime(previous: number, vol: number, config: RegimeConfig): number {
  if (Number.isNaN(vol)) return previous;
  const { upThresholds: up, downThresholds: down } = config;
  let r = previous;
  while (r < up.length && vol >= up[r]) r++;
  while (r > 0 && vol < down[r - 1]) r--;
  return r;
}

/**
 * Regime index of every day of a volatility series, starting from regime `initial`.
 * @example regimeSeries([0.5, 0.85, 0.75, 0.81, 0.6], { upThresholds: [0.8], downThresholds: [0.7], multipliers: [1, 1.25] }) // [0, 1, 1, 1, 0]
 */
export function regimeSeries(vols: ArrayLike<number>, config: RegimeConfig, initial = 0): number[] {
  const out: number[] = [];
  let r = initial;
  for (let t = 0; t < vols.length; t++) {
    r = nextRegime(r, vols[t], config);
    out.push(r);
  }
  return out;
}

/** The requirement multiplier of a regime. */
export function regimeMultiplier(regime: number, config: RegimeConfig): number {
  return config.multipliers[Math.max(0, Math.min(regime, config.multipliers.length - 1))];
}
