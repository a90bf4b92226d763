/**
 * The report's static HTML tables (rendered in Node, so they read and print without JavaScript):
 * summary, inputs, backtest, procyclicality and accounts.
 */
import { escapeHtml as h } from './escape.js';
import { formatCell, formatFixed, formatNumber, formatPercent, formatPValue, MISSING } from './format.js';
import type { ReportAccount, ReportAsset, ReportInput } from './types.js';

/** Two-column label/value table of the headline figures. */
export function summaryTable(summary: Record<string, string | number>): string {
  const rows = Object.entries(summary)
    .map(([label, value]) => `<tr><th scope="row">${h(label)}</th><td class="${typeof value === 'number' ? 'num' : ''}">${h(formatCell(value))}</td></tr>`)
    .join('\n');
  return `<table id="summary-table" class="kv"><caption class="sr-only">Summary</caption><tbody>\n${rows}\n</tbody></table>`;
}

/** Input files with their SHA-256 digests. */
export function inputsTable(inputs: ReportInput[]): string {
  if (inputs.length === 0) return '<p>No input files recorded.</p>';
  const rows = inputs.map((i) => `<tr><td>${h(i.name)}</td><td class="hash">${h(i.sha256)}</td></tr>`).join('\n');
  return `<table id="inputs-table"><caption>Inputs</caption><thead><tr><th scope="col">File</th><th scope="col">SHA-256</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

/** Column headers of the backtest table, in order (the browser test reads cells by them). */
export const BACKTEST_COLUMNS = [
  'Asset',
  'Observations',
  'Exceptions',
  'Expected',
  'Exception rate',
  'Kupiec LR',
  'Kupiec p',
  'Christoffersen LR ind',
  'p ind',
  'Christoffersen LR cc',
  'p cc',
  'Zone',
] as const;

/**
 * One row per asset: observations, exceptions (and the count expected at the backtest's coverage),
 * Kupiec POF and Christoffersen statistics with p-values, and the traffic-light zone.
 */
export function backtestTable(assets: ReportAsset[]): string {
  const head = BACKTEST_COLUMNS.map((c) => `<th scope="col">${h(c)}</th>`).join('');
  const rows = assets
    .map((a) => {
      const b = a.backtest;
      const expected = b.coverage === undefined ? MISSING : formatFixed(b.observations * (1 - b.coverage), 1);
      const rate = b.observations > 0 ? formatPercent(b.exceptions / b.observations, 2) : MISSING;
      const cells = [
        formatNumber(b.observations),
        formatNumber(b.exceptions),
        expected,
        rate,
        formatFixed(b.kupiec.lr, 3),
        formatPValue(b.kupiec.pValue),
        formatFixed(b.christoffersen.lrInd, 3),
        formatPValue(b.christoffersen.pValueInd),
        formatFixed(b.christoffersen.lrCc, 3),
        formatPValue(b.christoffersen.pValueCc),
      ].map((c) => `<td class="num">${h(c)}</td>`);
      const zone = `<td class="zone zone-${b.zone}"><span class="zone-dot" aria-hidden="true"></span>${h(b.zone)}</td>`;
      return `<tr><th scope="row">${h(a.symbol)}</th>${cells.join('')}${zone}</tr>`;
    })
    .join('\n');
  return (
    `<table id="backtest-table"><caption>Coverage backtest of the margin requirement ` +
    `(Kupiec POF, Christoffersen independence and conditional coverage, Basel traffic light)</caption>` +
    `<thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`
  );
}

/** One row per asset: peak-to-trough ratio and largest 1-, 5- and 30-day increases. */
export function procyclicalityTable(assets: ReportAsset[]): string {
  const rows = assets
    .map((a) => {
      const p = a.procyclicality;
      const cells = [formatFixed(p.peakToTrough, 2), formatPercent(p.maxIncrease1d, 1), formatPercent(p.maxIncrease5d, 1), formatPercent(p.maxIncrease30d, 1)];
      return `<tr><th scope="row">${h(a.symbol)}</th>${cells.map((c) => `<td class="num">${h(c)}</td>`).join('')}</tr>`;
    })
    .join('\n');
  return (
    `<table id="procyclicality-table"><caption>Procyclicality of the requirement</caption>` +
    `<thead><tr><th scope="col">Asset</th><th scope="col">Peak / trough</th><th scope="col">Max 1-day increase</th>` +
    `<th scope="col">Max 5-day increase</th><th scope="col">Max 30-day increase</th></tr></thead><tbody>\n${rows}\n</tbody></table>`
  );
}

const ACCOUNT_COLUMNS = ['id', 'initialMargin', 'maintenanceMargin', 'collateral', 'status'];
const ACCOUNT_TITLES: Record<string, string> = {
  id: 'Account',
  initialMargin: 'Initial margin',
  maintenanceMargin: 'Maintenance margin',
  collateral: 'Collateral',
  status: 'Status',
};

/** One row per account; fields beyond the fixed five become extra columns. */
export function accountsTable(accounts: ReportAccount[]): string {
  const columns = [...ACCOUNT_COLUMNS];
  for (const a of accounts) for (const key of Object.keys(a)) if (!columns.includes(key)) columns.push(key);
  const head = columns.map((c) => `<th scope="col">${h(ACCOUNT_TITLES[c] ?? c)}</th>`).join('');
  const rows = accounts
    .map((a) => {
      const cells = columns.slice(1).map((c) => {
        const v = a[c];
        const cls = c === 'status' ? `status status-${slug(String(v))}` : typeof v === 'number' ? 'num' : '';
        // numbers keep their full value for sorting (accountsTableScript)
        const value = typeof v === 'number' ? ` data-value="${String(v)}"` : '';
        return `<td class="${cls}"${value}>${h(formatCell(v))}</td>`;
      });
      return `<tr data-status="${h(String(a.status))}"><th scope="row">${h(a.id)}</th>${cells.join('')}</tr>`;
    })
    .join('\n');
  const statuses = [...new Set(accounts.map((a) => String(a.status)))].sort();
  const controls =
    `<div class="table-controls"><label>Account <input type="search" id="accounts-filter" placeholder="filter by id"></label> ` +
    `<label>Status <select id="accounts-status"><option value="">all</option>${statuses.map((st) => `<option value="${h(st)}">${h(st)}</option>`).join('')}</select></label> ` +
    `<span id="accounts-count" aria-live="polite">${accounts.length} of ${accounts.length} accounts</span></div>`;
  return `${controls}<table id="accounts-table"><caption class="sr-only">Accounts (click a header to sort)</caption><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
