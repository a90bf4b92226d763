/** Output formats of `dynamargin var`: JSON `{accounts, meta}` and CSV (one row per account). */
import type { VarResult } from '../montecarlo/book.js';
import { csvText } from './csvText.js';

export type RiskFormat = 'json' | 'csv';
export const RISK_FORMATS: readonly RiskFormat[] = ['json', 'csv'];

const CSV_HEADER = 'id,var,es,varLo,varHi,esLo,esHi,deltaUsd,gammaUsd,vega,theta';

export function formatRisk(result: VarResult, format: RiskFormat): string {
  if (format === 'json') {
    // one account per line: valid JSON that diffs and greps well
    const accounts = result.accounts.map((a) => `    ${JSON.stringify(a)}`).join(',\n');
    const instruments = result.instruments.map((g) => `    ${JSON.stringify(g)}`).join(',\n');
    return (
      `{\n  "accounts": [${accounts ? `\n${accounts}\n  ` : ''}],\n` +
      `  "instruments": [${instruments ? `\n${instruments}\n  ` : ''}],\n` +
      `  "meta": ${JSON.stringify(result.meta)}\n}\n`
    );
  }
  const rows = result.accounts.map((a) =>
    [csvText(a.id), a.var, a.es, ...a.varCi, ...a.esCi, a.greeks.deltaUsd, a.greeks.gammaUsd, a.greeks.vega, a.greeks.theta].join(','),
  );
  return `${CSV_HEADER}\n${rows.join('\n')}${rows.length ? '\n' : ''}`;
}
