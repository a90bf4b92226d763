/**
 * A built-in synthetic crypto market: deterministic daily OHLCV for a few assets, used by
 * `dynamargin demo` and by tests when no real data is given. Not real prices.
 *
 * Model (per day t, per asset i; all returns are log returns):
 * - one market factor m_t = sqrt(h_t) * z_t and idiosyncratic e_it = sqrt(g_it) * u_it, where z and
 *   u are unit-variance Student-t with 5 degrees of freedom (fat tails);
 * - h and g follow GARCH(1,1) recursions (volatility clustering). See: Bollerslev (1986),
 *   "Generalized autoregressive conditional heteroskedasticity", J. Econometrics 31;
 * - close-to-close return r_it = mu + beta_i * m_t + e_it (one-factor correlation);
 * - one crash day at 62% of the history: a common market shock of ln(0.65) (BTC about -35%,
 *   higher-beta assets more), after which market variance jumps to 9x its long-run level;
 * - open = previous close * exp(small gap); high and low are the extremes of a Brownian bridge from
 *   open to close with the day's conditional volatility, sampled from the bridge's maximum
 *   distribution P(M > m) = exp(-2 m (m - x) / s^2) (see: Glasserman (2004), Monte Carlo Methods
 *   in Financial Engineering, sec. 6.4), so H >= max(O, C) and L <= min(O, C);
 * - volume rises with conditional volatility and with the size of the day's move.
 * Prices are rounded to 8 significant digits after the bar is built (internal closes are not).
 */
import { InputError } from '../errors.js';
import type { PriceSeries } from '../prices/types.js';
import { RandomStream } from './random.js';

export interface SyntheticPricesOptions {
  /** (integer in [0, 2^32)) random seed. Default `SYNTHETIC_DEFAULTS.seed`. */
  seed?: number;
  /** (integer >= 2) number of daily bars, ending on `SYNTHETIC_DEFAULTS.endDate`. Default 1461 (4 years). */
  days?: number;
  /**
   * (string[]) asset symbols. Known symbols (BTC, ETH, SOL, BNB, XRP, DOGE) get their own profile;
   * others reuse the profiles in that order. Default the six known symbols.
   */
  symbols?: string[];
}

interface AssetProfile {
  /** Close before the first bar. */
  start: number;
  /** Loading on the market factor. */
  beta: number;
  /** Long-run daily volatility of the idiosyncratic part. */
  idioVol: number;
  /** Typical daily volume in quote currency. */
  volume: number;
}

const PROFILES: Readonly<Record<string, AssetProfile>> = {
  BTC: { start: 16500, beta: 1.0, idioVol: 0.012, volume: 2.5e10 },
  ETH: { start: 1200, beta: 1.15, idioVol: 0.016, volume: 1.2e10 },
  SOL: { start: 14, beta: 1.45, idioVol: 0.032, volume: 1.5e9 },
  BNB: { start: 290, beta: 0.85, idioVol: 0.018, volume: 1.0e9 },
  XRP: { start: 0.4, beta: 1.05, idioVol: 0.03, volume: 1.5e9 },
  DOGE: { start: 0.09, beta: 1.3, idioVol: 0.038, volume: 8.0e8 },
};

export const SYNTHETIC_DEFAULTS = {
  seed: 1,
  /** Four years of daily bars: 2022-11-21 .. 2026-11-20. */
  days: 1461,
  symbols: Object.keys(PROFILES) as readonly string[],
  /** Date of the last bar. */
  endDate: '2026-11-20',
} as const;

/** Student-t degrees of freedom of every innovation (excess kurtosis 6). */
const T_DOF = 6;
/** Long-run daily volatility of the market factor (about 53% annualized). */
const MARKET_VOL = 0.028;
/** GARCH(1,1) weights of the market factor and of idiosyncratic parts (persistence 0.98). */
const MARKET_ALPHA = 0.14;
const MARKET_BETA = 0.84;
const IDIO_ALPHA = 0.1;
const IDIO_BETA = 0.88;
/** Daily drift of every log price (about +15% a year). */
const DRIFT = 0.0004;
/** Crash: market log-return shock ln(0.65), at this fraction of the history, then variance x9. */
const CRASH_SHOCK = Math.log(0.65);
const CRASH_AT = 0.62;
const CRASH_VARIANCE_MULTIPLE = 9;
/** Overnight gap of the open in units of the day's volatility (crypto trades around the clock). */
const GAP_SCALE = 0.03;
const DAY_MS = 86_400_000;

/**
 * Generate the synthetic market (deterministic for a given seed).
 *
 * @returns one series per symbol, dates `YYYY-MM-DD` (UTC days), `source` "synthetic".
 * @throws InputError naming `seed`, `days` or `symbols` when an option is out of range.
 * @example
 * const [btc] = syntheticPrices({ symbols: ['BTC'], days: 3 });
 * btc.dates // ['2026-11-18', '2026-11-19', '2026-11-20']
 */
