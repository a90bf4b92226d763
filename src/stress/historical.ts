/**
 * Historical stress: every h-day window of the price history replayed on today's positions, the
 * worst windows for the whole book, and each account's worst window.
 *
 * Choices (documented):
 * - Windows are all overlapping h-step windows of the dates common to the market's symbols (at or
 *   before market.asOf); the relative move of underlying u is C_u(t) / C_u(t - h) - 1 (= exp(log
 *   return) - 1), applied to today's spot as an instant shock.
 * - Historical windows carry no IV shock: options are repriced at today's implied vol (the price
 *   history has no IV history).
 * - Windows are ranked by the book's total loss (sum of the accounts' losses, gains offsetting)
 *   unless `rankBy: 'uncoveredLoss'` (sum of the accounts' losses beyond their collateral, what a
 *   default fund must absorb); ties go to the earlier window.
 */
import { InputError } from '../errors.js';
import type { Market } from '../market/types.js';
import type { Portfolio } from '../portfolio/types.js';
import { alignCloses } from '../market/alignCloses.js';
import type { PriceSeries } from '../prices/types.js';
import { bookSummary, checkInsuranceFund, type BookSummary } from './bookSummary.js';
import { runScenarios, type EngineOptions } from './scenarioEngine.js';

export interface HistoricalStressOptions extends Omit<EngineOptions, 'ivShockScaling' | 'horizonDays'> {
  /** (integer >= 1) window length in steps of the common date grid (days for daily bars). Default 1. */
  horizonDays?: number;
  /** (integer >= 1) worst windows returned. Default 10. */
  count?: number;
  /** ('totalLoss' | 'uncoveredLoss') book figure the windows are ranked by. Default 'totalLoss'. */
  rankBy?: 'totalLoss' | 'uncoveredLoss';
  /** (number >= 0) insurance / default fund, USD, tested against Cover 2. Default: not tested. */
  insuranceFund?: number;
}

export const HISTORICAL_STRESS_DEFAULTS = { horizonDays: 1, count: 10, rankBy: 'totalLoss' } as const;

/** One replayed window. */
export interface HistoricalWindow {
  /** 'YYYY-MM-DD..YYYY-MM-DD' (UTC dates of the first and last close). */
  label: string;
  /** Dates of the first and last close as written in the first market symbol's series. */
  from: string;
  to: string;
  /** Relative move of each market underlying over the window, market order. */
  moves: Float64Array;
}

export interface HistoricalAccountStress {
  id: string;
  /** Largest loss over all windows, USD (negative when every window is a gain). */
  worstLoss: number;
  worstWindow: { label: string; from: string; to: string };
  collateral: number;
  /** max(0, worstLoss - collateral). */
  shortfall: number;
}

export interface HistoricalStressResult {
  /** The worst `count` windows by `rankBy`, worst first, with the book's total and uncovered loss. */
  scenarios: (HistoricalWindow & { totalLoss: number; uncoveredLoss: number })[];
  /** In portfolio order; each account's worst over all windows. */
  accounts: HistoricalAccountStress[];
  /** Over all windows; `book.scenarios` lists the returned worst windows only. */
  book: BookSummary;
  /** Windows replayed. */
  windows: number;
}

/**
 * Replays every `horizonDays` window of the aligned history on the portfolio (see the file
 * comment) and returns the worst windows and each account's worst window.
 * @throws InputError for bad options, a market symbol without (or with two) price series, a close
 *   that is not a finite number > 0, a history without a full window, or bad collateral.
 */
export function historicalStressTest(portfolio: Portfolio, market: Market, series: readonly PriceSeries[], options: HistoricalStressOptions = {}): HistoricalStressResult {
  const opts = { ...HISTORICAL_STRESS_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as HistoricalStressOptions & typeof HISTORICAL_STRESS_DEFAULTS;
  const bad = (column: string, rule: string, got: unknown): never => {
    throw new InputError(`must be ${rule}; got ${String(got)}`, { column });
  };
  if (!Number.isInteger(opts.horizonDays) || opts.horizonDays < 1) bad('horizonDays', 'an integer >= 1', opts.horizonDays);
  if (!Number.isInteger(opts.count) || opts.count < 1) bad('count', 'an integer >= 1', opts.count);
  if (opts.rankBy !== 'totalLoss' && opts.rankBy !== 'uncoveredLoss') bad('rankBy', '"totalLoss" or "uncoveredLoss"', opts.rankBy);
  checkInsuranceFund(opts.insuranceFund);

  const windows = historicalWindows(series, market, opts.horizonDays);
  const N = market.symbols.length;
  const S = windows.length;
  const moves = new Float64Array(S * N);
  windows.forEach((w, s) => moves.set(w.moves, s * N));
  const { horizonDays: _h, count: _c, rankBy: _r, insuranceFund: _f, ...engineOptions } = opts;
  const result = runScenarios(portfolio, market, { moves, volShocks: new Float64Array(S * N), weights: new Float64Array(S).fill(1) }, engineOptions);

  const rankOf = opts.rankBy === 'totalLoss' ? result.totalLoss : result.uncoveredLoss;
  const order = Array.from({ length: S }, (_, s) => s).sort((a, b) => rankOf[b] - rankOf[a] || a - b).slice(0, opts.count);
  const scenarios = order.map((s) => ({ ...windows[s], totalLoss: result.totalLoss[s], uncoveredLoss: result.uncoveredLoss[s] }));
  const book = bookSummary(result, windows.map((w) => w.label), opts.insuranceFund);
  book.scenarios = scenarios.map(({ label, totalLoss, uncoveredLoss }) => ({ label, totalLoss, uncoveredLoss }));
  return {
    scenarios,
    accounts: result.accounts.map((a) => {
      const w = windows[a.worstIndex];
      return { id: a.id, worstLoss: a.worstLoss, worstWindow: { label: w.label, from: w.from, to: w.to }, collateral: a.collateral, shortfall: a.shortfall };
    }),
    book,
    windows: S,
  };
}

/**
 * Every overlapping h-step window of the closes of the market's symbols on their common dates at
 * or before market.asOf, oldest first: moves_u = C_u(t) / C_u(t - h) - 1.
 * @throws InputError (see `historicalStressTest`).
 */
export function historicalWindows(series: readonly PriceSeries[], market: Market, horizonDays: number): HistoricalWindow[] {
  if (!Number.isInteger(horizonDays) || horizonDays < 1) throw new InputError(`must be an integer >= 1; got ${horizonDays}`, { column: 'horizonDays' });
  const { times, dates, closes } = alignCloses(series, market);
  const h = horizonDays;
  if (times.length <= h) {
    throw new InputError(`a ${h}-day window needs more than ${h} common dates at or before ${market.asOf}; the series share ${times.length}`, { column: 'series' });
  }
  const N = market.symbols.length;
  const written = (row: number): string => dates[row];
  const isoDay = (row: number): string => new Date(times[row]).toISOString().slice(0, 10);
  const out: HistoricalWindow[] = [];
  for (let t = h; t < times.length; t++) {
    const moves = new Float64Array(N);
    for (let i = 0; i < N; i++) moves[i] = closes[t * N + i] / closes[(t - h) * N + i] - 1;
    out.push({ label: `${isoDay(t - h)}..${isoDay(t)}`, from: written(t - h), to: written(t), moves });
  }
  return out;
}
