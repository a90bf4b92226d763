import { describe, expect, it } from 'vitest';
import { parsePriceCsv } from '../../src/io/priceCsv.js';
import { writePriceCsv } from '../../src/io/writePriceCsv.js';
import type { PriceSeries } from '../../src/prices/types.js';

const f = (...xs: number[]) => Float64Array.from(xs);
const base: PriceSeries = {
  symbol: 'BTC',
  dates: ['2024-01-01', '2024-01-02'],
  times: f(1704067200000, 1704153600000),
  open: f(0.1, 1 / 3),
  high: f(0.5, 1e-7 + 1),
  low: f(0.05, 1e-7),
  close: f(0.2, 0.7),
  volume: f(0, 12.5),
};

describe('writePriceCsv', () => {
  it('one series: one-asset layout with volume', () => {
    expect(writePriceCsv(base)).toBe(
      'date,open,high,low,close,volume\n2024-01-01,0.1,0.5,0.05,0.2,0\n2024-01-02,0.3333333333333333,1.0000001,1e-7,0.7,12.5\n',
    );
  });

  it('array: long layout; volume only when every series has it; symbols quoted when needed', () => {
    const noVolume = { ...base, symbol: 'ETH,2', volume: undefined };
    const text = writePriceCsv([base, noVolume]);
    expect(text.split('\n').slice(0, 4)).toEqual([
      'symbol,date,open,high,low,close',
      'BTC,2024-01-01,0.1,0.5,0.05,0.2',
      'BTC,2024-01-02,0.3333333333333333,1.0000001,1e-7,0.7',
      '"ETH,2",2024-01-01,0.1,0.5,0.05,0.2',
    ]);
  });

  it('round trips bit for bit through parsePriceCsv', () => {
    const [back] = parsePriceCsv(writePriceCsv(base), { file: 'btc.csv' });
    expect({ ...back, source: undefined }).toEqual({ ...base, source: undefined });
  });
});
