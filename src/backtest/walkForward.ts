/**
 * Walk-forward backtest of the margin policy on one asset's history: each day the margin rate of a
 * one-unit position is set from data up to that day only (volatility, regime, anti-procyclicality
 * state) and compared with the loss realized over the next margin period of risk.
 */
import { InputError } from '../errors.js';
import { applyApc, type ApcState } from '../policy/antiProcyclicality.js';
import { blendVolatility } from '../policy/blendVolatility.js';
import type { PolicyConfig } from '../policy/config.js';
import { nextRegime, regimeMultiplier } from '../policy/regimes.js';
import type { PriceSeries } from '../prices/types.js';
import { filteredMarginRate, normalMarginRate, type RateSpec, type Side } from './marginRate.js';
import { upperBound } from '../upperBound.js';

export type BacktestModel = 'normal' | 'fhs';

export interface WalkForwardOptions {
  config: PolicyConfig;
  /** `normal` (closed form) or `fhs` (filtered historical residuals seen so far). Default `normal`. */
  model?: BacktestModel;
  side?: Side;
  /** Annualized implied volatility per point of the series (NaN where unknown), blended per the config. */
  impliedVol?: ArrayLike<number>;
  /** Residuals needed before the fhs model starts. Default 250. */
  minResiduals?: number;
}

export interface WalkForwardResult {
  side: Side;
  model: BacktestModel;
  horizonDays: number;
  /** Date of each backtested day (as in the input). */
  dates: string[];
  /** Index of each backtested day in the series. */
  index: number[];
  /** Close of each backtested day. */
  close: number[];
  /** Blended, floored annualized volatility the day's rate used. */
  vol: number[];
  regime: number[];
  /** Margin rate before anti-procyclicality (risk measure x regime multiplier), fraction of notional. */
  rawRate: number[];
  /** Margin rate in force (after anti-procyclicality and velocity), fraction of notional. */
  rate: number[];
  /** Loss of the position over the next horizonDays, fraction of notional (positive = loss). */
  realizedLoss: number[];
  exceptions: boolean[];
  /**
   * The last bar's figures (today's): the rate in force from today's close, set from data up to
   * today. The backtested days stop horizonDays earlier (their loss is not known yet); this does not.
   */
  latest: LatestRate;
}

/** The margin rate set on the series' last bar, and what it was set from. */
export interface LatestRate {
  date: string;
  index: number;
  /** Blended, floored annualized volatility of the last bar. */
  vol: number;
  regime: number;
  rawRate: number;
  /** Rate in force (after anti-procyclicality), fraction of notional. */
  rate: number;
  /** Mean blended volatility over antiProcyclicality.floorLookbackDays up to the last bar (the floor's long-run vol). */
  longRunVol: number;
}

const DAY_MS = 86_400_000;
/** Length of the window whose mean volatility defines the stressed period (one year of daily data). */
const STRESS_WINDOW = 250;

/**
 * @param series one asset's history (daily bars)
 * @param realizedVol annualized realized vol per point of `series` (engine.volatilityPanel), NaN before defined
 * @throws InputError when the series is too short for one backtested day
 */
