/**
 * optimization.html: the out-of-sample report of `calibrate --optimize`, one self-contained file with
 * static SVG charts (no script): the verdicts of both sides against the naive rate, the cost /
 * coverage trade-off of every series-side, and per asset the daily rates of both sides with their
 * exceptions and the calibrated parameters over time.
 */
import type { AssetOptimization, PolicyOptimization, SideOptimization } from '../optimize/optimizePolicy.js';
import type { Verdict } from '../optimize/judge.js';
import { COMMITTEE_BAR } from '../optimize/judge.js';
import { escapeHtml as h } from './escape.js';
import { REPORT_CSS } from './styles.js';
import { svgLineChart, svgScatter, type ScatterPoint } from './svgChart.js';

const CALIBRATED = '#1565c0';
const NAIVE = '#8c959f';
const SHORT = '#c2185b';
const EXCEPTION = '#b71c1c';
const CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

const pct = (v: number, digits = 2) => `${+(100 * v).toFixed(digits)}%`;

/** The report as one HTML document (UTF-8 text; the same result gives the same text). */
export function renderOptimizationHtml(r: PolicyOptimization, title = 'dynamargin: calibrated margin rates, out of sample'): string {
  const s = r.policy.calibrated.settings;
  const sides = r.assets.flatMap((a) => (['long', 'short'] as const).map((side) => ({ a, side, o: a[side] })));
  const passed = sides.filter((x) => x.o.verdict.passes).length;
  const naivePassed = sides.filter((x) => x.o.naive.passes).length;
  const body = [
    `<header><h1>${h(title)}</h1><p class="meta">${s.horizonDays}-day VaR ${s.confidence}, monthly walk-forward refits, every rate out of sample. ` +
      `Bar: Basel green, Kupiec p &ge; ${COMMITTEE_BAR.minKupiecP}, cost &le; ${COMMITTEE_BAR.maxCostRatio}x the naive rate (RiskMetrics EWMA 0.94, normal), peak / trough &le; ${COMMITTEE_BAR.maxPeakToTrough}. ` +
      `<strong>Calibrated: ${passed} of ${sides.length} pass; naive: ${naivePassed} of ${sides.length}.</strong></p>` +
      `<nav><ul><li><a href="#verdicts">Verdicts</a></li><li><a href="#tradeoff">Cost and coverage</a></li>${r.assets.map((a, i) => `<li><a href="#asset-${i}">${h(a.symbol)}</a></li>`).join('')}</ul></nav></header>`,
    `<main><section id="verdicts"><h2>Verdicts</h2><div class="table-wrap">${verdictTable(sides)}</div></section>`,
    `<section id="tradeoff"><h2>Cost and coverage</h2>${tradeoffChart(sides, 1 - s.confidence)}<p class="note">Each series-side once calibrated (filled) and once naive (hollow); green passes the bar. ` +
      `Right of the ${pct(1 - s.confidence, 0)} line: more exceptions than the confidence expects; above the ${COMMITTEE_BAR.maxCostRatio}x line: costlier than the bar.</p></section>`,
    ...r.assets.map(assetSection),
    `</main>`,
  ];
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta http-equiv="Content-Security-Policy" content="${CSP}"><title>${h(title)}</title><style>${REPORT_CSS} svg.chart { max-width: 100%; height: auto; display: block; margin: 8px 0; } td.fails { color: #b71c1c; font-weight: 600; } td.nowrap { white-space: nowrap; }</style></head>` +
    `<body>${body.join('\n')}</body></html>\n`
  );
}

type SideRow = { a: AssetOptimization; side: 'long' | 'short'; o: SideOptimization };

function verdictCells(v: Verdict): string {
  const cell = (text: string, bad: boolean) => `<td class="num${bad ? ' fails' : ''}">${h(text)}</td>`;
  return (
    cell(`${v.exceptions}/${v.observations}`, false) +
    cell(v.kupiecP.toFixed(3), v.kupiecP < COMMITTEE_BAR.minKupiecP) +
    cell(v.zone, v.zone !== 'green') +
    cell(`${v.costRatio.toFixed(2)}x`, v.costRatio > COMMITTEE_BAR.maxCostRatio) +
    cell(v.peakToTrough.toFixed(2), v.peakToTrough > COMMITTEE_BAR.maxPeakToTrough) +
    `<td>${v.passes ? 'yes' : '<strong>no</strong>'}</td>`
  );
}

function verdictTable(rows: SideRow[]): string {
  const head =
    '<thead><tr><th rowspan="2">Series</th><th rowspan="2">Side</th><th rowspan="2">Judged</th><th colspan="6">Calibrated</th><th colspan="6">Naive</th></tr>' +
    '<tr>' + ['Exceptions', 'Kupiec p', 'Zone', 'Cost', 'Peak / trough', 'Passes'].map((x) => `<th>${x}</th>`).join('').repeat(2) + '</tr></thead>';
  const body = rows.map(({ a, side, o }) => `<tr><th>${h(a.symbol)}</th><td>${side}</td><td class="nowrap">${h(o.verdict.from)} to ${h(o.verdict.to)}</td>${verdictCells(o.verdict)}${verdictCells(o.naive)}</tr>`);
  return `<table class="verdicts">${head}<tbody>${body.join('')}</tbody></table>`;
}

