/**
 * Static SVG charts for reports that need no script: a line / step chart over dates and a scatter.
 * Values map linearly to the plot box; NaN / null leave a gap. The same inputs give the same text.
 */
import { escapeHtml as h } from './escape.js';

export interface Line {
  name: string;
  color: string;
  values: ArrayLike<number | null>;
  /** Draw each value flat until the next (a schedule); default false. */
  step?: boolean;
  dashed?: boolean;
}

export interface LineChart {
  title: string;
  dates: readonly string[];
  lines: Line[];
  /** Marks (e.g. exceptions): bar index and value; a value above the lines' range is drawn at the top edge. */
  marks?: { index: number; value: number; color: string }[];
  yFormat: (v: number) => string;
  width?: number;
  height?: number;
}

const PAD = { left: 58, right: 12, top: 22, bottom: 26 };

/** A line chart over bar indices with date ticks at year starts (or evenly when the span is short). */
export function svgLineChart(c: LineChart): string {
  const width = c.width ?? 900;
  const height = c.height ?? 220;
  const n = c.dates.length;
  let max = 0;
  for (const l of c.lines) for (let i = 0; i < l.values.length; i++) if (Number.isFinite(l.values[i])) max = Math.max(max, l.values[i] as number);
  const yMax = niceCeil(max || 1);
  const x = (i: number) => PAD.left + ((width - PAD.left - PAD.right) * i) / Math.max(1, n - 1);
  const y = (v: number) => height - PAD.bottom - ((height - PAD.top - PAD.bottom) * Math.min(v, yMax)) / yMax;
  const paths = c.lines.map((l) => {
    const d: string[] = [];
    let pen = false;
    for (let i = 0; i < n; i++) {
      const v = l.values[i];
      if (v === null || !Number.isFinite(v)) {
        pen = false;
        continue;
      }
      if (l.step && pen) d.push(`H${x(i).toFixed(1)}`);
      d.push(`${pen ? 'L' : 'M'}${x(i).toFixed(1)} ${y(v).toFixed(1)}`);
      pen = true;
    }
    const dash = l.dashed ? ' stroke-dasharray="4 3"' : '';
    return `<path d="${d.join('')}" fill="none" stroke="${h(l.color)}" stroke-width="1.2"${dash}><title>${h(l.name)}</title></path>`;
  });
  const marks = (c.marks ?? []).map((m) => `<circle cx="${x(m.index).toFixed(1)}" cy="${y(m.value).toFixed(1)}" r="2" fill="${h(m.color)}"/>`);
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const v = yMax * f;
    return `<line x1="${PAD.left}" x2="${width - PAD.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e5e9ed"/><text x="${PAD.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${h(c.yFormat(v))}</text>`;
  });
  const xTicks: string[] = [];
  for (let i = 0; i < n; i++) {
    const newYear = i > 0 && c.dates[i].slice(0, 4) !== c.dates[i - 1].slice(0, 4);
    if (newYear) xTicks.push(`<line x1="${x(i).toFixed(1)}" x2="${x(i).toFixed(1)}" y1="${PAD.top}" y2="${height - PAD.bottom}" stroke="#eef1f4"/><text x="${x(i).toFixed(1)}" y="${height - 8}" text-anchor="middle">${h(c.dates[i].slice(0, 4))}</text>`);
  }
  const legend = c.lines.map((l, i) => `<tspan fill="${h(l.color)}"${i ? ' dx="14"' : ''}>${l.dashed ? '- -' : '—'} ${h(l.name)}</tspan>`).join('');
  return (
    `<svg class="chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${h(c.title)}" font-size="11" font-family="system-ui, sans-serif">` +
    `<text x="${PAD.left}" y="14" font-weight="600">${h(c.title)}</text><text x="${width - PAD.right}" y="14" text-anchor="end">${legend}</text>` +
    yTicks.join('') + xTicks.join('') + paths.join('') + marks.join('') + `</svg>`
  );
}

