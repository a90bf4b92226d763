/**
 * The risk committee's bar for one rate series, judged out of sample over a period: Basel green
 * (BCBS 1996), two-sided Kupiec POF p >= 0.05 (Kupiec 1995), average requirement at most 1.3x the
 * RiskMetrics EWMA(0.94) normal VaR over the same days, and peak / trough at most 4 (Murphy, Vasios
 * & Vause 2014).
 */
import { baselZone, type BaselZone } from '../backtest/baselZone.js';
import { christoffersen } from '../backtest/christoffersen.js';
import { kupiecPof } from '../backtest/kupiec.js';
import { procyclicality } from '../backtest/procyclicality.js';

export interface JudgeBar {
  minKupiecP: number;
  maxCostRatio: number;
  maxPeakToTrough: number;
}

export const COMMITTEE_BAR: JudgeBar = { minKupiecP: 0.05, maxCostRatio: 1.3, maxPeakToTrough: 4 };

export interface Verdict {
  from: string;
  to: string;
  observations: number;
  exceptions: number;
  kupiecP: number;
  independenceP: number;
  zone: BaselZone;
  /** Mean rate / mean naive rate over the judged days. */
  costRatio: number;
  meanRate: number;
  peakToTrough: number;
  maxIncrease30d: number | null;
  passes: boolean;
}

/**
 * Judge rates against losses on the bars from `fromBar` to the last with both defined.
 * @param dates bar dates, for the 30-day increase in calendar days
 */
export function judge(
  rate: ArrayLike<number>,
  naiveRate: ArrayLike<number>,
  loss: ArrayLike<number>,
  dates: readonly string[],
  fromBar: number,
  confidence: number,
  bar: JudgeBar = COMMITTEE_BAR,
): Verdict {
  const flags: boolean[] = [];
  const rates: number[] = [];
  const judged: string[] = [];
  let naiveSum = 0;
  let first = -1;
  let last = -1;
  for (let t = fromBar; t < rate.length; t++) {
    if (!(rate[t] > 0) || !Number.isFinite(loss[t]) || !(naiveRate[t] > 0)) continue;
    if (first < 0) first = t;
    last = t;
    flags.push(loss[t] > rate[t]);
    rates.push(rate[t]);
    judged.push(dates[t]);
    naiveSum += naiveRate[t];
  }
  const n = flags.length;
  const x = flags.filter(Boolean).length;
  const meanRate = rates.reduce((a, b) => a + b, 0) / n;
  const kupiecP = kupiecPof(n, x, confidence).pValue;
  const zone = baselZone(n, x, confidence);
  const costRatio = meanRate / (naiveSum / n);
  const { peakToTrough, maxIncrease30d } = procyclicality(rates, judged);
  return {
    from: dates[first],
    to: dates[last],
    observations: n,
    exceptions: x,
    kupiecP,
    independenceP: christoffersen(flags, confidence).pValueInd,
    zone,
    costRatio,
    meanRate,
    peakToTrough,
    maxIncrease30d,
    passes: zone === 'green' && kupiecP >= bar.minKupiecP && costRatio <= bar.maxCostRatio && peakToTrough <= bar.maxPeakToTrough,
  };
}
