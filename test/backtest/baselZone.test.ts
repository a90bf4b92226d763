// Basel traffic lights: the published 250-day table and SciPy-derived bounds at other sample sizes.
import { describe, expect, it } from 'vitest';
import { baselZone, baselZoneBounds } from '../../src/backtest/baselZone.js';
import { binomialCdf } from '../../src/backtest/binomial.js';
import { InputError } from '../../src/errors.js';
import { fixture } from './fixture.js';

describe('Basel traffic-light zones', () => {
  it('reproduces the Basel Committee (1996) table for 250 days at 99%', () => {
    // Table 1: green 0-4, yellow 5-9, red 10 or more
    const expected = ['green', 'green', 'green', 'green', 'green', 'yellow', 'yellow', 'yellow', 'yellow', 'yellow', 'red', 'red', 'red'];
    expect(Array.from({ length: 13 }, (_, x) => baselZone(250, x, 0.99))).toEqual(expected);
    expect(baselZoneBounds(250, 0.99)).toEqual({ yellowFrom: 5, redFrom: 10 });
    // and its cumulative probabilities (percent, two decimals)
    const published = [8.11, 28.58, 54.32, 75.81, 89.22, 95.88, 98.63, 99.6, 99.89, 99.97, 99.99];
    published.forEach((pct, x) => expect(binomialCdf(x, 250, 0.01) * 100).toBeCloseTo(pct, 2));
  });

  it('matches bounds scanned with SciPy binom.cdf for other sample sizes and coverages', () => {
    for (const c of fixture.basel) {
      expect(baselZoneBounds(c.n, c.coverage), `n=${c.n}, coverage=${c.coverage}`).toEqual({ yellowFrom: c.yellowFrom, redFrom: c.redFrom });
    }
  });

  it('agrees with its bounds at every count', () => {
    for (const [n, coverage] of [[250, 0.99], [500, 0.975], [1000, 0.995], [5, 0.99], [60, 0.95]] as const) {
      const { yellowFrom, redFrom } = baselZoneBounds(n, coverage);
      for (let x = 0; x <= n; x++) {
        const zone = x < yellowFrom ? 'green' : x < redFrom ? 'yellow' : 'red';
        expect(baselZone(n, x, coverage), `n=${n}, x=${x}`).toBe(zone);
      }
    }
  });

  it('rejects bad arguments', () => {
    expect(() => baselZone(250, -1, 0.99)).toThrow(InputError);
    expect(() => baselZone(0, 0, 0.99)).toThrow(/observations/);
    expect(() => baselZoneBounds(250, 1.5)).toThrow(/coverage/);
  });
});
