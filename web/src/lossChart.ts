/**
 * One account's loss distribution: loss in scenario s = -sum_j q_j pnl_j[s] (the book's unit P&L
 * of each instrument, `book.instrumentPnl`), binned (Freedman-Diaconis, src/report/histogram.ts),
 * with vertical lines at the engine's VaR and ES.
 */
import uPlot from 'uplot';
import type { PositionInput } from '../../src/browser/index.js';
import { lossHistogram } from '../../src/report/histogram.js';

/** Scenario losses of `positions` from each instrument's unit P&L. */
export function accountLosses(positions: readonly PositionInput[], pnl: (instrument: string) => Float64Array, scenarios: number): Float64Array {
  const losses = new Float64Array(scenarios);
  for (const { instrument, quantity } of positions) {
    const p = pnl(instrument);
    for (let s = 0; s < scenarios; s++) losses[s] -= quantity * p[s];
  }
  return losses;
}

export class LossChart {
  private plot: uPlot | undefined;
  private lines = { var: Number.NaN, es: Number.NaN };

  constructor(private readonly el: HTMLElement) {}

  update(losses: Float64Array, varValue: number, esValue: number): void {
    const { edges, counts } = lossHistogram(losses);
    const centers = counts.map((_, i) => (edges[i] + edges[i + 1]) / 2);
    this.lines = { var: varValue, es: esValue };
    const data: uPlot.AlignedData = [centers, counts];
    if (this.plot) {
      this.plot.setData(data);
      return;
    }
    const lines = () => this.lines;
    this.plot = new uPlot(
      {
        width: Math.max(320, this.el.clientWidth || 560),
        height: 300,
        scales: { x: { time: false } },
        axes: [{ label: 'loss (USD)' }, { label: 'scenarios' }],
        series: [
          { label: 'loss' },
          { label: 'scenarios', fill: 'rgba(60, 110, 180, 0.45)', stroke: 'rgb(60, 110, 180)', paths: uPlot.paths.bars!({ size: [1, Infinity] }), points: { show: false } },
        ],
        legend: { show: false },
        hooks: {
          draw: [
            (u) => {
              const ctx = u.ctx;
              const mark = (x: number, color: string, text: string) => {
                if (!Number.isFinite(x)) return;
                const px = u.valToPos(x, 'x', true);
                ctx.save();
                ctx.strokeStyle = color;
                ctx.fillStyle = color;
                ctx.lineWidth = 2 * devicePixelRatio;
                ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
                ctx.beginPath();
                ctx.moveTo(px, u.bbox.top);
                ctx.lineTo(px, u.bbox.top + u.bbox.height);
                ctx.stroke();
                ctx.font = `${12 * devicePixelRatio}px sans-serif`;
                ctx.fillText(text, px + 4 * devicePixelRatio, u.bbox.top + 14 * devicePixelRatio * (text.startsWith('ES') ? 2 : 1));
                ctx.restore();
              };
              mark(lines().var, '#c0392b', 'VaR');
              mark(lines().es, '#7d3c98', 'ES');
            },
          ],
        },
      },
      data,
      this.el,
    );
  }
}
