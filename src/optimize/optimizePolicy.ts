/**
 * `dynamargin calibrate --optimize` and `optimizePolicy()`: the walk-forward calibration of every
 * asset and side, judged out of sample against the naive RiskMetrics rate, with the chosen schedules
 * as the `calibrated` section of a policy.json the engine loads.
 */
import { InputError } from '../errors.js';
import type { PriceSeries } from '../prices/types.js';
import { lowerBound } from '../upperBound.js';
import type { PathSettings } from './candidatePaths.js';
import { calibrateSide, type ChosenParams, type Constraints, type SideCalibration } from './calibrateSide.js';
import { DEFAULT_GRID, type CandidateGrid } from './candidates.js';
import { dataCalendar, type DataCalendar } from './dataCalendar.js';
import { judge, type Verdict } from './judge.js';
import { entryToJson, type JsonScheduleEntry } from './schedule.js';

export interface OptimizeOptions extends Partial<PathSettings> {
  grid?: CandidateGrid;
  constraints?: Partial<Constraints>;
  /**
   * Exception rate the multiplier aims at on the training window, as a share of 1 - confidence.
   * Default 0.95: out-of-sample exceptions run above in-sample ones after volatility breaks (with
   * the feedback below taking up the rest).
   */
  targetShare?: number;
  /**
   * Largest raise of a refit's multiplier by sqrt(exceptions / expected) of the rates in force over
   * the last 365 days. Default 1.15.
   */
  maxFeedback?: number;
  /**
   * Cost budget as a multiple of the naive EWMA(0.94) rate's average on each training window: a
   * refit whose chosen candidate costs less has its multiplier raised toward it. Default 1.05.
   */
  costBudget?: number;
  /** Largest raise by the cost budget. Default 1.2; 1 turns the budget off. */
  maxBudgetRaise?: number;
  /** Days of data before the first calibrated rate. Default 365. */
  minTrainingDays?: number;
  /** Trailing training window of each monthly refit, days. Default 730. */
  trainingWindowDays?: number;
  /** First date judged (or the first calibrated date, if later). Default 2018-01-01. */
  judgeFrom?: string;
  onProgress?: (fraction: number) => void;
}

export const OPTIMIZE_DEFAULTS = {
  confidence: 0.99,
  horizonDays: 1,
  floorLookbackDays: 1095,
  residualCap: 8,
  minResiduals: 250,
  seedDays: 30,
  band: 3.9,
  targetShare: 0.95,
  maxFeedback: 1.15,
  costBudget: 1.05,
  maxBudgetRaise: 1.2,
  minTrainingDays: 365,
  trainingWindowDays: 730,
  judgeFrom: '2018-01-01',
  constraints: { maxPeakToTrough: 4, maxIncrease30d: 3, minIndependenceP: 0.05 } satisfies Constraints,
} as const;

/** One side's out-of-sample result: the verdicts and the daily rates from the first calibrated date. */
export interface SideOptimization {
  verdict: Verdict;
  /** The naive RiskMetrics EWMA(0.94) normal rate judged over the same days. */
  naive: Verdict;
  history: ChosenParams[];
  /** Rates in force from each date's close (fraction of notional), with the naive rate and the realized loss. */
  series: { dates: string[]; rate: number[]; naiveRate: number[]; loss: (number | null)[] };
}

export interface AssetOptimization {
  symbol: string;
  source?: string;
  calendar: DataCalendar;
  long: SideOptimization;
  short: SideOptimization;
}

/** The `calibrated` section of policy.json (JSON: Infinity is written as null). */
export interface CalibratedPolicy {
  settings: PathSettings;
  byUnderlying: Record<string, { long: JsonScheduleEntry[]; short: JsonScheduleEntry[] }>;
}

export interface PolicyOptimization {
  assets: AssetOptimization[];
  /** A complete policy.json: the VaR base the rates were judged at and the calibrated schedules. */
  policy: { base: { measure: 'var'; varConfidence: number; horizonDays: number }; calibrated: CalibratedPolicy };
}

