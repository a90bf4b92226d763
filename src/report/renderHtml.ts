/**
 * report.html: one self-contained file (inlined chart library, CSS, data and script; no network
 * requests — a Content-Security-Policy forbids them) that shows a `ReportData`.
 *
 * Tables (summary, backtest, procyclicality, stress heat map, accounts, inputs) are static HTML;
 * charts are drawn in the browser by uPlot from the data embedded as JSON in
 * `<script type="application/json" id="report-data">`. That JSON is the `ReportData` given, except
 * that `pnlDistribution.losses` is replaced by its histogram (raw scenarios can be millions).
 */
import { loadChartLibrary, type ChartLibrary } from './chartLibrary.js';
import { checkReportData } from './checkReportData.js';
import { clientScript, REGIME_FILLS } from './clientScript.js';
import { escapeHtml as h, jsonForScriptTag, scriptForScriptTag, textForComment } from './escape.js';
import { formatNumber, formatPercent } from './format.js';
import { lossHistogram } from './histogram.js';
import { stressHeatMap } from './stressHeatMap.js';
import { REPORT_CSS } from './styles.js';
import { accountsTableScript } from './accountsTableScript.js';
import { accountsTable, backtestTable, inputsTable, procyclicalityTable, summaryTable } from './tables.js';
import type { ReportAsset, ReportData, ReportPnlDistribution } from './types.js';

/** Id of the `<script type="application/json">` holding the data. */
export const DATA_ELEMENT_ID = 'report-data';

/** Blocks every fetch: scripts and styles only inline, images only as data: URLs. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/**
 * Renders the report as one self-contained HTML document.
 * @param data the report (checked first)
 * @param library the charting library to inline; default: uPlot from node_modules (`loadChartLibrary`)
 * @returns the HTML text (UTF-8); the same inputs give the same text
 * @throws InputError naming the JSON path (`report.assets[0].vol[3]: ...`) when `data` is malformed
 * @example writeFileSync('report.html', renderReportHtml(data))
 */
