/**
 * Scenario log-returns for the historical models, from price histories aligned to the market:
 * - hs: historical simulation, the most recent observed h-day log-returns;
 * - fhs: filtered historical simulation (Barone-Adesi, Giannopoulos & Vosper 1999; as in Eurex
 *   Prisma): EWMA-devolatilized daily returns, rescaled to today's volatility and bootstrapped.
 *
 * Both use the dates common to the market's symbols' series, at or before `market.asOfMs`; h counts
 * steps of that common date grid (days for daily bars).
 */
import { InputError } from '../errors.js';
import type { Market } from '../market/types.js';
import { alignCloses } from '../market/alignCloses.js';
import type { PriceSeries } from '../prices/types.js';
import { seedWords, STREAM_BOOTSTRAP, uniformAt } from '../twin/random.js';

export interface HistoricalParams {
  /** ('hs' | 'fhs') scenario model. */
  model: 'hs' | 'fhs';
  /** (integer >= 1) hs: most scenarios returned (fewer when history is short); fhs: scenarios M. */
  scenarios: number;
  /** (integer >= 1) horizon h in steps of the common date grid (days for daily bars). */
  horizonDays: number;
  /** (integer in [0, 2^53)) seed of the bootstrap stream (fhs). */
  seed: number;
  /** (number in (0, 1)) fhs EWMA decay. Default 0.94 (RiskMetrics 1996, daily). */
  lambda?: number;
  /** (integer >= 1) fhs: squared returns averaged to seed the EWMA variance. Default 30. */
  seedReturns?: number;
}

export interface HistoricalScenarios {
  /** M x N scenario-major log-returns over the horizon, N = market.symbols.length, in market order. */
  returns: Float64Array;
  /** M. */
  scenarios: number;
  /** Dates (as written in the first market symbol's series) of the first and last close used. */
  window: { from: string; to: string };
}

export const FHS_DEFAULTS = { lambda: 0.94, seedReturns: 30 } as const;

/**
 * Horizon log-return scenarios for `hs` or `fhs`.
 *
 * hs: x_m = ln(C_t / C_{t-h}) for the last M = min(scenarios, T - h + 1) common dates t (T + 1
 * common closes; overlapping windows), oldest first. No minimum is enforced beyond one scenario:
 * the caller must check that M is enough for its confidence levels (M >= 1 / (1 - c)).
 *
 * fhs: see `ewmaFilter` for the residuals eps_t and the volatility forecast sigma_now. Scenario m
 * draws h residual dates b_j = floor(u_j * count), u_j = uniformAt(seed, m, STREAM_BOOTSTRAP, j),
 * and x_m = sigma_now ⊙ sum_j eps_{b_j} (one date for all assets keeps their cross-sectional
 * dependence). Each scenario depends only on (seed, m), so any split gives the same rows.
 *
 * @throws InputError when a market symbol has no series (or two), a close is not a finite number
 *   > 0, the horizon is not a positive integer, or the history is too short (hs: no h-day return;
 *   fhs: not more daily returns than `seedReturns`).
 */
export function historicalScenarios(series: readonly PriceSeries[], market: Market, params: HistoricalParams): HistoricalScenarios {
  const p = validate(params);
  const { dates, closes, steps } = alignCloses(series, market);
  const n = market.symbols.length;
  const h = p.horizonDays;
  if (p.model === 'hs') {
    const available = steps - h + 1;
    if (available < 1) {
      throw new InputError(`hs needs more than ${h} common dates for a ${h}-day return; the series share ${steps + 1}`, { column: 'series' });
    }
    const m = Math.min(p.scenarios, available);
    const first = steps - m + 1; // date index of the first scenario's end close
    const returns = new Float64Array(m * n);
    for (let s = 0; s < m; s++) {
      const t = first + s;
      for (let i = 0; i < n; i++) returns[s * n + i] = Math.log(closes[t * n + i] / closes[(t - h) * n + i]);
    }
    return { returns, scenarios: m, window: { from: dates[first - h], to: dates[steps] } };
  }

  const daily = new Float64Array(steps * n);
  for (let t = 1; t <= steps; t++) {
    for (let i = 0; i < n; i++) daily[(t - 1) * n + i] = Math.log(closes[t * n + i] / closes[(t - 1) * n + i]);
  }
  if (steps <= p.seedReturns) {
    throw new InputError(
      `fhs needs more than ${p.seedReturns} common daily returns (the first ${p.seedReturns} seed the EWMA variance); the series share ${steps}`,
      { column: 'series' },
    );
  }
  const filter = ewmaFilter(daily, steps, n, p.lambda, p.seedReturns);
  const zeroVol = filter.residuals.findIndex((e) => !Number.isFinite(e));
  if (zeroVol >= 0) {
    const t = Math.floor(zeroVol / n) + p.seedReturns + 1;
    throw new InputError(
      `fhs: the EWMA volatility of ${market.symbols[zeroVol % n]} is 0 before its price moved on ${dates[t]}; residuals are undefined`,
      { column: 'series' },
    );
  }
  const M = p.scenarios;
  const returns = new Float64Array(M * n);
  const [lo, hi] = seedWords(p.seed);
  const { residuals, count, sigmaNow } = filter;
  for (let m = 0; m < M; m++) {
    const row = m * n;
    for (let j = 0; j < h; j++) {
      const b = Math.min(count - 1, Math.floor(uniformAt(lo, hi, m, STREAM_BOOTSTRAP, j) * count));
      for (let i = 0; i < n; i++) returns[row + i] += residuals[b * n + i];
    }
    for (let i = 0; i < n; i++) returns[row + i] *= sigmaNow[i];
  }
  return { returns, scenarios: M, window: { from: dates[0], to: dates[steps] } };
}