/** The options with defaults filled and checked. */
export function resolveOptimizeOptions(options: OptimizeOptions = {}) {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as OptimizeOptions;
  const o = { ...OPTIMIZE_DEFAULTS, ...given, constraints: { ...OPTIMIZE_DEFAULTS.constraints, ...given.constraints } };
  if (!(o.confidence > 0.5 && o.confidence < 1)) throw new InputError(`confidence must be in (0.5, 1); got ${o.confidence}`, { column: 'confidence' });
  if (!(o.maxFeedback >= 1)) throw new InputError(`maxFeedback must be >= 1; got ${o.maxFeedback}`, { column: 'maxFeedback' });
  if (!(o.costBudget > 0 && o.costBudget < 100)) throw new InputError(`costBudget must be in (0, 100); got ${o.costBudget}`, { column: 'costBudget' });
  if (!(o.maxBudgetRaise >= 1 && o.maxBudgetRaise < 100)) throw new InputError(`maxBudgetRaise must be in [1, 100); got ${o.maxBudgetRaise}`, { column: 'maxBudgetRaise' });
  if (!(o.targetShare > 0 && o.targetShare <= 1)) throw new InputError(`targetShare must be in (0, 1]; got ${o.targetShare}`, { column: 'targetShare' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(o.judgeFrom)) throw new InputError(`judgeFrom must be an ISO date (YYYY-MM-DD); got "${o.judgeFrom}"`, { column: 'judgeFrom' });
  const settings: PathSettings = {
    confidence: o.confidence,
    horizonDays: o.horizonDays,
    floorLookbackDays: o.floorLookbackDays,
    residualCap: o.residualCap,
    minResiduals: o.minResiduals,
    seedDays: o.seedDays,
    band: o.band,
  };
  return { ...o, settings };
}

export type ResolvedOptimizeOptions = ReturnType<typeof resolveOptimizeOptions>;

/** One asset's one side (what a worker runs). */
export function optimizeSide(series: PriceSeries, side: 'long' | 'short', o: ResolvedOptimizeOptions): SideCalibration {
  return calibrateSide(series, side, {
    ...o.settings,
    calendar: dataCalendar(series),
    grid: o.grid ?? DEFAULT_GRID,
    constraints: o.constraints,
    targetRate: o.targetShare * (1 - o.confidence),
    minTrainingDays: o.minTrainingDays,
    trainingWindowDays: o.trainingWindowDays,
    maxFeedback: o.maxFeedback,
    costBudget: o.costBudget,
    maxBudgetRaise: o.maxBudgetRaise,
  });
}

/** Calibrate every asset and side walk-forward and judge each out of sample (one thread; see optimizePolicyOnThreads). */
export function optimizePolicy(prices: readonly PriceSeries[], options: OptimizeOptions = {}): PolicyOptimization {
  const o = resolveOptimizeOptions(options);
  const sides = prices.map((series, i) => {
    const both = { long: optimizeSide(series, 'long', o), short: optimizeSide(series, 'short', o) };
    o.onProgress?.((i + 1) / prices.length);
    return both;
  });
  return assemble(prices, sides, o);
}

/** The verdicts and the policy from each asset's calibrated sides. */
export function assemble(prices: readonly PriceSeries[], sides: readonly { long: SideCalibration; short: SideCalibration }[], o: ResolvedOptimizeOptions): PolicyOptimization {
  const assets: AssetOptimization[] = [];
  const byUnderlying: CalibratedPolicy['byUnderlying'] = {};
  for (const [i, series] of prices.entries()) {
    const { long, short } = sides[i];
    if (long.history.length === 0 || short.history.length === 0) {
      throw new InputError(`history too short to calibrate: ${series.close.length} bars from ${series.dates[0]}; needs more than ${o.minTrainingDays} days of data`, {
        file: series.source,
        column: series.symbol,
      });
    }
    const from = Math.max(long.firstCalibrated, short.firstCalibrated, lowerBound(series.times, Date.parse(o.judgeFrom)));
    const calendar = dataCalendar(series);
    assets.push({ symbol: series.symbol, source: series.source, calendar, long: sideResult(series, long, from, o.confidence), short: sideResult(series, short, from, o.confidence) });
    byUnderlying[series.symbol] = { long: long.history.map(entryToJson), short: short.history.map(entryToJson) };
  }
  const { settings } = o;
  return { assets, policy: { base: { measure: 'var', varConfidence: o.confidence, horizonDays: o.horizonDays }, calibrated: { settings, byUnderlying } } };
}

function sideResult(series: PriceSeries, c: SideCalibration, from: number, confidence: number): SideOptimization {
  const first = c.firstCalibrated;
  const take = (a: Float64Array) => Array.from(a.subarray(first));
  return {
    verdict: judge(c.rate, c.naiveRate, c.loss, series.dates, from, confidence),
    naive: judge(c.naiveRate, c.naiveRate, c.loss, series.dates, from, confidence),
    history: c.history,
    series: { dates: series.dates.slice(first), rate: take(c.rate), naiveRate: take(c.naiveRate), loss: take(c.loss).map((x) => (Number.isFinite(x) ? x : null)) },
  };
}