function tradeoffChart(rows: SideRow[], expectedRate: number): string {
  const points: ScatterPoint[] = rows.flatMap(({ a, side, o }) =>
    [o.verdict, o.naive].map((v, i) => ({
      x: v.exceptions / v.observations,
      y: v.costRatio,
      hollow: i === 1,
      color: v.passes ? '#2e7d32' : i === 0 ? EXCEPTION : NAIVE,
      label: `${a.symbol} ${side} ${i === 0 ? 'calibrated' : 'naive'}: ${v.exceptions}/${v.observations} exceptions, cost ${v.costRatio.toFixed(2)}x, P/T ${v.peakToTrough.toFixed(2)}`,
    })),
  );
  return svgScatter({
    title: 'Exception rate against cost (mean rate / naive mean rate), out of sample',
    xLabel: 'exceptions / days',
    yLabel: 'cost vs naive',
    points,
    xLines: [{ at: expectedRate, label: pct(expectedRate, 0) }],
    yLines: [{ at: COMMITTEE_BAR.maxCostRatio, label: `${COMMITTEE_BAR.maxCostRatio}x` }],
    xFormat: (v) => pct(v),
    yFormat: (v) => `${v.toFixed(2)}x`,
  });
}

function assetSection(a: AssetOptimization, i: number): string {
  const charts = (['long', 'short'] as const).map((side) => {
    const s = a[side].series;
    const marks: { index: number; value: number; color: string }[] = [];
    s.loss.forEach((loss, t) => {
      if (loss !== null && loss > s.rate[t]) marks.push({ index: t, value: loss, color: EXCEPTION });
    });
    const rates = svgLineChart({
      title: `${side === 'long' ? 'Long' : 'Short'}: rate in force (fraction of notional) and exceptions`,
      dates: s.dates,
      lines: [
        { name: 'calibrated', color: side === 'long' ? CALIBRATED : SHORT, values: s.rate },
        { name: 'naive EWMA(0.94)', color: NAIVE, values: s.naiveRate, dashed: true },
      ],
      marks,
      yFormat: (v) => pct(v, 1),
    });
    return rates + parameterChart(a, side);
  });
  const v = (side: 'long' | 'short') => a[side].verdict;
  return (
    `<section id="asset-${i}"><h2>${h(a.symbol)}</h2><p class="meta">${h(a.source ?? '')} · ${a.calendar.kind}, ${a.calendar.annualization} bars a year · ` +
    `long ${v('long').exceptions}/${v('long').observations} exceptions, cost ${v('long').costRatio.toFixed(2)}x; short ${v('short').exceptions}/${v('short').observations}, cost ${v('short').costRatio.toFixed(2)}x</p>` +
    charts.join('') +
    `<details><summary>Parameters at each refit (${a.long.history.length} long, ${a.short.history.length} short)</summary><div class="table-wrap">${historyTable(a)}</div></details></section>`
  );
}

/** The multiplier and the floor fraction in force, as steps over the side's dates. */
function parameterChart(a: AssetOptimization, side: 'long' | 'short'): string {
  const { dates } = a[side].series;
  const hist = a[side].history;
  const multiplier = new Array<number | null>(dates.length).fill(null);
  const floor = new Array<number | null>(dates.length).fill(null);
  const lambda = new Array<number | null>(dates.length).fill(null);
  let k = -1;
  for (let t = 0; t < dates.length; t++) {
    while (k + 1 < hist.length && hist[k + 1].from.slice(0, 10) <= dates[t].slice(0, 10)) k++;
    if (k < 0) continue;
    multiplier[t] = hist[k].multiplier;
    floor[t] = hist[k].floorFraction;
    lambda[t] = hist[k].lambda;
  }
  return svgLineChart({
    title: `${side === 'long' ? 'Long' : 'Short'}: calibrated parameters over time`,
    dates,
    lines: [
      { name: 'multiplier', color: side === 'long' ? CALIBRATED : SHORT, values: multiplier, step: true },
      { name: 'floor fraction', color: '#2e7d32', values: floor, step: true },
      { name: 'EWMA lambda', color: '#6a1b9a', values: lambda, step: true, dashed: true },
    ],
    yFormat: (v) => v.toFixed(2),
    height: 160,
  });
}

function historyTable(a: AssetOptimization): string {
  const cols = ['from', 'lambda', 'innovation', 'returnWeight', 'floorFraction', 'capRatio', 'maxDailyRise', 'multiplier', 'trainingDays', 'feasible'] as const;
  const fmt = (v: unknown) => (typeof v === 'number' ? (Number.isFinite(v) ? String(Math.round(v * 10000) / 10000) : 'none') : String(v));
  const rows = (['long', 'short'] as const).flatMap((side) => a[side].history.map((e) => `<tr><td>${side}</td>${cols.map((c) => `<td>${h(fmt(e[c]))}</td>`).join('')}</tr>`));
  return `<table><thead><tr><th>side</th>${cols.map((c) => `<th>${c}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