export interface ScatterPoint {
  x: number;
  y: number;
  label: string;
  color: string;
  hollow?: boolean;
}

export interface Scatter {
  title: string;
  xLabel: string;
  yLabel: string;
  points: ScatterPoint[];
  /** Reference lines: vertical at x, horizontal at y. */
  xLines?: { at: number; label: string }[];
  yLines?: { at: number; label: string }[];
  xFormat: (v: number) => string;
  yFormat: (v: number) => string;
}

/** A scatter plot from 0 to a rounded-up maximum on both axes. */
export function svgScatter(c: Scatter): string {
  const width = 900;
  const height = 360;
  const xs = [...c.points.map((p) => p.x), ...(c.xLines ?? []).map((l) => l.at)].filter(Number.isFinite);
  const ys = [...c.points.map((p) => p.y), ...(c.yLines ?? []).map((l) => l.at)].filter(Number.isFinite);
  const xMax = niceCeil(Math.max(...xs, 1e-9));
  const yMax = niceCeil(Math.max(...ys, 1e-9));
  const x = (v: number) => PAD.left + ((width - PAD.left - PAD.right) * Math.min(v, xMax)) / xMax;
  const y = (v: number) => height - PAD.bottom - 14 - ((height - PAD.top - PAD.bottom - 14) * Math.min(v, yMax)) / yMax;
  const grid = [0, 0.25, 0.5, 0.75, 1].flatMap((f) => [
    `<line x1="${PAD.left}" x2="${width - PAD.right}" y1="${y(yMax * f).toFixed(1)}" y2="${y(yMax * f).toFixed(1)}" stroke="#e5e9ed"/><text x="${PAD.left - 6}" y="${(y(yMax * f) + 4).toFixed(1)}" text-anchor="end">${h(c.yFormat(yMax * f))}</text>`,
    `<text x="${x(xMax * f).toFixed(1)}" y="${height - PAD.bottom + 2}" text-anchor="middle">${h(c.xFormat(xMax * f))}</text>`,
  ]);
  const refs = [
    ...(c.xLines ?? []).map((l) => `<line x1="${x(l.at).toFixed(1)}" x2="${x(l.at).toFixed(1)}" y1="${PAD.top}" y2="${y(0).toFixed(1)}" stroke="#8c959f" stroke-dasharray="4 3"/><text x="${(x(l.at) + 4).toFixed(1)}" y="${PAD.top + 10}">${h(l.label)}</text>`),
    ...(c.yLines ?? []).map((l) => `<line x1="${PAD.left}" x2="${width - PAD.right}" y1="${y(l.at).toFixed(1)}" y2="${y(l.at).toFixed(1)}" stroke="#8c959f" stroke-dasharray="4 3"/><text x="${width - PAD.right - 4}" y="${(y(l.at) - 4).toFixed(1)}" text-anchor="end">${h(l.label)}</text>`),
  ];
  const dots = c.points.map(
    (p) =>
      `<circle cx="${x(p.x).toFixed(1)}" cy="${y(p.y).toFixed(1)}" r="4" ${p.hollow ? `fill="none" stroke="${h(p.color)}"` : `fill="${h(p.color)}"`}><title>${h(p.label)}</title></circle>`,
  );
  return (
    `<svg class="chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${h(c.title)}" font-size="11" font-family="system-ui, sans-serif">` +
    `<text x="${PAD.left}" y="14" font-weight="600">${h(c.title)}</text>` +
    grid.join('') + refs.join('') + dots.join('') +
    `<text x="${(width + PAD.left) / 2}" y="${height - 4}" text-anchor="middle">${h(c.xLabel)}</text>` +
    `<text transform="translate(12 ${height / 2}) rotate(-90)" text-anchor="middle">${h(c.yLabel)}</text></svg>`
  );
}

/** The smallest of 1, 2, 2.5, 5 x 10^k at or above v (> 0). */
export function niceCeil(v: number): number {
  const e = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * e >= v * (1 - 1e-12)) return m * e;
  return 10 * e;
}
