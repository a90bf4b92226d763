/**
 * Walk-forward calibration of one asset and side: at each refit date (the first bar of each month)
 * the candidate with the lowest average requirement among those meeting the constraints on the data
 * known then (coverage at the target by the solved multiplier, peak / trough, largest 30-day
 * increase, Christoffersen independence) sets the rates until the next refit. Every rate is out of
 * sample: it uses bars up to its own only.
 */
import type { Side } from '../backtest/marginRate.js';
import type { PriceSeries } from '../prices/types.js';
import { candidatesOf, type Candidate, type CandidateGrid, type Innovation } from './candidates.js';
import { barsIn, type DataCalendar } from './dataCalendar.js';
import { ewmaSigma, fhsQuantilePath, normalSideQuantile, rateFromQuantile, realizedLoss, standardizedResiduals } from './ratePaths.js';
import { clampToBand, runningMedian, shapePath } from './shapeRate.js';
import { trainingStats, type TrainingStats, type TrainingWindow } from './trainingStats.js';

export interface Constraints {
  /** Largest peak / trough of the rate. Default 4. */
  maxPeakToTrough: number;
  /** Largest relative 30-day increase. Default 3 (the rate at most quadruples in 30 days). */
  maxIncrease30d: number;
  /** Smallest Christoffersen independence p-value. Default 0.05. */
  minIndependenceP: number;
}

export interface SideCalibrationOptions {
  confidence: number;
  horizonDays: number;
  calendar: DataCalendar;
  grid: CandidateGrid;
  constraints: Constraints;
  /** Exception rate the multiplier aims at in training. Default 1 - confidence. */
  targetRate?: number;
  /** Training days before the first calibrated rate. Default 365. */
  minTrainingDays: number;
  /** Trailing training window, days (Infinity = all data before the refit). Default 1095. */
  trainingWindowDays: number;
  /** Lookback of the floor's median, days. Default 1095. */
  floorLookbackDays: number;
  /** Standardized residuals are capped at this |e|. Default 8. */
  residualCap: number;
  /** Residuals before FHS uses its own; before that the fallback (Student-t, 4 dof). Default 250. */
  minResiduals: number;
  /** EWMA seed, days. Default 30. */
  seedDays: number;
  /**
   * Peak / trough band of the rates in force: each rate is clamped into [peak so far / b, b x trough
   * so far] (non-empty by induction), so the series' peak / trough never exceeds b. Default 3.9.
   */
  band: number;
}

/** The parameters in force from one refit to the next. */
export interface ChosenParams extends Candidate {
  /** First date they set a rate. */
  from: string;
  multiplier: number;
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

const T4_SCALE = Math.SQRT1_2; // standardized t(4): t / sqrt(nu / (nu - 2))

/** Calibrate one side of one asset. */
export function calibrateSide(series: PriceSeries, side: Side, o: SideCalibrationOptions): SideCalibration {
  const close = series.close;
  const n = close.length;
  const h = barsIn(o.horizonDays, o.calendar);
  const loss = realizedLoss(close, h, side);
  const candidates = candidatesOf(o.grid);
  // blocks end h bars before each month start: a block's losses are all known at the month's first bar
  const starts = monthStarts(series);
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
    maxExceptions: Math.round(targetRate * Math.min(n, barsIn(o.trainingWindowDays, o.calendar))) + 1,
    warmupBars: barsIn(365, o.calendar),
    increaseBars: barsIn(30, o.calendar),
  };
  const medianBars = barsIn(o.floorLookbackDays, o.calendar);
  const fallbackQ = (side === 'long' ? -1 : 1) * studentT4Quantile(o.confidence);
  const paths = new Map<string, Float64Array>();
  const unitRate = (lambda: number, innovation: Innovation, returnWeight: number): Float64Array => {
    const key = `${lambda}/${innovation}/${returnWeight}`;
    let path = paths.get(key);
    if (!path) {
      const sigma = ewmaSigma(series, lambda, barsIn(o.seedDays, o.calendar), returnWeight);
      const q =
        innovation === 'fhs'
          ? fhsQuantilePath(standardizedResiduals(close, sigma, h), h, side, { confidence: o.confidence, minResiduals: o.minResiduals, residualCap: o.residualCap }, () => fallbackQ)
          : new Float64Array(n).fill(normalSideQuantile(o.confidence, side));
      path = Float64Array.from(sigma, (s, t) => (Number.isFinite(s) ? rateFromQuantile(s, h, q[t], side) : NaN));
      paths.set(key, path);
    }
    return path;
  };
  const medians = new Map<Float64Array, Float64Array>();
  const shapedPaths: Float64Array[] = [];
  const stats: TrainingStats[] = [];
  for (const c of candidates) {
    const base = unitRate(c.lambda, c.innovation, c.returnWeight);
    let median = medians.get(base);
    if (!median) medians.set(base, (median = runningMedian(base, medianBars)));
    const maxRisePerBar = Number.isFinite(c.maxDailyRise) ? Math.pow(1 + c.maxDailyRise, 1 / o.calendar.barsPerDay) - 1 : Infinity;
    const bandStart = firstFinite(base) + window.warmupBars;
    const shaped = shapePath(base, median, { floorFraction: c.floorFraction, capRatio: c.capRatio, maxRisePerBar, band: o.band, bandStart });
    shapedPaths.push(shaped);
    stats.push(trainingStats(shaped, loss, window));
  }

  const rate = new Float64Array(n).fill(NaN);
  const history: ChosenParams[] = [];
  const minDays = barsIn(o.minTrainingDays, o.calendar) * 0.9;
  const band = { peak: 0, trough: Infinity };
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
    const m = stats[best].multiplier[r];
    const from = refitBars[r];
    firstCalibrated = Math.min(firstCalibrated, from);
    const to = r + 1 < refitBars.length ? refitBars[r + 1] : n;
    for (let t = from; t < to; t++) {
      const x = m * shapedPaths[best][t];
      if (Number.isFinite(x)) rate[t] = clampToBand(x, band, o.band);
    }
    history.push({ ...candidates[best], from: series.dates[from], multiplier: m, trainingDays: stats[best].days[r], feasible });
  }
  return { side, rate, naiveRate: unitRate(0.94, 'normal', 1), loss, firstCalibrated, history };
}

function firstFinite(a: ArrayLike<number>): number {
  for (let t = 0; t < a.length; t++) if (Number.isFinite(a[t])) return t;
  return a.length;
}

/** The first bar of every calendar month (UTC). */
function monthStarts(series: PriceSeries): number[] {
  const out: number[] = [];
  let lastMonth = -1;
  for (let t = 0; t < series.times.length; t++) {
    const d = new Date(series.times[t]);
    const month = d.getUTCFullYear() * 12 + d.getUTCMonth();
    if (month !== lastMonth) {
      out.push(t);
      lastMonth = month;
    }
  }
  return out;
}

/** p-quantile of the unit-variance Student-t with 4 dof. */
function studentT4Quantile(p: number): number {
  // t(4) closed form (Shaw 2006, "Sampling Student's T distribution"): alpha = 4 p (1 - p),
  // q = cos(acos(sqrt(alpha)) / 3) / sqrt(alpha), t = sign(p - 1/2) 2 sqrt(q - 1)
  const alpha = 4 * p * (1 - p);
  const q = Math.cos(Math.acos(Math.sqrt(alpha)) / 3) / Math.sqrt(alpha);
  return Math.sign(p - 0.5) * 2 * Math.sqrt(q - 1) * T4_SCALE;
}
