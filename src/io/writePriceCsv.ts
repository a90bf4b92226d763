/** Writing price series as CSV in the format `parsePriceCsv` reads. Pure and browser-safe. */
import type { PriceSeries } from '../prices/types.js';

/**
 * Format series as CSV text (LF line ends, header first). Numbers are written with JavaScript's
 * shortest round-trip form, so parsing the text gives back the same values bit for bit.
 *
 * @param series one series -> one-asset layout `date,open,high,low,close[,volume]`;
 *   an array -> long layout `symbol,date,open,high,low,close[,volume]`, one block per series.
 *   The volume column is written when every series has volume.
 * @example
 * writePriceCsv(btc) // 'date,open,high,low,close,volume\n2024-01-01,42000,42800,41500,42500,1200\n...'
 */
export function writePriceCsv(series: PriceSeries | readonly PriceSeries[]): string {
  const long = Array.isArray(series);
  const list: readonly PriceSeries[] = long ? series : [series as PriceSeries];
  const withVolume = list.length > 0 && list.every((s) => s.volume !== undefined);
  const header = [...(long ? ['symbol'] : []), 'date', 'open', 'high', 'low', 'close', ...(withVolume ? ['volume'] : [])];
  const lines = [header.join(',')];
  for (const s of list) {
    const prefix = long ? `${csvField(s.symbol)},` : '';
    for (let i = 0; i < s.close.length; i++) {
      let row = `${prefix}${csvField(s.dates[i])},${s.open[i]},${s.high[i]},${s.low[i]},${s.close[i]}`;
      if (withVolume) row += `,${s.volume![i]}`;
      lines.push(row);
    }
  }
  return lines.join('\n') + '\n';
}

/** Quote a field when it holds a comma, quote or line break (RFC 4180). */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
