/**
 * The browser script of report.html (plain ES2017, no modules): reads the embedded JSON and draws
 * every element marked `data-chart` with uPlot. Kept as source text because it runs in the page,
 * not in Node; the test in test/report/renderHtml.browser.test.ts runs it in Chromium.
 *
 * Chart kinds (`data-chart`, with `data-asset` = index into `assets`):
 *   price   close price (log scale) with regime bands;
 *   vol     volatility (percent) with regime bands;
 *   margin  requirement and realized loss (percent), exceptions as red points;
 *   pnl     loss histogram (bars) with vertical VaR and ES lines.
 * Each chart element gets `data-ready="1"` when drawn; `<html data-charts-drawn>` counts them.
 * Errors are printed in the chart's box and to the console.
 */

/** Band fill per regime index (cycled), shared by the charts and the HTML legend. */
export const REGIME_FILLS = [
  'rgba(46, 125, 50, 0.10)',
  'rgba(245, 166, 35, 0.20)',
  'rgba(198, 40, 40, 0.16)',
  'rgba(106, 27, 154, 0.14)',
  'rgba(0, 131, 143, 0.14)',
  'rgba(93, 64, 55, 0.14)',
];

/** Series colors. */
export const COLORS = {
  price: '#1f2328',
  vol: '#6a1b9a',
  requirement: '#1565c0',
  loss: '#8c959f',
  exception: '#c62828',
  bars: 'rgba(21, 101, 192, 0.55)',
  var: '#e65100',
  es: '#b71c1c',
};

/** Width (CSS px) the charts are redrawn at for printing (A4 portrait minus margins). */
export const PRINT_WIDTH_PX = 680;

