/**
 * Walk-forward calibration of one asset and side: at each refit date (the first bar of each month)
 * the candidate with the lowest average requirement among those meeting the constraints on the data
 * known then (coverage at the target by the solved multiplier, peak / trough, largest 30-day
 * increase, Christoffersen independence) sets the rates until the next refit. Its multiplier, solved
 * for the coverage target on the training window, is then raised by the exception feedback and by the
 * cost budget. Every rate is out of sample: it uses bars up to its own only.
 */
import type { Side } from '../backtest/marginRate.js';
import type { PriceSeries } from '../prices/types.js';
import { candidatePaths, WARMUP_DAYS, type PathSettings } from './candidatePaths.js';
import { candidatesOf, type Candidate, type CandidateGrid } from './candidates.js';
import { barsIn, monthStarts, type DataCalendar } from './dataCalendar.js';
import { realizedLoss } from './ratePaths.js';
import { entryDate, replaySchedule, type ScheduleEntry } from './schedule.js';
import { clampToBand } from './shapeRate.js';
import { trainingStats, type TrainingWindow } from './trainingStats.js';

export interface Constraints {
  /** Largest peak / trough of the rate. Default 4. */
  maxPeakToTrough: number;
  /** Largest relative 30-day increase. Default 3 (the rate at most quadruples in 30 days). */
  maxIncrease30d: number;
  /** Smallest Christoffersen independence p-value. Default 0.05. */
  minIndependenceP: number;
}

/** Settings of a run; the PathSettings (confidence, horizon, floor lookback, residual cap, FHS minimum, seed, band) are saved with the schedule. */
export interface SideCalibrationOptions extends PathSettings {
  calendar: DataCalendar;
  grid: CandidateGrid;
  constraints: Constraints;
  /** Exception rate the multiplier aims at in training. Default 1 - confidence. */
  targetRate?: number;
  /** Training days before the first calibrated rate. */
  minTrainingDays: number;
  /** Trailing training window, days (Infinity = all data before the refit). */
  trainingWindowDays: number;
  /**
   * Exception feedback: at each refit the multiplier is raised by sqrt(x / expected), at most by
   * this factor, where x counts the exceptions of the rates in force over the last 365 days (Basel
   * plus factor in spirit, BCBS 1996). 1 = none.
   */
  maxFeedback?: number;
  /**
   * Cost budget, as a multiple of the naive rate's average on the training window: when the chosen
   * candidate costs less, its multiplier is raised toward the budget (at most by maxBudgetRaise),
   * spending capital slack on coverage where volatility breaks would otherwise breach it.
   */
  costBudget?: number;
  /** Largest raise by the cost budget. 1 = none. */
  maxBudgetRaise?: number;
}

/** The parameters in force from one refit to the next. */
export interface ChosenParams extends ScheduleEntry {
  /** Training days they were chosen on. */
  trainingDays: number;
  /** False when no candidate met every constraint (the least violating one is used). */
  feasible: boolean;
}

export interface SideCalibration {
  side: Side;
  /** Per bar of the series: the rate in force from that bar's close (NaN where none is set). */
  rate: Float64Array;
  /** Per bar: RiskMetrics EWMA(0.94) normal VaR (the naive benchmark), NaN before defined. */
  naiveRate: Float64Array;
  /** Per bar: loss over the next horizon (NaN at the end). */
  loss: Float64Array;
  /** First bar with a calibrated rate. */
  firstCalibrated: number;
  history: ChosenParams[];
}

