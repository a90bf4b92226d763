// optimization.html: every series-side's verdicts in the table, the pass count of the header, one
// exception mark per day whose loss exceeded the rate, escaped names, no script, deterministic.
import { describe, expect, it } from 'vitest';
import { syntheticPrices } from '../../src/data/syntheticMarket.js';
import { optimizePolicy } from '../../src/optimize/optimizePolicy.js';
import { renderOptimizationHtml } from '../../src/report/optimizationHtml.js';

const GRID = { lambdas: [0.94], innovations: ['normal' as const, 'fhs' as const], returnWeights: [1], floorFractions: [0, 0.7], capRatios: [3], maxDailyRises: [Infinity] };

describe('renderOptimizationHtml', () => {
  const result = optimizePolicy(syntheticPrices({ symbols: ['BTC', 'DOGE'] }), { grid: GRID, judgeFrom: '2023-01-01', minResiduals: 120 });
  const html = renderOptimizationHtml(result);

  it('lists both sides of every asset with their verdicts and the pass count', () => {
    const rows = [...html.matchAll(/<tr><th>([^<]+)<\/th><td>(long|short)<\/td>/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(rows).toEqual(['BTC long', 'BTC short', 'DOGE long', 'DOGE short']);
    const sides = result.assets.flatMap((a) => [a.long, a.short]);
    const passed = sides.filter((s) => s.verdict.passes).length;
    const naive = sides.filter((s) => s.naive.passes).length;
    expect(html).toContain(`Calibrated: ${passed} of 4 pass; naive: ${naive} of 4.`);
    for (const s of sides) expect(html).toContain(`>${s.verdict.exceptions}/${s.verdict.observations}<`);
  });

  it('marks each day whose loss exceeded the rate in force, and draws both sides and their parameters', () => {
    const charts = html.split('<svg').slice(1);
    // trade-off, then per asset: long rates, long parameters, short rates, short parameters
    expect(charts).toHaveLength(1 + 4 * result.assets.length);
    expect(charts[0].match(/<circle/g)).toHaveLength(2 * 4); // calibrated and naive per series-side
    result.assets.forEach((a, i) => {
      for (const [j, side] of (['long', 'short'] as const).entries()) {
        const s = a[side].series;
        let exceptions = 0;
        for (let t = 0; t < s.rate.length; t++) if (s.loss[t] !== null && (s.loss[t] as number) > s.rate[t]) exceptions++;
        const chart = charts[1 + 4 * i + 2 * j];
        expect(chart).toContain(`${side === 'long' ? 'Long' : 'Short'}: rate in force`);
        expect(chart.match(/<circle/g)?.length ?? 0).toBe(exceptions);
        expect(charts[2 + 4 * i + 2 * j]).toContain('calibrated parameters over time');
      }
    });
  });

  it('escapes names, runs no script and gives the same text for the same result', () => {
    const hostile = { ...result, assets: result.assets.map((a) => ({ ...a, symbol: '<img src=x onerror=alert(1)>' })) };
    const text = renderOptimizationHtml(hostile);
    expect(text).not.toContain('<img');
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("Content-Security-Policy");
    expect(renderOptimizationHtml(result)).toBe(html);
  });
});
