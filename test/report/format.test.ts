import { describe, expect, it } from 'vitest';
import { formatCell, formatFixed, formatNumber, formatPercent, formatPValue, MISSING } from '../../src/report/format.js';
import { heatColor } from '../../src/report/stressHeatMap.js';

describe('report number formats', () => {
  it('formats percent, fixed, p-values and general numbers', () => {
    expect(formatPercent(0.12345)).toBe('12.35%');
    expect(formatPercent(-0.5, 0)).toBe('-50%');
    expect(formatFixed(0.7691383643858218, 3)).toBe('0.769');
    expect(formatPValue(0.3804837382389611)).toBe('0.380');
    expect(formatPValue(0.00099)).toBe('< 0.001');
    expect(formatPValue(0.001)).toBe('0.001');
    expect(formatNumber(1234567.891)).toBe('1,234,570');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(0.000123456789)).toBe('0.000123457');
  });

  it('shows missing values as a dash', () => {
    for (const f of [formatPercent, formatFixed, formatPValue, formatNumber]) {
      expect(f(null)).toBe(MISSING);
      expect(f(Number.NaN)).toBe(MISSING);
    }
    expect(formatCell(null)).toBe(MISSING);
    expect(formatCell('ok')).toBe('ok');
    expect(formatCell(true)).toBe('true');
  });
});

describe('heatColor', () => {
  it('goes from white at 0 to full red or blue at the largest magnitude', () => {
    expect(heatColor(0, 10)).toBe('rgb(255, 255, 255)');
    expect(heatColor(10, 10)).toBe('rgb(198, 40, 40)');
    expect(heatColor(-10, 10)).toBe('rgb(21, 101, 192)');
    expect(heatColor(5, 10)).toBe('rgb(227, 148, 148)');
    expect(heatColor(3, 0)).toBe('rgb(255, 255, 255)');
  });
});