export function walkForward(series: PriceSeries, realizedVol: ArrayLike<number>, options: WalkForwardOptions): WalkForwardResult {
  const { config } = options;
  const model = options.model ?? 'normal';
  const side = options.side ?? 'long';
  const h = Math.max(1, Math.round(config.base.horizonDays));
  const spec: RateSpec = { ...config.base, annualization: config.volatility.annualization };
  const minResiduals = options.minResiduals ?? 250;
  const close = series.close;
  const n = close.length;
  const out: WalkForwardResult = {
    side, model, horizonDays: h, dates: [], index: [], close: [], vol: [], regime: [], rawRate: [], rate: [], realizedLoss: [], exceptions: [],
    latest: undefined as unknown as LatestRate, // set below, or the series is too short
  };
  const rateAt = (sigma: number, residuals: number[]) =>
    model === 'normal' ? normalMarginRate(sigma, side, spec) : filteredMarginRate(residuals, sigma, side, spec);

  const residuals: number[] = []; // sorted ascending (fhs)
  const lookbackMs = config.antiProcyclicality.floorLookbackDays * DAY_MS;
  const blended: number[] = new Array(n).fill(NaN);
  let floorStart = 0;
  let floorSum = 0;
  let floorCount = 0;
  const stressMeans: { t: number; mean: number }[] = []; // sliding-window maximum (monotone deque)
  let windowSum = 0;
  let windowCount = 0;
  let regime = 0;
  let state: ApcState | undefined;

  for (let t = 0; t < n; t++) {
    const realized = realizedVol[t];
    // residual of today's return against yesterday's forecast (fhs), known at the end of day t
    if (t > 0 && Number.isFinite(realizedVol[t - 1]) && realizedVol[t - 1] > 0) {
      const eps = Math.log(close[t] / close[t - 1]) / (realizedVol[t - 1] / Math.sqrt(spec.annualization));
      residuals.splice(upperBound(residuals, eps), 0, eps);
    }
    if (!Number.isFinite(realized)) continue;
    const implied = options.impliedVol?.[t];
    const sigma = blendVolatility(realized, implied !== undefined && Number.isFinite(implied) ? implied : undefined, config.volatility);
    blended[t] = sigma;
    // long-run volatility over the floor lookback (calendar days), running mean
    floorSum += sigma;
    floorCount++;
    while (series.times[t] - series.times[floorStart] > lookbackMs) {
      if (Number.isFinite(blended[floorStart])) {
        floorSum -= blended[floorStart];
        floorCount--;
      }
      floorStart++;
    }
    // stressed period: the highest one-year mean volatility inside the lookback
    windowSum += sigma;
    windowCount++;
    if (t >= STRESS_WINDOW && Number.isFinite(blended[t - STRESS_WINDOW])) {
      windowSum -= blended[t - STRESS_WINDOW];
      windowCount--;
    }
    const windowMean = windowSum / windowCount;
    while (stressMeans.length && stressMeans[stressMeans.length - 1].mean <= windowMean) stressMeans.pop();
    stressMeans.push({ t, mean: windowMean });
    while (stressMeans[0].t < floorStart) stressMeans.shift();

    regime = nextRegime(regime, sigma, config.regimes);
    if (model === 'fhs' && residuals.length < minResiduals) continue;
    const multiplier = regimeMultiplier(regime, config.regimes);
    const raw = multiplier * rateAt(sigma, residuals);
    const apc = applyApc(
      state,
      raw,
      {
        floorRequirementUsd: multiplier * rateAt(Math.max(config.volatility.floor, floorSum / floorCount), residuals),
        stressedRequirementUsd: multiplier * rateAt(stressMeans[0].mean, residuals),
      },
      config,
    );
    state = apc.state;
    if (t === n - 1) {
      out.latest = { date: series.dates[t], index: t, vol: sigma, regime, rawRate: raw, rate: apc.requirementUsd, longRunVol: floorSum / floorCount };
    }
    // the backtest needs the loss over the next h days: today's rate is set, but not tested
    if (t + h >= n) continue;
    const growth = close[t + h] / close[t];
    const loss = side === 'long' ? 1 - growth : growth - 1;
    out.dates.push(series.dates[t]);
    out.index.push(t);
    out.close.push(close[t]);
    out.vol.push(sigma);
    out.regime.push(regime);
    out.rawRate.push(raw);
    out.rate.push(apc.requirementUsd);
    out.realizedLoss.push(loss);
    out.exceptions.push(loss > apc.requirementUsd);
  }
  if (out.dates.length === 0 || out.latest === undefined) {
    throw new InputError(
      `${n} bars are too few to backtest: need a defined volatility${model === 'fhs' ? ` and ${minResiduals} residuals` : ''} plus ${h} days ahead`,
      { file: series.source, column: series.symbol },
    );
  }
  return out;
}
