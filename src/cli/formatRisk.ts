/** Output formats of `dynamargin var`: JSON `{accounts, meta}` and CSV (one row per account). */
import type { AccountRisk, VarResult } from '../montecarlo/book.js';
import { csvText } from './csvText.js';

export type RiskFormat = 'json' | 'csv';
export const RISK_FORMATS: readonly RiskFormat[] = ['json', 'csv'];

const CSV_HEADER = 'id,var,es,varLo,varHi,esLo,esHi,deltaUsd,gammaUsd,vega,theta';

/** One account's line of the output (JSON: an element of `accounts`; CSV: a row), without the line end. */
export function accountLine(a: AccountRisk, format: RiskFormat): string {
  // JSON: one account per line, valid JSON that diffs and greps well
  if (format === 'json') return `    ${JSON.stringify(a)}`;
  return [csvText(a.id), a.var, a.es, ...a.varCi, ...a.esCi, a.greeks.deltaUsd, a.greeks.gammaUsd, a.greeks.vega, a.greeks.theta].join(',');
}

/**
 * The whole output. `lines` are the accounts' lines when made already (accountLine of each, in
 * order: `var` makes them as the engine finishes each group of accounts).
 */
export function formatRisk(result: VarResult, format: RiskFormat, lines: readonly string[] = result.accounts.map((a) => accountLine(a, format))): string {
  if (format === 'json') {
    const accounts = lines.join(',\n');
    const instruments = result.instruments.map((g) => `    ${JSON.stringify(g)}`).join(',\n');
    return (
      `{\n  "accounts": [${accounts ? `\n${accounts}\n  ` : ''}],\n` +
      `  "instruments": [${instruments ? `\n${instruments}\n  ` : ''}],\n` +
      `  "meta": ${JSON.stringify(result.meta)}\n}\n`
    );
  }
  return `${CSV_HEADER}\n${lines.join('\n')}${lines.length ? '\n' : ''}`;
}