export function renderReportHtml(data: ReportData, library: ChartLibrary = loadChartLibrary()): string {
  checkReportData(data);
  const embedded = embeddedData(data);
  const sections = [
    nav(data),
    `<section id="summary" aria-labelledby="summary-h"><h2 id="summary-h">Summary</h2>${summaryTable(data.summary)}</section>`,
    `<section id="backtest" aria-labelledby="backtest-h"><h2 id="backtest-h">Backtest</h2>` +
      `<div class="table-wrap">${backtestTable(data.assets)}</div><div class="table-wrap">${procyclicalityTable(data.assets)}</div></section>`,
    ...data.assets.map(assetSection),
    data.pnlDistribution ? pnlSection(data.pnlDistribution) : '',
    data.stress
      ? `<section id="stress" aria-labelledby="stress-h"><h2 id="stress-h">Stress grid</h2><div class="table-wrap">${stressHeatMap(data.stress)}</div></section>`
      : '',
    data.accounts
      ? `<section id="accounts" aria-labelledby="accounts-h"><h2 id="accounts-h">Accounts</h2><div class="table-wrap">${accountsTable(data.accounts)}</div></section>`
      : '',
    `<section id="inputs" aria-labelledby="inputs-h"><h2 id="inputs-h">Inputs and configuration</h2>${inputsTable(data.inputs)}` +
      `<details><summary>Configuration</summary><pre>${h(JSON.stringify(data.config ?? null, null, 2) ?? 'null')}</pre></details></section>`,
  ];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="dynamargin">
<title>${h(data.title)}</title>
<style>${library.css}</style>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
<h1>${h(data.title)}</h1>
<p class="meta">Generated ${h(data.generatedAt)} &middot; ${data.assets.length} asset${data.assets.length === 1 ? '' : 's'}</p>
</header>
<main>
${sections.filter((s) => s !== '').join('\n')}
</main>
<footer>Charts drawn with ${h(library.name)} ${h(library.version)} (${h(library.license)} license, inlined below). This file makes no network requests.</footer>
<noscript><p>The charts need JavaScript; the tables above do not.</p></noscript>
<script type="application/json" id="${DATA_ELEMENT_ID}">${jsonForScriptTag(embedded)}</script>
<!--${textForComment(`${library.name} ${library.version}\n${library.licenseText}`)}-->
<script>${scriptForScriptTag(library.js)}</script>
<script>${scriptForScriptTag((data.accounts ? accountsTableScript() : '') + clientScript(DATA_ELEMENT_ID))}</script>
</body>
</html>
`;
}

/** The data as embedded: raw scenario losses replaced by their histogram. */
function embeddedData(data: ReportData): ReportData {
  const pnl = data.pnlDistribution;
  if (pnl?.losses === undefined) return data;
  const { losses, ...rest } = pnl;
  return { ...data, pnlDistribution: { ...rest, histogram: lossHistogram(losses, 'report.pnlDistribution.losses') } };
}

function nav(data: ReportData): string {
  const links: [string, string][] = [
    ['summary', 'Summary'],
    ['backtest', 'Backtest'],
    ...data.assets.map((a, i): [string, string] => [`asset-${i}`, a.symbol]),
  ];
  if (data.pnlDistribution) links.push(['pnl', 'P&L distribution']);
  if (data.stress) links.push(['stress', 'Stress grid']);
  if (data.accounts) links.push(['accounts', 'Accounts']);
  links.push(['inputs', 'Inputs']);
  return `<nav aria-label="Sections"><ul>${links.map(([id, text]) => `<li><a href="#${id}">${h(text)}</a></li>`).join('')}</ul></nav>`;
}

function assetSection(asset: ReportAsset, i: number): string {
  const s = h(asset.symbol);
  const n = asset.dates.length;
  const first = h(asset.dates[0]);
  const last = h(asset.dates[n - 1]);
  const days = new Array<number>(asset.regimes.length).fill(0);
  for (const k of asset.regime) days[k]++;
  const regimes = asset.regimes
    .map(
      (r, k) =>
        `<li><span class="swatch" style="background:${REGIME_FILLS[k % REGIME_FILLS.length]}"></span>` +
        `${h(r.name)} (&times;${h(formatNumber(r.multiplier))}, ${h(formatPercent(days[k] / n, 0))} of days)</li>`,
    )
    .join('');
  const b = asset.backtest;
  const volLabel = h(asset.volLabel ?? 'Volatility');
  const chart = (kind: string, label: string, caption: string) =>
    `<figure><div class="plot" id="chart-${kind}-${i}" data-chart="${kind}" data-asset="${i}" role="img" aria-label="${label}"></div>` +
    `<figcaption>${caption}</figcaption></figure>`;
  return (
    `<section id="asset-${i}" class="asset" aria-labelledby="asset-${i}-h"><h2 id="asset-${i}-h">${s}</h2>` +
    `<p class="note">${n} observations, ${first} to ${last}. Shaded bands: volatility regime.</p>` +
    `<ul class="regimes" aria-label="Regimes of ${s}">${regimes}</ul>` +
    chart('price', `${s} close price (log scale), ${first} to ${last}, with regime bands`, `${s}: close price, log scale.`) +
    chart('vol', `${s} ${volLabel}, ${first} to ${last}, with regime bands`, `${s}: ${volLabel}.`) +
    chart(
      'margin',
      `${s} margin requirement versus realized loss, ${b.exceptions} exceptions marked`,
      `${s}: margin requirement versus the loss realized over the next horizon, as fractions of notional; ` +
        `red points are exceptions (loss above requirement): ${b.exceptions} of ${b.observations} days.`,
    ) +
    `</section>`
  );
}

function pnlSection(pnl: ReportPnlDistribution): string {
  const unit = pnl.unit ? ` ${h(pnl.unit)}` : '';
  const varText = `VaR ${h(formatPercent(pnl.confidence, 1))} = ${h(formatNumber(pnl.var))}${unit}`;
  const esText = `ES ${h(formatPercent(pnl.esConfidence, 1))} = ${h(formatNumber(pnl.es))}${unit}`;
  return (
    `<section id="pnl" aria-labelledby="pnl-h"><h2 id="pnl-h">P&amp;L distribution</h2>` +
    `<figure><div class="plot" id="chart-pnl" data-chart="pnl" role="img" aria-label="Histogram of ${h(pnl.label)}; ${varText}; ${esText}"></div>` +
    `<figcaption>${h(pnl.label)}. Dashed line: ${varText}; solid line: ${esText}.</figcaption></figure></section>`
  );
}
