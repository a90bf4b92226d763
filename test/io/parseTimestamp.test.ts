import { describe, expect, it } from 'vitest';
import { parseTimestamp } from '../../src/io/parseTimestamp.js';

const DAY = 86_400_000;

describe('parseTimestamp', () => {
  it('ISO dates are UTC midnights (day counts from 1970-01-01)', () => {
    expect(parseTimestamp('1970-01-01')).toBe(0);
    expect(parseTimestamp('2020-03-12')).toBe(18_333 * DAY);
    expect(parseTimestamp('2000-02-29')).toBe(11_016 * DAY);
    expect(parseTimestamp('0001-01-01')).toBe(-62_135_596_800_000);
  });

  it('ISO datetimes: Z, offsets, no offset (UTC), space separator, fractions', () => {
    const t = 18_333 * DAY;
    expect(parseTimestamp('2020-03-12T00:00:00Z')).toBe(t);
    expect(parseTimestamp('2020-03-12T10:30')).toBe(t + 10.5 * 3_600_000);
    expect(parseTimestamp('2020-03-12 02:00:00+02:00')).toBe(t);
    expect(parseTimestamp('2020-03-11T19:00:00-0500')).toBe(t);
    expect(parseTimestamp('2020-03-12T00:00:01.5Z')).toBe(t + 1500);
    expect(parseTimestamp('2020-03-12T00:00:00.123456Z')).toBe(t + 123);
  });

  it('unix milliseconds', () => {
    expect(parseTimestamp('1583971200000')).toBe(18_333 * DAY);
  });

  it('rejects impossible or ambiguous values with a reason', () => {
    for (const bad of ['2023-02-29', '1900-02-29', '2024-04-31', '2024-00-10', '2024-01-01T24:00:00Z', '2024-01-01T00:60Z', '2024-01-01T00:00:00+24:00', '', '2024/01/01', '-5', '1.5e12']) {
      expect(typeof parseTimestamp(bad), bad).toBe('string');
    }
    expect(parseTimestamp('1583971200')).toMatch(/unix seconds are not accepted/);
    expect(parseTimestamp('1583971200000000')).toMatch(/microseconds are not accepted/);
  });
});
