/**
 * The main jobs as library calls (what `dynamargin calibrate`, `backtest` and `stress` run):
 * plain data in, plain data out.
 */
import type { Engine } from '../engine.js';
import type { Market } from '../market/types.js';
import { parsePortfolio } from '../portfolio/parsePortfolio.js';
import type { PortfolioFile, PortfolioFileInput } from '../portfolio/schema.js';
import type { PriceSeries } from '../prices/types.js';
import { PARADEX_PORTFOLIO_MARGIN, type StressGrid } from '../stress/grid.js';
import { historicalStressTest, type HistoricalStressResult } from '../stress/historical.js';
import { stressTest, type StressTestResult } from '../stress/stressBook.js';
import { runCalibration, type AssetCalibration, type CalibrationOptions, type CalibrationResult } from './run.js';

/**
 * The calibration run: per asset the walk-forward backtest, vol models, procyclicality and today's
 * rates; with a book, every account's policy margin, the whole-book VaR / ES and the stress tests.
 * @throws InputError for a bad config, history or book (naming the field)
 */
export function calibrate(
  engine: Engine,
  prices: readonly PriceSeries[],
  portfolio: PortfolioFileInput | undefined,
  options: CalibrationOptions,
): Promise<CalibrationResult> {
  return runCalibration(engine, prices, portfolio as PortfolioFile | undefined, options);
}

/** The per-asset part of `calibrate` alone (no book). */
export async function backtest(engine: Engine, prices: readonly PriceSeries[], options: CalibrationOptions): Promise<AssetCalibration[]> {
  return (await runCalibration(engine, prices, undefined, options)).assets;
}

export interface StressOptions {
  /** Hypothetical grid. Default: the Paradex portfolio-margin preset. */
  grid?: StressGrid;
  /** Insurance / default fund (USD) tested against Cover 2. */
  insuranceFund?: number;
  /** Price histories: also replay their worst historical windows on today's positions. */
  prices?: readonly PriceSeries[];
  /** Length of a historical window, days. Default 2. */
  horizonDays?: number;
}

/** Hypothetical (grid) and, with `prices`, historical stress tests of a book on a market. */
export function stress(
  portfolio: PortfolioFileInput,
  market: Market,
  options: StressOptions = {},
): { stress: StressTestResult; historicalStress?: HistoricalStressResult } {
  const book = parsePortfolio(portfolio as PortfolioFile, market, '<api>');
  const insurance = options.insuranceFund === undefined ? {} : { insuranceFund: options.insuranceFund };
  const result = stressTest(book, market, options.grid ?? PARADEX_PORTFOLIO_MARGIN, insurance);
  if (!options.prices) return { stress: result };
  return { stress: result, historicalStress: historicalStressTest(book, market, options.prices, { horizonDays: options.horizonDays ?? 2, ...insurance }) };
}
