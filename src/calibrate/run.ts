/**
 * The calibration run (`dynamargin calibrate`, `npm start`): from price histories, a policy config
 * and optionally a book, everything a risk committee reviews:
 * - per asset: volatility models fitted by maximum likelihood, the walk-forward backtest of the
 *   policy's margin rate (long and short), procyclicality measures, and the margin scaling that
 *   meets the coverage target out of sample;
 * - per account (when a book is given): Monte Carlo risk turned into initial and maintenance margin
 *   by the policy, with health, margin calls and the explain breakdown;
 * - stress results when a stress function is supplied.
 */
import { ACERBI_SZEKELY_Z2_CRITICAL_5PCT, acerbiSzekelyZ2 } from '../backtest/acerbiSzekely.js';
import { coverageReport, type CoverageReport } from '../backtest/coverageReport.js';
import { normalMarginRate } from '../backtest/marginRate.js';
import { procyclicality, type ProcyclicalityResult } from '../backtest/procyclicality.js';
import { calibrateScaling, type ScalingCalibration } from '../backtest/scaling.js';
import { walkForward, type BacktestModel, type WalkForwardResult } from '../backtest/walkForward.js';
import { compareVolModels, type VolModelScore } from '../calibration/compareVolModels.js';
import type { Engine } from '../engine.js';
import { entryFromJson, scheduledRates } from '../optimize/schedule.js';
import { calibrateMarket } from '../market/calibrate.js';
import type { Market } from '../market/types.js';
import type { AccountRisk, VarMeta } from '../montecarlo/book.js';
import type { PolicyConfig } from '../policy/config.js';
import { bookPolicyMargins } from '../policy/bookMargins.js';
import { riskOptionsFor } from '../policy/engineInputs.js';
import { collectMarginCalls, type MarginCall } from '../policy/health.js';
import type { AccountRequirement } from '../policy/requirement.js';
import { parsePortfolio } from '../portfolio/parsePortfolio.js';
import type { PortfolioFile } from '../portfolio/schema.js';
import { PARADEX_PORTFOLIO_MARGIN, type StressGrid } from '../stress/grid.js';
import { historicalStressTest, type HistoricalStressResult } from '../stress/historical.js';
import { stressTest, type StressTestResult } from '../stress/stressBook.js';
import type { PriceSeries } from '../prices/types.js';
import type { SurfaceDynamics } from '../montecarlo/options.js';
import { mergeSurfaces } from '../surface/mergeSurfaces.js';
import type { SurfaceSet } from '../surface/surfaceFile.js';

export interface CalibrationOptions {
  config: PolicyConfig;
  /** Margin-rate model of the per-asset backtest. Default `normal`. */
  backtestModel?: BacktestModel;
  /** Monte Carlo scenarios for the book. Default 10,000. */
  scenarios?: number;
  seed?: number;
  /** Implied vol histories by symbol (annualized fraction, aligned by date), e.g. from DVOL files. */
  impliedVol?: Record<string, PriceSeries>;
  /** Hypothetical stress grid for the book. Default: the Paradex portfolio-margin preset. */
  stressGrid?: StressGrid;
  /** Insurance / default fund (USD) tested against the stressed shortfalls (Cover 2). */
  insuranceFund?: number;
  /** Implied-vol surfaces for the book's options (on the calibrated market's underlyings). */
  surfaces?: SurfaceSet;
  /** How the surfaces move in the book's scenarios. Default `sticky-strike`. */
  surfaceDynamics?: SurfaceDynamics;
  onProgress?: (stage: string, fraction: number) => void;
}

export interface AssetCalibration {
  symbol: string;
  source?: string;
  firstDate: string;
  lastDate: string;
  lastClose: number;
  /** Fitted volatility models ranked by AIC (null when the history is too short). */
  volModels: VolModelScore[] | null;
  /** Latest blended volatility, regime and margin rates in force. */
  current: { date: string; vol: number; regime: number; rateLong: number; rateShort: number };
  /** Where the current rates come from: the config's calibrated schedule for this symbol, or the policy's own rate. */
  rateSource: 'calibrated' | 'policy';
  backtest: CoverageReport;
  backtestShort: CoverageReport;
  procyclicality: ProcyclicalityResult;
  /**
   * ES backtest (Acerbi & Szekely 2014, Z2) of the normal model's daily ES at the policy's ES
   * confidence, long side, before the policy's multipliers: about 0 when ES is right, below the
   * critical value (-0.70 at 5%, calibrated for 250 days at 2.5%) when ES is understated.
   */
  esBacktest: { alpha: number; z2: number; critical5pct: number; rejected: boolean };
  scaling: ScalingCalibration;
  /** Mean margin rate (long), fraction of notional. */
  meanRate: number;
  walk: WalkForwardResult;
  walkShort: WalkForwardResult;
  /** Per bar, the rates of the config's calibrated schedule for this symbol (when it has one). */
  calibrated?: { long: Float64Array; short: Float64Array };
}

