/**
 * Outputs of `dynamargin backtest` and `stress` (`--format json|csv|table`) and of `calibrate
 * --accounts-csv`: the same figures as report.json, as a table for a terminal or CSV rows.
 */
import type { CalibrationResult } from '../calibrate/run.js';
import { csvField } from '../io/writePriceCsv.js';
import type { StressTestResult } from '../stress/stressBook.js';
import type { HistoricalStressResult } from '../stress/historical.js';
import { formatTable } from './table.js';

export type SummaryFormat = 'json' | 'csv' | 'table';
export const SUMMARY_FORMATS: readonly SummaryFormat[] = ['json', 'csv', 'table'];

const pct = (x: number | null | undefined, d = 1) => (x === null || x === undefined || !Number.isFinite(x) ? '-' : `${(100 * x).toFixed(d)}%`);
const usd = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '-');
const csvNumber = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '' : String(x));
const csv = (header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]) =>
  [header.join(','), ...rows.map((r) => r.map((v) => (typeof v === 'string' ? csvField(v) : csvNumber(v))).join(','))].join('\n') + '\n';

/** Per asset: today's rates and the backtest, as the terminal table. */
export function backtestTable(r: CalibrationResult): string {
  const rows = r.assets.map((a) => [
    a.symbol, pct(a.current.vol), String(a.current.regime), pct(a.current.rateLong, 2), pct(a.current.rateShort, 2),
    `${a.backtest.exceptions}/${a.backtest.observations}`, a.backtest.kupiec.pValue.toFixed(3), a.backtest.zone,
    `${a.esBacktest.z2.toFixed(2)}${a.esBacktest.rejected ? ' rejected' : ''}`, pct(a.meanRate, 2), a.procyclicality.peakToTrough.toFixed(2),
    a.scaling.multiplier === null ? '-' : a.scaling.multiplier.toFixed(2),
  ]);
  const head = ['asset', 'vol', 'regime', 'rate long', 'rate short', 'exceptions', 'Kupiec p', 'zone', 'ES Z2', 'mean rate', 'peak/trough', 'scale*'];
  return formatTable(head, rows);
}

/** Per asset, one CSV row: fractions as fractions, the date today's rates are set on. */
export function backtestCsv(r: CalibrationResult): string {
  const head = [
    'symbol', 'date', 'vol', 'regime', 'rateLong', 'rateShort', 'observations', 'exceptions', 'kupiecP', 'zone',
    'exceptionsShort', 'kupiecPShort', 'zoneShort', 'esZ2', 'esRejected', 'meanRate', 'peakToTrough', 'scaling',
  ];
  return csv(head, r.assets.map((a) => [
    a.symbol, a.current.date, a.current.vol, a.current.regime, a.current.rateLong, a.current.rateShort, a.backtest.observations, a.backtest.exceptions,
    a.backtest.kupiec.pValue, a.backtest.zone, a.backtestShort.exceptions, a.backtestShort.kupiec.pValue, a.backtestShort.zone,
    a.esBacktest.z2, String(a.esBacktest.rejected), a.meanRate, a.procyclicality.peakToTrough, a.scaling.multiplier,
  ]));
}

/** Per account: worst hypothetical and historical loss, collateral and shortfall; then the book figures. */
export function stressTable(stress: StressTestResult, historical: HistoricalStressResult): string {
  const rows = stress.accounts.map((a, i) => [
    a.id, usd(a.worstLoss), a.worstScenario.label, usd(a.collateral), usd(a.shortfall), usd(historical.accounts[i].worstLoss), usd(historical.accounts[i].shortfall),
  ]);
  let text = formatTable(['account', 'worst loss', 'scenario', 'collateral', 'shortfall', 'historical loss', 'historical shortfall'], rows);
  const b = stress.book;
  text += `\nGrid: ${stress.grid.name}; total uncovered loss ${usd(b.totalUncoveredLoss)} USD; worst scenario ${b.worstScenarioUncoveredLoss.label} (${usd(b.worstScenarioUncoveredLoss.amount)} uncovered)\n`;
  text += `Cover 2: ${usd(b.cover2.amount)} USD (${b.cover2.ids.join(', ') || 'no account short'})`;
  if (b.insuranceFund !== undefined) text += `; insurance fund ${usd(b.insuranceFund)}: ${b.adequate ? 'adequate' : 'NOT adequate'}`;
  text += `\nHistorical: ${historical.windows} windows; total uncovered loss ${usd(historical.book.totalUncoveredLoss)} USD; Cover 2 ${usd(historical.book.cover2.amount)} USD\n`;
  return text;
}

/** Per account, one CSV row of the hypothetical and historical stress. */
export function stressCsv(stress: StressTestResult, historical: HistoricalStressResult): string {
  const head = ['id', 'worstLoss', 'worstScenario', 'collateral', 'shortfall', 'historicalWorstLoss', 'historicalShortfall'];
  return csv(head, stress.accounts.map((a, i) => [a.id, a.worstLoss, a.worstScenario.label, a.collateral, a.shortfall, historical.accounts[i].worstLoss, historical.accounts[i].shortfall]));
}

/** `calibrate --accounts-csv`: per account initial and maintenance margin, equity, status and the amount called. */
export function accountsCsv(r: CalibrationResult): string {
  const book = r.book;
  if (!book) return csv(['id'], []);
  const called = new Map(book.marginCalls.map((c) => [c.accountId, c.amountUsd]));
  const head = ['id', 'initialMarginUsd', 'maintenanceMarginUsd', 'equityUsd', 'collateralValueUsd', 'status', 'amountCalledUsd'];
  return csv(head, book.accounts.map((a) => [a.accountId, a.initialMarginUsd, a.maintenanceMarginUsd, a.equityUsd, a.collateralValueUsd, a.health.status, called.get(a.accountId) ?? 0]));
}