export function syntheticPrices(options: SyntheticPricesOptions = {}): PriceSeries[] {
  const seed = options.seed ?? SYNTHETIC_DEFAULTS.seed;
  const days = options.days ?? SYNTHETIC_DEFAULTS.days;
  const symbols = options.symbols ?? [...SYNTHETIC_DEFAULTS.symbols];
  if (!Number.isInteger(days) || days < 2) throw new InputError(`must be an integer >= 2; got ${days}`, { column: 'days' });
  if (symbols.length === 0) throw new InputError('must name at least one symbol', { column: 'symbols' });
  symbols.forEach((s, i) => {
    if (typeof s !== 'string' || s.trim() === '' || symbols.indexOf(s) !== i) {
      throw new InputError(`must be distinct non-empty strings; got "${String(s)}"`, { column: `symbols[${i}]` });
    }
  });
  const rng = new RandomStream(seed);
  const defaults = Object.values(PROFILES);
  const profiles = symbols.map((s, i) => PROFILES[s] ?? defaults[i % defaults.length]);

  const endMs = Date.parse(`${SYNTHETIC_DEFAULTS.endDate}T00:00:00Z`);
  const dates: string[] = [];
  const times = new Float64Array(days);
  for (let t = 0; t < days; t++) {
    times[t] = endMs - (days - 1 - t) * DAY_MS;
    dates.push(new Date(times[t]).toISOString().slice(0, 10));
  }

  const series = symbols.map((symbol) => ({
    symbol,
    dates: dates.slice(),
    times: times.slice(),
    open: new Float64Array(days),
    high: new Float64Array(days),
    low: new Float64Array(days),
    close: new Float64Array(days),
    volume: new Float64Array(days),
    source: 'synthetic',
  }));

  const marketLongRun = MARKET_VOL * MARKET_VOL;
  let marketVar = marketLongRun;
  const idioVar = profiles.map((p) => p.idioVol * p.idioVol);
  const prevClose = profiles.map((p) => p.start);
  const crashDay = Math.round(CRASH_AT * (days - 1));

  for (let t = 0; t < days; t++) {
    const crash = t === crashDay;
    const marketInnovation = Math.sqrt(marketVar) * rng.studentT(T_DOF);
    const market = crash ? CRASH_SHOCK : marketInnovation;
    for (let i = 0; i < profiles.length; i++) {
      const p = profiles[i];
      const idio = Math.sqrt(idioVar[i]) * rng.studentT(T_DOF);
      const dayVol = Math.sqrt(p.beta * p.beta * marketVar + idioVar[i]);
      const r = DRIFT + p.beta * market + idio;
      const gap = GAP_SCALE * dayVol * rng.normal();
      const o = prevClose[i] * Math.exp(gap);
      const c = prevClose[i] * Math.exp(r);
      // Brownian-bridge extremes of the intraday log path 0 -> x with volatility s (crash day: wider).
      const x = r - gap;
      const s = crash ? 3 * dayVol : dayVol;
      const up = (x + Math.sqrt(x * x - 2 * s * s * Math.log(rng.uniform()))) / 2;
      const down = (x - Math.sqrt(x * x - 2 * s * s * Math.log(rng.uniform()))) / 2;
      const out = series[i];
      out.open[t] = round8(o);
      out.close[t] = round8(c);
      out.high[t] = Math.max(round8(o * Math.exp(up)), out.open[t], out.close[t]);
      out.low[t] = Math.min(round8(o * Math.exp(down)), out.open[t], out.close[t]);
      const busy = (dayVol / Math.hypot(p.beta * MARKET_VOL, p.idioVol)) * (1 + Math.abs(r) / dayVol);
      out.volume[t] = Math.round(p.volume * 0.5 * busy * Math.exp(0.35 * rng.normal()));
      prevClose[i] = c;
      idioVar[i] = p.idioVol * p.idioVol * (1 - IDIO_ALPHA - IDIO_BETA) + IDIO_ALPHA * idio * idio + IDIO_BETA * idioVar[i];
    }
    marketVar =
      marketLongRun * (1 - MARKET_ALPHA - MARKET_BETA) +
      MARKET_ALPHA * marketInnovation * marketInnovation +
      MARKET_BETA * marketVar;
    if (crash) marketVar = Math.max(marketVar, CRASH_VARIANCE_MULTIPLE * marketLongRun);
  }
  return series;
}

/** Round to 8 significant digits (readable CSV; the bar is made consistent afterwards). */
function round8(x: number): number {
  return Number(x.toPrecision(8));
}