export interface BookCalibration {
  market: Market;
  risk: { accounts: AccountRisk[]; meta: VarMeta };
  /** Loss of the whole book (every position, netted by instrument) in each scenario, USD. */
  bookLoss: Float64Array;
  accounts: AccountRequirement[];
  marginCalls: MarginCall[];
  stress: StressTestResult;
  historicalStress: HistoricalStressResult;
}

export interface CalibrationResult {
  assets: AssetCalibration[];
  book?: BookCalibration;
}

export async function runCalibration(
  engine: Engine,
  prices: readonly PriceSeries[],
  portfolio: PortfolioFile | undefined,
  options: CalibrationOptions,
): Promise<CalibrationResult> {
  const { config } = options;
  const progress = options.onProgress ?? (() => {});
  const vol = config.volatility;
  progress('volatility', 0);
  const panel = await engine.volatilityPanel(prices, { estimator: vol.estimator, window: vol.window, lambda: vol.lambda, annualization: vol.annualization });
  const assets: AssetCalibration[] = [];
  let at = 0;
  for (const [i, series] of prices.entries()) {
    const realized = panel.subarray(at, at + series.close.length);
    at += series.close.length;
    const implied = alignImplied(series, options.impliedVol?.[series.symbol]);
    const walkOptions = { config, model: options.backtestModel ?? 'normal', impliedVol: implied };
    const long = walkForward(series, realized, { ...walkOptions, side: 'long' });
    const short = walkForward(series, realized, { ...walkOptions, side: 'short' });
    const n = series.close.length;
    const calibrated = calibratedRates(series, config);
    assets.push({
      symbol: series.symbol,
      source: series.source,
      firstDate: series.dates[0],
      lastDate: series.dates[series.dates.length - 1],
      lastClose: series.close[series.close.length - 1],
      volModels: fitVolModels(series),
      // today's figures come from today's bar; only the backtest rows stop horizonDays earlier
      current: {
        date: long.latest.date,
        vol: long.latest.vol,
        regime: long.latest.regime,
        rateLong: calibrated ? calibrated.long[n - 1] : long.latest.rate,
        rateShort: calibrated ? calibrated.short[n - 1] : short.latest.rate,
      },
      rateSource: calibrated ? 'calibrated' : 'policy',
      calibrated,
      backtest: coverageReport(long.realizedLoss, long.rate, backtestCoverage(config)),
      backtestShort: coverageReport(short.realizedLoss, short.rate, backtestCoverage(config)),
      procyclicality: procyclicality(long.rate, long.dates),
      esBacktest: esBacktest(long, config),
      scaling: calibrateScaling(long.rate, long.realizedLoss, { coverage: backtestCoverage(config) }),
      meanRate: long.rate.reduce((a, b) => a + b, 0) / long.rate.length,
      walk: long,
      walkShort: short,
    });
    progress('backtest', (i + 1) / prices.length);
  }
  if (!portfolio) return { assets };
  return { assets, book: await bookMargins(engine, prices, assets, portfolio, options) };
}

/** Per bar, the rates of the config's calibrated schedule for this symbol (undefined without one). */
function calibratedRates(series: PriceSeries, config: PolicyConfig): { long: Float64Array; short: Float64Array } | undefined {
  const sides = config.calibrated?.byUnderlying[series.symbol];
  if (!sides) return undefined;
  const rates = (side: 'long' | 'short') => scheduledRates(series, side, config.calibrated!.settings, sides[side].map(entryFromJson));
  return { long: rates('long'), short: rates('short') };
}

/** The coverage the backtest tests: VaR's confidence (ES at 97.5% is read against 99% VaR coverage, as in FRTB). */
export function backtestCoverage(config: PolicyConfig): number {
  return config.base.varConfidence;
}

