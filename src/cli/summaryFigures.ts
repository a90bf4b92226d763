/** The calibration's headline figures (report.html's summary, the command's printout). */
import { bookTail } from '../calibrate/report.js';
import type { CalibrationResult } from '../calibrate/run.js';
import type { PolicyConfig } from '../policy/config.js';

const usd = (x: number) => `${Math.round(x).toLocaleString('en-US')}`;

export const ES_REJECTED = 'ES backtests rejected (Acerbi-Szekely Z2 below -0.70)';

/** The assets whose ES backtest rejects the model's ES (understated at the 5% level), with their Z2. */
function esRejected(r: CalibrationResult): string {
  const rejected = r.assets.filter((a) => a.esBacktest.rejected);
  if (rejected.length === 0) return `none of ${r.assets.length}`;
  return `${rejected.length} of ${r.assets.length}: ${rejected.map((a) => `${a.symbol} (Z2 ${a.esBacktest.z2.toFixed(2)})`).join(', ')}`;
}

/** The headline figures of report.html's summary and of the command's printout, by label. */
export function summaryFigures(r: CalibrationResult, config: PolicyConfig): Record<string, string | number> {
  const s: Record<string, string | number> = {
    Policy: `${config.base.measure.toUpperCase()} ${config.base.measure === 'es' ? config.base.esConfidence : config.base.varConfidence}, ${config.base.horizonDays}-day, APC ${config.antiProcyclicality.mode}`,
    Assets: r.assets.length,
    'Backtests in the green zone': `${r.assets.filter((a) => a.backtest.zone === 'green').length} of ${r.assets.length}`,
    [ES_REJECTED]: esRejected(r),
  };
  const b = r.book;
  if (b) {
    const counts: Record<string, number> = {};
    for (const a of b.accounts) counts[a.health.status] = (counts[a.health.status] ?? 0) + 1;
    const tail = bookTail(b.bookLoss, config);
    s.Accounts = b.accounts.length;
    s['Status (healthy / margin-call / liquidate)'] = `${counts.healthy ?? 0} / ${counts['margin-call'] ?? 0} / ${counts.liquidate ?? 0}`;
    s['Total initial margin (USD)'] = usd(b.accounts.reduce((x, a) => x + a.initialMarginUsd, 0));
    s['Margin calls (USD due)'] = usd(b.marginCalls.reduce((x, c) => x + c.amountUsd, 0));
    s[`Whole-book VaR ${config.base.varConfidence} (USD)`] = usd(tail.var);
    s['Stress: total uncovered loss (USD)'] = usd(b.stress.book.totalUncoveredLoss);
    s['Stress: Cover 2 (USD)'] = usd(b.stress.book.cover2.amount);
  }
  return s;
}

