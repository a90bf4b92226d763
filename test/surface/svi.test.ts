import { describe, expect, it } from 'vitest';
import { sviButterflyDensity, sviMeetsLeeBound, sviTotalVariance } from '../../src/surface/svi.js';

// Axel Vogt's example (Gatheral & Jacquier 2014, sec. 2.2): raw SVI with butterfly arbitrage, t = 1
const VOGT = { a: -0.041, b: 0.1331, rho: 0.306, m: 0.3586, sigma: 0.4153 };

describe('raw SVI', () => {
  it('total variance at k = m is a + b sigma (closed form)', () => {
    expect(sviTotalVariance(VOGT, VOGT.m)).toBeCloseTo(-0.041 + 0.1331 * 0.4153, 15);
  });
  it('g(k) is negative somewhere for the Vogt example (Gatheral & Jacquier 2014, fig. 1)', () => {
    let min = Infinity;
    for (let k = -1.5; k <= 1.5; k += 0.001) min = Math.min(min, sviButterflyDensity(VOGT, k));
    expect(min).toBeLessThan(0);
  });
  it('g(k) = 1 for flat total variance (w = const: every derivative zero)', () => {
    expect(sviButterflyDensity({ a: 0.04, b: 0, rho: 0, m: 0, sigma: 0.1 }, 0.3)).toBe(1);
  });
  it('Lee bound b(1 + |rho|) <= 2', () => {
    expect(sviMeetsLeeBound(VOGT)).toBe(true);
    expect(sviMeetsLeeBound({ ...VOGT, b: 1.6, rho: 0.3 })).toBe(false);
  });
});
