/**
 * The calibration's outputs: report.json (every figure, machine-readable, with the config and the
 * input hashes so a run can be audited and reproduced) and the data behind report.html.
 */
import { tailCount } from '../montecarlo/tailRanks.js';
import type { PolicyConfig } from '../policy/config.js';
import type { ReportData, ReportInput } from '../report/types.js';
import type { WalkForwardResult } from '../backtest/walkForward.js';
import type { CalibrationResult } from './run.js';

export interface ReportMeta {
  generatedAt: string;
  version: string;
  config: PolicyConfig;
  inputs: ReportInput[];
  options: Record<string, unknown>;
}

/** JSON text of report.json (Infinity and NaN become null; typed arrays become arrays). */
export function reportJson(result: CalibrationResult, meta: ReportMeta): string {
  // series (long) and seriesShort: the rates in force from each date's close, fraction of notional
  const sideSeries = (w: WalkForwardResult, calibratedRate: Float64Array | undefined) => ({
    dates: w.dates, vol: w.vol, regime: w.regime, rate: w.rate, rawRate: w.rawRate, realizedLoss: w.realizedLoss, exceptions: w.exceptions,
    ...(calibratedRate && { calibratedRate }),
  });
  const assets = result.assets.map(({ walk, walkShort, calibrated, ...a }) => ({
    ...a,
    series: sideSeries(walk, calibrated?.long),
    seriesShort: sideSeries(walkShort, calibrated?.short),
  }));
  const book = result.book && {
    risk: result.book.risk,
    bookRisk: bookTail(result.book.bookLoss, meta.config),
    accounts: result.book.accounts,
    marginCalls: result.book.marginCalls,
    stress: result.book.stress,
    historicalStress: result.book.historicalStress,
    market: { asOf: result.book.market.asOf, symbols: result.book.market.symbols, spot: result.book.market.spot, vol: result.book.market.vol },
  };
  return JSON.stringify({ meta, assets, book }, (_, v) => {
    if (typeof v === 'number' && !Number.isFinite(v)) return null;
    if (ArrayBuffer.isView(v)) return Array.from(v as Float64Array);
    return v;
  }, 1) + '\n';
}

/** VaR and ES of the whole book's scenario losses, by the engine's tail definitions. */
export function bookTail(losses: Float64Array, config: PolicyConfig): { var: number; es: number; scenarios: number } {
  const sorted = Float64Array.from(losses).sort().reverse();
  const M = sorted.length;
  if (M === 0) return { var: 0, es: 0, scenarios: 0 };
  const k = Math.max(1, tailCount(config.base.varConfidence, M));
  const ke = Math.max(1, tailCount(config.base.esConfidence, M));
  let sum = 0;
  for (let j = 0; j < ke; j++) sum += sorted[j];
  return { var: sorted[k - 1], es: sum / ke, scenarios: M };
}

/** What report.html shows. */
export function reportData(result: CalibrationResult, meta: ReportMeta, summary: Record<string, string | number>): ReportData {
  const config = meta.config;
  const regimes = config.regimes.multipliers.map((multiplier, i) => ({ name: i === 0 ? 'calm' : i === config.regimes.multipliers.length - 1 ? 'stressed' : `elevated ${i}`, multiplier }));
  const data: ReportData = {
    title: 'dynamargin calibration report',
    generatedAt: meta.generatedAt,
    config,
    inputs: meta.inputs,
    summary,
    assets: result.assets.map((a) => {
      const w = a.walk;
      return {
        symbol: a.symbol,
        dates: w.dates,
        close: w.close,
        vol: w.vol,
        volLabel: `${config.volatility.estimator.toUpperCase()} vol (annualized, blended, floored)`,
        regime: w.regime,
        regimes,
        requirement: w.rate,
        realizedLoss: w.realizedLoss,
        exceptions: w.exceptions,
        backtest: { ...a.backtest, coverage: config.base.varConfidence },
        procyclicality: a.procyclicality,
      };
    }),
  };
  const book = result.book;
  if (book) {
    const tail = bookTail(book.bookLoss, config);
    data.pnlDistribution = {
      label: `Whole-book loss over ${config.base.horizonDays} days, ${tail.scenarios} Monte Carlo scenarios`,
      unit: 'USD',
      losses: Array.from(book.bookLoss),
      var: tail.var,
      es: tail.es,
      confidence: config.base.varConfidence,
      esConfidence: config.base.esConfidence,
    };
    const h = book.stress.heatmap;
    data.stress = { label: `Worst total book loss (USD): ${book.stress.grid.name}`, rows: h.rows, cols: h.cols, values: h.worstTotalLoss.map((r) => r.map((v) => (Number.isFinite(v) ? v : null))) }; // NaN: a cell the grid omits
    data.accounts = book.accounts.map((a) => ({
      id: a.accountId,
      initialMargin: a.initialMarginUsd,
      maintenanceMargin: a.maintenanceMarginUsd,
      collateral: a.collateralValueUsd,
      status: a.health.status,
    }));
  }
  return data;
}