async function bookMargins(
  engine: Engine,
  prices: readonly PriceSeries[],
  assets: readonly AssetCalibration[],
  portfolio: PortfolioFile,
  options: CalibrationOptions,
): Promise<BookCalibration> {
  const { config } = options;
  // the Monte Carlo runs on the policy's volatility (blended, floored) and the EWMA correlation
  const calibrated = calibrateMarket([...prices], { lambda: config.volatility.lambda });
  const flat: Market = { ...calibrated, vol: Float64Array.from(calibrated.symbols, (s) => assets.find((a) => a.symbol === s)!.current.vol) };
  const market = options.surfaces ? mergeSurfaces(flat, options.surfaces) : flat;
  const book = await engine.book(portfolio, market, {
    ...riskOptionsFor(config),
    scenarios: options.scenarios ?? 10_000,
    seed: options.seed ?? 1,
    surfaceDynamics: options.surfaceDynamics,
    onProgress: (f) => options.onProgress?.('book', f),
  });
  const risk = book.result;
  const bookLoss = netBookLoss(portfolio, (id) => book.instrumentPnl(id));
  book.release();
  const longRunVol = Object.fromEntries(assets.map((a) => [a.symbol, a.walk.latest.longRunVol]));
  const normalized = parsePortfolio(portfolio, market, 'portfolio');
  const accounts = bookPolicyMargins(risk, normalized, market, config, longRunVol);
  const insurance = options.insuranceFund === undefined ? {} : { insuranceFund: options.insuranceFund };
  const stress = stressTest(normalized, market, options.stressGrid ?? PARADEX_PORTFOLIO_MARGIN, insurance);
  const historicalStress = historicalStressTest(normalized, market, prices, { horizonDays: Math.max(1, Math.round(config.base.horizonDays)), ...insurance });
  return { market, risk, bookLoss, accounts, marginCalls: collectMarginCalls(accounts), stress, historicalStress };
}

/** Scenario losses of all positions together: -sum over instruments of net quantity x unit P&L. */
function netBookLoss(portfolio: PortfolioFile, unitPnl: (id: string) => Float64Array): Float64Array {
  const net = new Map<string, number>();
  for (const a of portfolio.accounts) for (const p of a.positions) net.set(p.instrument, (net.get(p.instrument) ?? 0) + p.quantity);
  let loss: Float64Array | undefined;
  for (const [id, q] of [...net.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (q === 0) continue;
    const pnl = unitPnl(id);
    loss ??= new Float64Array(pnl.length);
    for (let m = 0; m < pnl.length; m++) loss[m] -= q * pnl[m];
  }
  return loss ?? new Float64Array(0);
}

function esBacktest(walk: WalkForwardResult, config: PolicyConfig): AssetCalibration['esBacktest'] {
  const spec = { ...config.base, varConfidence: config.base.esConfidence, annualization: config.volatility.annualization };
  const varF = walk.vol.map((v) => normalMarginRate(v, 'long', { ...spec, measure: 'var' }));
  const esF = walk.vol.map((v) => normalMarginRate(v, 'long', { ...spec, measure: 'es' }));
  const alpha = 1 - config.base.esConfidence;
  const { z2 } = acerbiSzekelyZ2(walk.realizedLoss, varF, esF, alpha);
  return { alpha, z2, critical5pct: ACERBI_SZEKELY_Z2_CRITICAL_5PCT, rejected: z2 < ACERBI_SZEKELY_Z2_CRITICAL_5PCT };
}

function fitVolModels(series: PriceSeries): VolModelScore[] | null {
  const returns = new Float64Array(series.close.length - 1);
  for (let t = 1; t < series.close.length; t++) returns[t - 1] = Math.log(series.close[t] / series.close[t - 1]);
  try {
    return compareVolModels(returns);
  } catch {
    return null;
  }
}

/** Implied vol (percent points in DVOL files) per bar of `series`, NaN where the dates do not match. */
function alignImplied(series: PriceSeries, implied: PriceSeries | undefined): Float64Array | undefined {
  if (!implied) return undefined;
  const byTime = new Map<number, number>();
  implied.times.forEach((t, i) => byTime.set(t, implied.close[i] / 100));
  return Float64Array.from(series.times, (t) => byTime.get(t) ?? NaN);
}