/** The script text; `dataElementId` is the id of the `<script type="application/json">`. */
export function clientScript(dataElementId: string): string {
  return `(function () {
'use strict';
var REGIME_FILLS = ${JSON.stringify(REGIME_FILLS)};
var COLORS = ${JSON.stringify(COLORS)};
var PRINT_WIDTH = ${PRINT_WIDTH_PX};
var data = JSON.parse(document.getElementById(${JSON.stringify(dataElementId)}).textContent);
var charts = [];

function widthOf(el) { return Math.max(300, Math.floor(el.getBoundingClientRect().width)); }
function seconds(iso) { return Date.parse(iso) / 1000; }
function utc(ts) { return uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'); }
function decimalsFor(step) { return Math.max(0, Math.min(6, Math.ceil(-Math.log10(step) - 1e-9))); }
function percentTicks(u, splits, axisIdx, space, incr) {
  var d = decimalsFor(Math.abs(incr || 1) * 100);
  return splits.map(function (v) { return v == null ? '' : (v * 100).toFixed(d) + '%'; });
}
function percentValue(u, v) { return v == null ? '\\u2014' : (v * 100).toFixed(2) + '%'; }
function numberValue(u, v) { return v == null ? '\\u2014' : Number(v.toPrecision(6)).toLocaleString('en-US'); }
function compact(v) {
  var a = Math.abs(v);
  if (a >= 1e9) return +(v / 1e9).toPrecision(3) + 'B';
  if (a >= 1e6) return +(v / 1e6).toPrecision(3) + 'M';
  if (a >= 1e4) return +(v / 1e3).toPrecision(3) + 'k';
  return String(+v.toPrecision(4));
}
function compactTicks(u, splits) { return splits.map(function (v) { return v == null ? '' : compact(v); }); }
function axis(label, size, values) {
  var a = { label: label, size: size, labelSize: 20, stroke: '#59636e', grid: { stroke: 'rgba(0,0,0,0.07)' }, ticks: { stroke: 'rgba(0,0,0,0.15)' } };
  if (values) a.values = values;
  return a;
}

function regimeBands(xs, regime) {
  return function (u) {
    var ctx = u.ctx, box = u.bbox, start = 0;
    ctx.save();
    ctx.beginPath(); ctx.rect(box.left, box.top, box.width, box.height); ctx.clip();
    for (var i = 1; i <= xs.length; i++) {
      if (i < xs.length && regime[i] === regime[start]) continue;
      var left = start === 0 ? xs[0] : (xs[start - 1] + xs[start]) / 2;
      var right = i === xs.length ? xs[i - 1] : (xs[i - 1] + xs[i]) / 2;
      var x0 = u.valToPos(left, 'x', true), x1 = u.valToPos(right, 'x', true);
      ctx.fillStyle = REGIME_FILLS[regime[start] % REGIME_FILLS.length];
      ctx.fillRect(x0, box.top, Math.max(1, x1 - x0), box.height);
      start = i;
    }
    ctx.restore();
  };
}

function timeChart(el, asset, index, height, series, ys, yAxis, bands) {
  var xs = asset.dates.map(seconds);
  var opts = {
    width: widthOf(el), height: height, tzDate: utc,
    cursor: { sync: { key: 'asset-' + index }, points: { size: 6 } },
    scales: { x: { time: true } },
    series: [{ label: 'Date', value: '{YYYY}-{MM}-{DD}' }].concat(series),
    axes: [axis(null, 52), yAxis],
    legend: { live: true },
    hooks: bands ? { drawClear: [regimeBands(xs, asset.regime)] } : {}
  };
  return { opts: opts, data: [xs].concat(ys) };
}

var builders = {
  price: function (el, asset, index) {
    var spec = timeChart(el, asset, index, 230,
      [{ label: 'Close', stroke: COLORS.price, width: 1.5, value: numberValue }],
      [asset.close], axis('Price (log scale)', 72, compactTicks), true);
    // log10 y scale (uPlot distr 3): a 2014-2024 BTC history spans four decades, flat on a linear axis
    spec.opts.scales.y = { distr: 3, log: 10 };
    return spec;
  },
  vol: function (el, asset, index) {
    return timeChart(el, asset, index, 170,
      [{ label: asset.volLabel || 'Volatility', stroke: COLORS.vol, width: 1.5, value: percentValue }],
      [asset.vol], axis('Volatility', 72, percentTicks), true);
  },
  margin: function (el, asset, index) {
    var exc = asset.realizedLoss.map(function (v, t) { return asset.exceptions[t] ? (v == null ? asset.requirement[t] : v) : null; });
    return timeChart(el, asset, index, 260, [
      { label: 'Requirement', stroke: COLORS.requirement, width: 1.75, value: percentValue },
      { label: 'Realized loss', stroke: COLORS.loss, width: 1, value: percentValue },
      { label: 'Exception', stroke: COLORS.exception, width: 0, value: percentValue,
        paths: function () { return null; }, points: { show: true, size: 7, width: 1, stroke: COLORS.exception, fill: COLORS.exception } }
    ], [asset.requirement, asset.realizedLoss, exc], axis('% of notional', 72, percentTicks), true);
  },
  pnl: function (el) {
    var p = data.pnlDistribution, edges = p.histogram.edges, counts = p.histogram.counts;
    var centers = counts.map(function (c, i) { return (edges[i] + edges[i + 1]) / 2; });
    var lo = Math.min(edges[0], p.var, p.es), hi = Math.max(edges[edges.length - 1], p.var, p.es);
    var pad = (hi - lo) * 0.02 || 1;
    var unit = p.unit ? ' (' + p.unit + ')' : '';
    function vline(u, x, color, text, dash, row, leftOfLine) {
      var ctx = u.ctx, box = u.bbox, r = uPlot.pxRatio, cx = Math.round(u.valToPos(x, 'x', true));
      ctx.save();
      ctx.strokeStyle = color; ctx.fillStyle = color; ctx.lineWidth = 2 * r;
      ctx.setLineDash(dash.map(function (d) { return d * r; }));
      ctx.beginPath(); ctx.moveTo(cx, box.top); ctx.lineTo(cx, box.top + box.height); ctx.stroke();
      ctx.font = 'bold ' + Math.round(12 * r) + 'px system-ui, sans-serif';
      var w = ctx.measureText(text).width, tx = leftOfLine ? cx - 6 * r - w : cx + 6 * r;
      if (tx + w > box.left + box.width) tx = cx - 6 * r - w;
      if (tx < box.left) tx = cx + 6 * r;
      ctx.fillText(text, tx, box.top + (14 + 16 * row) * r);
      ctx.restore();
    }
    var opts = {
      width: widthOf(el), height: 280,
      scales: { x: { time: false, range: [lo - pad, hi + pad] }, y: { range: function (u, min, max) { return [0, max * 1.08 || 1]; } } },
      series: [
        { label: 'Loss' + unit, value: numberValue },
        { label: 'Scenarios', stroke: COLORS.requirement, fill: COLORS.bars, width: 1,
          paths: uPlot.paths.bars({ size: [1, Infinity], gap: 1 }), points: { show: false } }
      ],
      axes: [Object.assign(axis('Loss' + unit + ' (positive = loss)', 48, compactTicks), { space: 70 }), axis('Scenarios', 64)],
      cursor: { points: { show: false } },
      hooks: { draw: [function (u) {
        var esRight = p.es >= p.var;
        vline(u, p.var, COLORS.var, 'VaR ' + +(p.confidence * 100).toFixed(2) + '% = ' + compact(p.var), [6, 4], 0, esRight);
        vline(u, p.es, COLORS.es, 'ES ' + +(p.esConfidence * 100).toFixed(2) + '% = ' + compact(p.es), [], 1, !esRight);
      }] }
    };
    return { opts: opts, data: [centers, counts] };
  }
};

var drawn = 0;
Array.prototype.forEach.call(document.querySelectorAll('[data-chart]'), function (el) {
  var kind = el.getAttribute('data-chart');
  var index = Number(el.getAttribute('data-asset') || 0);
  try {
    var spec = builders[kind](el, data.assets[index], index);
    var u = new uPlot(spec.opts, spec.data, el);
    charts.push({ el: el, u: u, height: spec.opts.height });
    el.setAttribute('data-y-scale', u.scales.y && u.scales.y.distr === 3 ? 'log' : 'linear');
    el.setAttribute('data-ready', '1');
    drawn++;
  } catch (err) {
    el.classList.add('chart-error');
    el.textContent = 'Chart could not be drawn: ' + (err && err.message ? err.message : String(err));
    console.error(err);
  }
});
document.documentElement.setAttribute('data-charts-drawn', String(drawn));

function resizeAll(width) {
  charts.forEach(function (c) { c.u.setSize({ width: width || widthOf(c.el), height: c.height }); });
}
var timer = 0;
window.addEventListener('resize', function () { clearTimeout(timer); timer = setTimeout(function () { resizeAll(); }, 100); });
window.addEventListener('beforeprint', function () {
  Array.prototype.forEach.call(document.querySelectorAll('details'), function (d) { d.open = true; });
  resizeAll(PRINT_WIDTH);
});
window.addEventListener('afterprint', function () { resizeAll(); });
})();
`;
}