export interface EwmaFilter {
  /** count x n time-major standardized residuals eps_t = r_t / sigma_t, t = seedReturns .. steps - 1. */
  residuals: Float64Array;
  count: number;
  /** Per-asset volatility forecast for the next step, from all `steps` returns. */
  sigmaNow: Float64Array;
}

/**
 * EWMA devolatilization (RiskMetrics 1996 §5.2.1; Barone-Adesi et al. 1999): per asset,
 * sigma_k^2 = mean of r_0^2 .. r_{k-1}^2 (k = seedReturns), sigma_{t+1}^2 = lambda sigma_t^2 +
 * (1 - lambda) r_t^2, so sigma_t uses returns before t only; eps_t = r_t / sigma_t for t >= k (the
 * seed returns are burn-in, not residuals); sigma_now = sigma_steps. A residual with r_t = 0 and
 * sigma_t = 0 is 0; r_t != 0 with sigma_t = 0 gives a non-finite residual (the caller rejects it).
 * @param returns steps x n time-major daily log-returns; requires steps > seedReturns.
 */
export function ewmaFilter(returns: Float64Array, steps: number, n: number, lambda: number, seedReturns: number): EwmaFilter {
  const k = seedReturns;
  const count = steps - k;
  const residuals = new Float64Array(count * n);
  const sigmaNow = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let t = 0; t < k; t++) v += returns[t * n + i] ** 2;
    v /= k;
    for (let t = k; t < steps; t++) {
      const r = returns[t * n + i];
      const sigma = Math.sqrt(v);
      residuals[(t - k) * n + i] = r === 0 ? 0 : r / sigma;
      v = lambda * v + (1 - lambda) * r * r;
    }
    sigmaNow[i] = Math.sqrt(v);
  }
  return { residuals, count, sigmaNow };
}


function validate(params: HistoricalParams): Required<HistoricalParams> {
  const p = { ...FHS_DEFAULTS, ...Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) } as Required<HistoricalParams>;
  const bad = (column: string, rule: string, got: unknown): never => {
    throw new InputError(`${rule}; got ${JSON.stringify(got)}`, { column });
  };
  if (p.model !== 'hs' && p.model !== 'fhs') bad('model', 'must be hs or fhs for historical scenarios', p.model);
  if (!Number.isInteger(p.horizonDays) || p.horizonDays < 1) bad('horizonDays', `must be a whole number of days >= 1 for ${p.model}`, p.horizonDays);
  if (!Number.isInteger(p.scenarios) || p.scenarios < 1) bad('scenarios', 'must be an integer >= 1', p.scenarios);
  if (!Number.isSafeInteger(p.seed) || p.seed < 0) bad('seed', 'must be an integer in [0, 2^53)', p.seed);
  if (typeof p.lambda !== 'number' || !(p.lambda > 0 && p.lambda < 1)) bad('lambda', 'must be a number in (0, 1)', p.lambda);
  if (!Number.isInteger(p.seedReturns) || p.seedReturns < 1) bad('seedReturns', 'must be an integer >= 1', p.seedReturns);
  return p;
}
