/** Warning lines for price series with holes in their dates (accepted, but worth knowing). */
import type { PriceSeries } from '../prices/types.js';

/** One `warning:` line per series with gaps (empty string when none has any). */
export function gapWarnings(series: readonly PriceSeries[]): string {
  let text = '';
  for (const s of series) {
    if (!s.gaps?.length) continue;
    const largest = s.gaps.reduce((a, b) => (b.days > a.days ? b : a));
    const n = s.gaps.length;
    text +=
      `warning: ${s.symbol} (${s.source ?? 'input'}): ${n} gap${n === 1 ? '' : 's'} in the dates, ` +
      `the largest ${round(largest.days)} day${largest.days === 1 ? '' : 's'} missing after ${largest.after}\n`;
  }
  return text;
}

function round(days: number): string {
  return Number.isInteger(days) ? String(days) : days.toPrecision(3);
}
