/**
 * The stress grid as an HTML table whose cells are colored by loss on a diverging scale (white at
 * zero, red for losses, blue for gains), with a gradient legend. A table rather than a canvas: the
 * numbers stay readable, selectable and printable.
 */
import { escapeHtml as h } from './escape.js';
import { formatAs } from './format.js';
import type { ReportStressGrid } from './types.js';

/** Full-strength colors of the scale's ends (RGB). */
const LOSS_RGB = [198, 40, 40] as const;
const GAIN_RGB = [21, 101, 192] as const;

/**
 * Cell color for `value` on a scale where |value| = `maxAbs` gets the full color.
 * @returns `rgb(r, g, b)`, white for 0
 * @example heatColor(5, 10) // 'rgb(227, 148, 148)' (halfway from white to the loss red)
 */
export function heatColor(value: number, maxAbs: number): string {
  const t = maxAbs > 0 ? Math.min(1, Math.abs(value) / maxAbs) : 0;
  const end = value >= 0 ? LOSS_RGB : GAIN_RGB;
  const mix = end.map((c) => Math.round(255 + (c - 255) * t));
  return `rgb(${mix[0]}, ${mix[1]}, ${mix[2]})`;
}

/** The heat map table with its legend; `table#stress-heatmap` has rows x cols `td` cells. */
export function stressHeatMap(stress: ReportStressGrid): string {
  const rowFormat = stress.rowFormat ?? 'percent';
  const colFormat = stress.colFormat ?? 'percent';
  const valueFormat = stress.valueFormat ?? 'number';
  let maxAbs = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const row of stress.values) {
    for (const v of row) {
      if (v === null) continue;
      maxAbs = Math.max(maxAbs, Math.abs(v));
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  const rowTitle = stress.rowTitle ?? 'Price move';
  const colTitle = stress.colTitle ?? 'Vol shock';
  const head = stress.cols.map((c) => `<th scope="col">${h(formatAs(c, colFormat))}</th>`).join('');
  const body = stress.rows
    .map((r, i) => {
      const cells = stress.values[i].map((v, j) => {
        if (v === null) {
          const where = `${rowTitle} ${formatAs(r, rowFormat)}, ${colTitle} ${formatAs(stress.cols[j], colFormat)}`;
          return `<td class="num empty" title="${h(`${where}: not a scenario of this grid`)}"></td>`;
        }
        const strong = maxAbs > 0 && Math.abs(v) / maxAbs > 0.6;
        const text = formatAs(v, valueFormat, 2);
        const title = `${rowTitle} ${formatAs(r, rowFormat)}, ${colTitle} ${formatAs(stress.cols[j], colFormat)}: ${text}`;
        return `<td class="num${strong ? ' strong' : ''}" style="background:${heatColor(v, maxAbs)}" title="${h(title)}">${h(text)}</td>`;
      });
      return `<tr><th scope="row">${h(formatAs(r, rowFormat))}</th>${cells.join('')}</tr>`;
    })
    .join('\n');
  const from = min < 0 ? heatColor(-maxAbs, maxAbs) : 'rgb(255, 255, 255)';
  const fromLabel = min < 0 ? formatAs(-maxAbs, valueFormat, 2) : formatAs(0, valueFormat, 2);
  const legend =
    `<div class="heat-legend" aria-hidden="true"><span>${h(fromLabel)}</span>` +
    `<span class="heat-bar" style="background:linear-gradient(to right, ${from}, rgb(255, 255, 255)${min < 0 ? ' 50%' : ''}, ${heatColor(maxAbs, maxAbs)})"></span>` +
    `<span>${h(formatAs(maxAbs, valueFormat, 2))}</span></div>` +
    `<p class="note">Color: loss (red) and gain (blue) relative to the largest absolute value; blank: not a scenario of the grid; range ${h(formatAs(min, valueFormat, 2))} to ${h(formatAs(max, valueFormat, 2))}.</p>`;
  return (
    `<table id="stress-heatmap" class="heatmap"><caption>${h(stress.label)}</caption>` +
    `<thead><tr><th scope="col" class="corner">${h(rowTitle)} \\ ${h(colTitle)}</th>${head}</tr></thead>` +
    `<tbody>\n${body}\n</tbody></table>\n${legend}`
  );
}