/** Calibrate one side of one asset. */
export function calibrateSide(series: PriceSeries, side: Side, o: SideCalibrationOptions): SideCalibration {
  const close = series.close;
  const n = close.length;
  const h = barsIn(o.horizonDays, o.calendar);
  const loss = realizedLoss(close, h, side);
  const candidates = candidatesOf(o.grid);
  // blocks end h bars before each month start: a block's losses are all known at the month's first bar
  const starts = monthStarts(series.times);
  const trained = starts.findIndex((t) => t >= barsIn(o.minTrainingDays, o.calendar) + h);
  const firstRefit = trained < 0 ? starts.length : Math.max(1, trained);
  const refitBars = starts.slice(firstRefit);
  const targetRate = o.targetRate ?? 1 - o.confidence;
  const windowBlocks = Number.isFinite(o.trainingWindowDays) ? Math.max(1, Math.round(o.trainingWindowDays / 30.4375)) : Infinity;
  const window: TrainingWindow = {
    bounds: [...starts.map((t) => t - h), n],
    firstRefit,
    windowBlocks,
    targetRate,
    // a window of whole months holds up to 31 days a month
    maxExceptions: Math.round(targetRate * Math.min(n, windowBlocks * barsIn(31, o.calendar))) + 1,
    warmupBars: barsIn(WARMUP_DAYS, o.calendar),
    increaseBars: barsIn(30, o.calendar),
  };
  const paths = candidatePaths(series, side, o.calendar, o);
  const stats = candidates.map((c) => trainingStats(paths.shaped(c), loss, window));

  const history: ChosenParams[] = [];
  // the rates in force so far, for the feedback (replaySchedule recomputes them identically)
  const live = new Float64Array(n).fill(NaN);
  const liveBand = { peak: 0, trough: Infinity };
  const feedbackBars = barsIn(365, o.calendar);
  const maxFeedback = o.maxFeedback ?? 1;
  const feedback = (from: number): number => {
    if (!(maxFeedback > 1)) return 1;
    let x = 0;
    let days = 0;
    for (let t = Math.max(0, from - feedbackBars); t < from - h; t++) {
      if (!(live[t] > 0) || !Number.isFinite(loss[t])) continue;
      days++;
      if (loss[t] > live[t]) x++;
    }
    if (days < feedbackBars / 2) return 1;
    return Math.min(maxFeedback, Math.max(1, Math.sqrt(x / ((1 - o.confidence) * days))));
  };
  // the naive rate's average on each training window: the cost budget's unit
  const naive = trainingStats(paths.unit(0.94, 'normal', 1), loss, window);
  const budgetRaise = (cost: number, r: number): number => {
    const maxRaise = o.maxBudgetRaise ?? 1;
    const budget = o.costBudget ?? 0;
    if (!(maxRaise > 1) || !(budget > 0)) return 1;
    const naiveMean = naive.cost[r] / naive.multiplier[r];
    const raise = (budget * naiveMean) / cost;
    return Number.isFinite(raise) ? Math.min(maxRaise, Math.max(1, raise)) : 1;
  };
  const minDays = barsIn(o.minTrainingDays, o.calendar) * 0.9;
  let firstCalibrated = n;
  for (let r = 0; r < refitBars.length; r++) {
    let best = -1;
    let bestScore = Infinity;
    let feasible = false;
    for (let c = 0; c < candidates.length; c++) {
      const s = stats[c];
      if (!(s.days[r] >= minDays) || !Number.isFinite(s.cost[r])) continue;
      const violation =
        Math.max(0, s.peakToTrough[r] / o.constraints.maxPeakToTrough - 1) +
        Math.max(0, (s.maxIncrease30d[r] - o.constraints.maxIncrease30d) / (1 + o.constraints.maxIncrease30d)) +
        (s.independenceP[r] < o.constraints.minIndependenceP ? 0.05 + (o.constraints.minIndependenceP - s.independenceP[r]) : 0);
      const ok = !(violation > 0) && Number.isFinite(s.peakToTrough[r]);
      // feasible candidates by cost; when none is feasible, the least violating
      const score = ok ? s.cost[r] : 1e6 * (1 + (Number.isFinite(violation) ? violation : 1e6)) + s.cost[r];
      if (score < bestScore) {
        bestScore = score;
        best = c;
        feasible = ok;
      }
    }
    if (best < 0) continue;
    const from = refitBars[r];
    const m = stats[best].multiplier[r] * feedback(from) * budgetRaise(stats[best].cost[r], r);
    firstCalibrated = Math.min(firstCalibrated, from);
    history.push({ ...candidates[best], from: entryDate(series.times, from, o.calendar.kind === 'intraday'), multiplier: m, trainingDays: stats[best].days[r], feasible });
    if (maxFeedback > 1) {
      const shaped = paths.shaped(candidates[best]);
      const to = r + 1 < refitBars.length ? refitBars[r + 1] : n;
      for (let t = from; t < to; t++) if (Number.isFinite(m * shaped[t])) live[t] = clampToBand(m * shaped[t], liveBand, o.band);
    }
  }
  const rate = replaySchedule(series, paths, history, o.band);
  return { side, rate, naiveRate: paths.unit(0.94, 'normal', 1), loss, firstCalibrated, history };
}
