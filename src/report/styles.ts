import type { MarginStatus } from '../policy/health.js';

/** One rule per account status the engine sets (policy/health.ts); the compiler keeps the set complete. */
export const STATUS_COLORS: Readonly<Record<MarginStatus, string>> = {
  healthy: 'color: #1b5e20;',
  'margin-call': 'color: #7a5a00; font-weight: 600;',
  liquidate: 'color: #b71c1c; font-weight: 600;',
};
const STATUS_CSS = Object.entries(STATUS_COLORS).map(([status, rule]) => `.status-${status} { ${rule} }`).join(' ');

/** The report's stylesheet (inlined; system fonts only, so nothing is fetched). */
export const REPORT_CSS = `
:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --head: #f6f8fa; --accent: #1565c0; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--fg); background: #fff; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header, main, footer, nav { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 20px; border-bottom: 1px solid var(--line); }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 21px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 17px; margin: 20px 0 6px; }
.meta, .note, figcaption { color: var(--muted); font-size: 13px; }
nav ul { list-style: none; padding: 0; margin: 10px 0; display: flex; flex-wrap: wrap; gap: 6px 16px; font-size: 14px; }
a { color: var(--accent); }
table { border-collapse: collapse; margin: 8px 0 16px; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: var(--head); font-weight: 600; }
tbody th { font-weight: 600; background: #fbfcfd; }
td.num { text-align: right; white-space: nowrap; }
td.hash { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; word-break: break-all; }
.table-wrap { overflow-x: auto; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.zone { font-weight: 600; text-transform: uppercase; white-space: nowrap; }
.zone-dot { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 50%; margin-right: 6px; vertical-align: -1px; border: 1px solid rgba(0,0,0,0.25); }
.zone-green { background: #e6f4ea; color: #1b5e20; } .zone-green .zone-dot { background: #2e7d32; }
.zone-yellow { background: #fff8e1; color: #7a5a00; } .zone-yellow .zone-dot { background: #f9a825; }
.zone-red { background: #fdecea; color: #b71c1c; } .zone-red .zone-dot { background: #c62828; }
${STATUS_CSS}
figure { margin: 12px 0 20px; break-inside: avoid; }
.plot { width: 100%; min-height: 60px; }
.plot .u-legend { font-size: 13px; margin: 2px auto 0; }
.plot .u-legend th, .plot .u-legend td { border: 0; background: none; padding: 2px 4px; }
.chart-error { color: #b71c1c; border: 1px solid #c62828; padding: 8px; }
ul.regimes { list-style: none; padding: 0; margin: 6px 0; display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: 14px; }
.swatch { display: inline-block; width: 1.6em; height: 0.9em; margin-right: 6px; vertical-align: -1px; border: 1px solid rgba(0,0,0,0.3); }
.heatmap td { min-width: 72px; }
.heatmap td.strong { color: #fff; }
.heatmap td.empty { background: repeating-linear-gradient(45deg, #fff, #fff 4px, #f3f4f6 4px, #f3f4f6 8px); }
.table-controls { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; margin: 4px 0 8px; font-size: 13px; }
#accounts-table th.sortable { cursor: pointer; user-select: none; }
#accounts-table th[aria-sort="ascending"]::after { content: " \\25B2"; }
#accounts-table th[aria-sort="descending"]::after { content: " \\25BC"; }
.heatmap th.corner { font-weight: 600; font-size: 13px; }
.heat-legend { display: flex; align-items: center; gap: 8px; font-size: 13px; }
.heat-bar { display: inline-block; width: 240px; height: 12px; border: 1px solid var(--line); }
details pre { background: var(--head); border: 1px solid var(--line); padding: 8px; overflow-x: auto; font-size: 12px; }
footer { margin-top: 32px; padding-bottom: 24px; border-top: 1px solid var(--line); color: var(--muted); font-size: 12px; }
@page { margin: 14mm; }
@media print {
  body { font-size: 10.5pt; }
  nav, .table-controls { display: none; }
  header, main, footer { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  table, figure, .heat-legend, ul.regimes { break-inside: avoid; }
  .asset > .note, ul.regimes { break-after: avoid; }
  .table-wrap { overflow: visible; }
  table { font-size: 8.5pt; }
  th, td { padding: 2px 4px; }
  .heatmap td { min-width: 0; }
  a { color: inherit; text-decoration: none; }
  .u-select, .u-cursor-x, .u-cursor-y, .u-cursor-pt { display: none !important; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
