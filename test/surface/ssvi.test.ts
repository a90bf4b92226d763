import { describe, expect, it } from 'vitest';
import { fitSsvi, nonDecreasing, ssviIsArbitrageFree, ssviToRawSvi, ssviTotalVariance, type SsviParams } from '../../src/surface/ssvi.js';
import { sviTotalVariance } from '../../src/surface/svi.js';
import { checkSurfaceArbitrage } from '../../src/surface/surfaceArbitrage.js';

const P: SsviParams = { rho: -0.35, eta: 1.2, gamma: 0.4 };
const THETAS = [0.01, 0.02, 0.035, 0.07, 0.12];
const K = Array.from({ length: 25 }, (_, i) => -0.8 + (1.6 * i) / 24);

describe('SSVI (Gatheral & Jacquier 2014, sec. 4)', () => {
  it('converts exactly to raw SVI (w equal to 1e-15 at every k)', () => {
    for (const theta of THETAS) {
      const raw = ssviToRawSvi(P, theta);
      for (const k of K) expect(Math.abs(sviTotalVariance(raw, k) - ssviTotalVariance(P, theta, k))).toBeLessThan(1e-15);
      expect(ssviTotalVariance(P, theta, 0)).toBeCloseTo(theta, 15); // theta is the ATM total variance
    }
  });
  it('power law with eta (1 + |rho|) <= 2 and gamma <= 1/2, theta increasing: no static arbitrage', () => {
    expect(ssviIsArbitrageFree(P)).toBe(true);
    const slices = THETAS.map((theta, i) => ({ expiryDays: 30 * (i + 1), ...ssviToRawSvi(P, theta) }));
    expect(checkSurfaceArbitrage({ underlying: 'BTC', slices })).toEqual([]);
    expect(ssviIsArbitrageFree({ ...P, eta: 1.6 })).toBe(false);
    expect(ssviIsArbitrageFree({ ...P, gamma: 0.6 })).toBe(false);
  });
  it('fits rho, eta, gamma back from exact SSVI quotes', () => {
    const fit = fitSsvi(THETAS.map((theta) => ({ theta, k: K, w: K.map((k) => ssviTotalVariance(P, theta, k)) })));
    expect(fit.params.rho).toBeCloseTo(P.rho, 6);
    expect(fit.params.eta).toBeCloseTo(P.eta, 6);
    expect(fit.params.gamma).toBeCloseTo(P.gamma, 6);
    expect(fit.thetas).toEqual(THETAS);
  });
  it('makes theta non-decreasing (pool adjacent violators)', () => {
    expect(nonDecreasing([1, 3, 2, 4, 3.5, 3])).toEqual([1, 2.5, 2.5, 3.5, 3.5, 3.5]);
  });
});
