/** Output formats of `dynamargin vol`: JSON (one object per series) and CSV (`symbol,date,vol`). */
import type { VolatilityResult } from '../engine.js';
import { csvField } from '../io/writePriceCsv.js';
import { csvText } from './csvText.js';

export type VolFormat = 'json' | 'csv';
export const VOL_FORMATS: readonly VolFormat[] = ['json', 'csv'];

/** Keep only defined points (finite vol); the engine may return NaN where an estimator is undefined. */
export function definedPoints(results: readonly VolatilityResult[]): VolatilityResult[] {
  return results.map((r) => ({ ...r, points: r.points.filter((p) => Number.isFinite(p.vol)) }));
}

/**
 * @example formatVolatility([{ symbol: 'BTC', estimator: 'ewma', window: 30, points: [{ date: '2024-01-31', vol: 0.5 }] }], 'csv')
 * // 'symbol,date,vol\nBTC,2024-01-31,0.5\n'
 */
export function formatVolatility(results: readonly VolatilityResult[], format: VolFormat): string {
  return format === 'json' ? formatJson(results) : formatCsv(results);
}

/** JSON array with one line per point (valid JSON, easy to read and to diff). */
function formatJson(results: readonly VolatilityResult[]): string {
  if (results.length === 0) return '[]\n';
  const series = results.map(({ symbol, estimator, window, points }) => {
    const head = JSON.stringify({ symbol, estimator, window }).slice(0, -1) + ',"points":[';
    const body = points.map((p) => `    ${JSON.stringify({ date: p.date, vol: p.vol })}`).join(',\n');
    return `  ${head}${body ? `\n${body}\n  ` : ''}]}`;
  });
  return `[\n${series.join(',\n')}\n]\n`;
}

function formatCsv(results: readonly VolatilityResult[]): string {
  const lines = ['symbol,date,vol'];
  for (const r of results) {
    const symbol = csvText(r.symbol);
    for (const p of r.points) lines.push(`${symbol},${csvField(p.date)},${p.vol}`);
  }
  return lines.join('\n') + '\n';
}
