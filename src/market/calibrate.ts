/** Calibrate a Market (spots, EWMA vols, EWMA correlation) from price histories. */
import { InputError } from '../errors.js';
import { parseTimestamp } from '../io/parseTimestamp.js';
import { checkCorrelation } from '../linalg/checkCorrelation.js';
import { cholesky } from '../linalg/cholesky.js';
import { nearestCorrelation } from '../linalg/nearestCorrelation.js';
import type { PriceSeries } from '../prices/types.js';
import { ewmaCovariance } from './ewmaCovariance.js';
import type { Market } from './types.js';

const DAY_MS = 86_400_000;
/** Fewest common log returns in the lookback window that calibration accepts. */
export const MIN_CALIBRATION_RETURNS = 10;

export interface CalibrateOptions {
  /** (number in (0, 1)) EWMA decay. Default 0.94 (RiskMetrics 1996, daily). */
  lambda?: number;
  /** (number > 0) calendar days before asOf whose common dates are used. Default 365. */
  lookbackDays?: number;
  /** (integer >= 1) returns averaged to seed the EWMA covariance. Default 30. */
  seedReturns?: number;
  /** (number > 0) periods per year for annualizing vols. Default 365 (daily bars, crypto). */
  annualization?: number;
  /** (ISO 8601) valuation time; later bars are ignored. Default: the last date all series share. */
  asOf?: string;
  /** (number) annual risk-free rate copied into the market. Default 0. */
  rate?: number;
}

export const CALIBRATE_DEFAULTS = { lambda: 0.94, lookbackDays: 365, seedReturns: 30, annualization: 365, rate: 0 } as const;

/**
 * Market from price histories:
 * - dates: the intersection of all series' `times`, at or before asOf and at most `lookbackDays`
 *   before it; log returns ln(C_t / C_{t−1}) between consecutive common dates;
 * - vols: sqrt(annualization · EWMA variance); correlation: EWMA covariance normalized,
 *   ρ_ij = Σ_ij / sqrt(Σ_ii Σ_jj) (RiskMetrics 1996 §5.3), see `ewmaCovariance` for the seed; an
 *   asset with zero variance gets correlation 0 with the others;
 * - spots: each series' last close at or before asOf.
 * The correlation always passes `checkCorrelation` and `cholesky` (it is PSD by construction; were
 * rounding to break that, it is repaired with `nearestCorrelation`).
 * @throws InputError for duplicate symbols, bad options, non-positive closes, or fewer than
 *   MIN_CALIBRATION_RETURNS common returns.
 */
