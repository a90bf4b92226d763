import { describe, expect, it } from 'vitest';
import { definedPoints, formatVolatility } from '../../src/cli/formatVolatility.js';
import type { VolatilityResult } from '../../src/engine.js';

const results: VolatilityResult[] = [
  { symbol: 'BTC', estimator: 'ewma', window: 30, points: [{ date: '2024-01-31', vol: 0.5 }, { date: '2024-02-01', vol: 0.25 }] },
  { symbol: 'A,B "x"', estimator: 'ewma', window: 30, points: [] },
];

describe('formatVolatility', () => {
  it('JSON is valid, one line per point, same content', () => {
    const text = formatVolatility(results, 'json');
    expect(JSON.parse(text)).toEqual(results);
    expect(text).toBe(
      '[\n  {"symbol":"BTC","estimator":"ewma","window":30,"points":[\n    {"date":"2024-01-31","vol":0.5},\n' +
        '    {"date":"2024-02-01","vol":0.25}\n  ]},\n  {"symbol":"A,B \\"x\\"","estimator":"ewma","window":30,"points":[]}\n]\n',
    );
    expect(formatVolatility([], 'json')).toBe('[]\n');
  });

  it('CSV quotes fields when needed (RFC 4180)', () => {
    expect(formatVolatility(results, 'csv')).toBe('symbol,date,vol\nBTC,2024-01-31,0.5\nBTC,2024-02-01,0.25\n');
    const odd = [{ ...results[0], symbol: 'A,B "x"', points: [{ date: 'd', vol: 1 }] }];
    expect(formatVolatility(odd, 'csv')).toBe('symbol,date,vol\n"A,B ""x""",d,1\n');
  });

  it('definedPoints drops NaN and infinite values', () => {
    const withNaN = [{ ...results[0], points: [{ date: 'a', vol: NaN }, { date: 'b', vol: 0.1 }, { date: 'c', vol: Infinity }] }];
    expect(definedPoints(withNaN)[0].points).toEqual([{ date: 'b', vol: 0.1 }]);
  });
});
