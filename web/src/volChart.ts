/**
 * Realized volatility of a loaded price history (EWMA, RiskMetrics lambda 0.94, annualized) with
 * the margin policy's volatility regimes (src/policy/regimes.ts, default thresholds) as bands.
 */
import uPlot from 'uplot';
import { regimeSeries, type VolatilityResult } from '../../src/browser/index.js';
import { RegimeConfigSchema } from '../../src/policy/config.js';

export const REGIMES = RegimeConfigSchema.parse({});
const BAND_COLORS = ['rgba(0,0,0,0)', 'rgba(243, 156, 18, 0.18)', 'rgba(192, 57, 43, 0.2)'];

export class VolChart {
  private plot: uPlot | undefined;

  constructor(private readonly el: HTMLElement) {}

  show(result: VolatilityResult): void {
    const x = result.points.map((p) => Date.parse(p.date) / 1000);
    const vol = result.points.map((p) => p.vol);
    const regimes = regimeSeries(vol, REGIMES);
    this.plot?.destroy();
    this.plot = new uPlot(
      {
        width: Math.max(320, this.el.clientWidth || 900),
        height: 280,
        axes: [{}, { label: 'annualized vol', values: (_u, ticks) => ticks.map((t) => `${Math.round(t * 100)}%`) }],
        series: [{}, { label: `${result.symbol} EWMA vol`, stroke: 'rgb(60, 110, 180)', width: 1.5 }],
        hooks: {
          drawClear: [
            (u) => {
              const ctx = u.ctx;
              let start = 0;
              for (let i = 1; i <= regimes.length; i++) {
                if (i < regimes.length && regimes[i] === regimes[start]) continue;
                const r = regimes[start];
                if (r > 0) {
                  const x0 = u.valToPos(x[start], 'x', true);
                  const x1 = u.valToPos(x[i - 1], 'x', true);
                  ctx.fillStyle = BAND_COLORS[Math.min(r, BAND_COLORS.length - 1)];
                  ctx.fillRect(x0, u.bbox.top, Math.max(1, x1 - x0), u.bbox.height);
                }
                start = i;
              }
            },
          ],
        },
      },
      [x, vol],
      this.el,
    );
  }
}