export function calibrateMarket(series: readonly PriceSeries[], options: CalibrateOptions = {}): Market {
  const opts = { ...CALIBRATE_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as typeof CALIBRATE_DEFAULTS & { asOf?: string };
  validateOptions(opts);
  if (series.length === 0) throw new InputError('at least one price series is required', { column: 'series' });
  const symbols = series.map((s) => s.symbol);
  symbols.forEach((s, i) => {
    const j = symbols.indexOf(s);
    if (j !== i) throw new InputError(`duplicate symbol "${s}" (series ${j} and ${i})`, { column: 'series' });
  });

  let asOfMs = Infinity;
  if (opts.asOf !== undefined) {
    const t = parseTimestamp(opts.asOf);
    if (typeof t === 'string') throw new InputError(t, { column: 'asOf' });
    asOfMs = t;
  }
  const { times: common, indexByTime } = commonTimes(series, asOfMs);
  if (common.length === 0) throw new InputError('the price series share no dates at or before asOf', { column: 'series' });
  if (opts.asOf === undefined) asOfMs = common[common.length - 1];
  const start = asOfMs - opts.lookbackDays * DAY_MS;
  const dates = common.filter((t) => t >= start);
  const m = dates.length - 1;
  if (m < MIN_CALIBRATION_RETURNS) {
    throw new InputError(
      `only ${Math.max(m, 0)} common log returns in the ${opts.lookbackDays}-day lookback before ` +
        `${new Date(asOfMs).toISOString()}; need at least ${MIN_CALIBRATION_RETURNS}`,
      { column: 'series' },
    );
  }

  const n = series.length;
  const returns = new Float64Array(m * n);
  const spot = new Float64Array(n);
  series.forEach((s, i) => {
    const closeAt = (t: number): number => {
      const k = indexByTime[i].get(t)!;
      const c = s.close[k];
      if (!(c > 0 && Number.isFinite(c))) {
        throw new InputError(`close on ${s.dates[k] ?? new Date(t).toISOString()} is ${c}: must be a finite number > 0`, { file: s.source, column: s.symbol });
      }
      return c;
    };
    let prev = Math.log(closeAt(dates[0]));
    for (let t = 1; t <= m; t++) {
      const cur = Math.log(closeAt(dates[t]));
      returns[(t - 1) * n + i] = cur - prev;
      prev = cur;
    }
    let last = s.times.length - 1;
    while (last > 0 && s.times[last] > asOfMs) last--;
    spot[i] = closeAt(s.times[last]);
  });

  const cov = ewmaCovariance(returns, m, n, opts.lambda, opts.seedReturns);
  const vol = new Float64Array(n);
  for (let i = 0; i < n; i++) vol[i] = Math.sqrt(cov[i * n + i] * opts.annualization);
  let correlation = normalize(cov, n);
  try {
    checkCorrelation(correlation, n, symbols, '<calibrated>');
    cholesky(correlation, n, { symbols });
  } catch {
    correlation = nearestCorrelation(correlation, n).correlation;
  }
  return {
    asOf: opts.asOf ?? new Date(asOfMs).toISOString(),
    asOfMs,
    rate: opts.rate,
    symbols,
    spot,
    vol,
    correlation,
  };
}

/**
 * Alignment of price series on common dates: the times (unix ms, increasing) present in every
 * series and <= asOfMs, and for each series a map from time to its bar index.
 */
export function commonTimes(series: readonly PriceSeries[], asOfMs: number): { times: number[]; indexByTime: Map<number, number>[] } {
  const indexByTime = series.map((s) => {
    const map = new Map<number, number>();
    s.times.forEach((t, i) => map.set(t, i));
    return map;
  });
  const times: number[] = [];
  if (series.length === 0) return { times, indexByTime };
  for (const t of series[0].times) if (t <= asOfMs && indexByTime.every((m) => m.has(t))) times.push(t);
  return { times, indexByTime };
}

/** Covariance to correlation; exact unit diagonal, entries clamped to [-1, 1]. */
function normalize(cov: Float64Array, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    c[i * n + i] = 1;
    for (let j = 0; j < i; j++) {
      const d = Math.sqrt(cov[i * n + i] * cov[j * n + j]);
      const rho = d > 0 ? Math.min(1, Math.max(-1, cov[i * n + j] / d)) : 0;
      c[i * n + j] = c[j * n + i] = rho;
    }
  }
  return c;
}

function validateOptions(o: typeof CALIBRATE_DEFAULTS & { asOf?: string }): void {
  const bad = (column: string, rule: string, got: unknown): never => {
    throw new InputError(`must be ${rule}; got ${String(got)}`, { column });
  };
  if (!(o.lambda > 0 && o.lambda < 1)) bad('lambda', 'in (0, 1)', o.lambda);
  if (!(o.lookbackDays > 0 && Number.isFinite(o.lookbackDays))) bad('lookbackDays', 'a finite number > 0', o.lookbackDays);
  if (!(Number.isInteger(o.seedReturns) && o.seedReturns >= 1)) bad('seedReturns', 'an integer >= 1', o.seedReturns);
  if (!(o.annualization > 0 && Number.isFinite(o.annualization))) bad('annualization', 'a finite number > 0', o.annualization);
  if (!Number.isFinite(o.rate)) bad('rate', 'a finite number', o.rate);
}
