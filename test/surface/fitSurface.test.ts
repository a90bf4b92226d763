import { describe, expect, it } from 'vitest';
import { fitSurface } from '../../src/surface/fitSurface.js';
import { sviTotalVariance } from '../../src/surface/svi.js';
import { UnderlyingSurfaceSchema } from '../../src/surface/surfaceSchema.js';
import { CHAIN, chainQuotes } from './sviTestData.js';

describe('fitSurface', () => {
  it('svi: recovers the chain total variance to 1e-6 at the quote strikes, arbitrage-free, in the shared format', () => {
    const quotes = chainQuotes(CHAIN);
    const { surfaces, fit, violations } = fitSurface(quotes);
    expect(violations).toEqual([]);
    expect(surfaces).toHaveLength(1);
    expect(UnderlyingSurfaceSchema.parse(surfaces[0])).toEqual(surfaces[0]);
    let maxErr = 0;
    for (const q of quotes) {
      const slice = surfaces[0].slices.find((s) => s.expiryDays === q.expiryDays)!;
      const truth = CHAIN.find((s) => s.expiryDays === q.expiryDays)!;
      const k = Math.log(q.strike / q.forward);
      maxErr = Math.max(maxErr, Math.abs(sviTotalVariance(slice, k) - sviTotalVariance(truth, k)));
    }
    expect(maxErr).toBeLessThan(1e-6);
    expect(fit.map((f) => f.expiryDays)).toEqual([30, 60, 90, 180]);
    expect(fit.every((f) => f.arbitrageFree && f.quotes === 30 && f.rmseVolPoints < 1e-3)).toBe(true);
  });
  it('svi: noisy chain (0.5 vol point noise) fits with RMSE near the noise level and no arbitrage', () => {
    const noise = 0.005;
    const { fit, violations } = fitSurface(chainQuotes(CHAIN, { noise, seed: 11 }));
    expect(violations).toEqual([]);
    for (const f of fit) {
      expect(f.rmseVolPoints).toBeGreaterThan(0.6 * 100 * noise);
      expect(f.rmseVolPoints).toBeLessThan(1.1 * 100 * noise);
    }
  });
  it('ssvi: one global fit, raw SVI slices, arbitrage-free', () => {
    const { surfaces, fit, violations } = fitSurface(chainQuotes(CHAIN), { model: 'ssvi', asOf: '2026-12-01' });
    expect(violations).toEqual([]);
    expect(surfaces[0].slices).toHaveLength(4);
    expect(fit[0]).toMatchObject({ model: 'ssvi', expiry: '2026-12-31', arbitrageFree: true });
    expect(Math.max(...fit.map((f) => f.rmseVolPoints))).toBeLessThan(3); // SSVI is not the generating model
  });
  it('reports calendar arbitrage in fitted slices that cross', () => {
    const crossing = [CHAIN[0], { ...CHAIN[1], a: 0, b: 0.12, sigma: 0.05 }];
    const { fit, violations } = fitSurface(chainQuotes(crossing));
    expect(violations.map((v) => v.kind)).toContain('calendar');
    expect(violations[0].message).toMatch(/^surface BTC: calendar arbitrage between 30 d and 60 d expiries/);
    expect(fit.map((f) => f.arbitrageFree)).toEqual([false, false]);
  });
  it('rejects too few quotes and forwards that differ within an expiry', () => {
    const few = chainQuotes(CHAIN.slice(0, 1), { strikes: 4 });
    expect(() => fitSurface(few, { file: 'q.csv' })).toThrow(/^q\.csv: BTC 30 d: 4 quotes; svi needs at least 5 per expiry$/);
    const quotes = chainQuotes(CHAIN.slice(0, 1)).map((q, i) => ({ ...q, line: i + 2, forward: i === 3 ? 61_000 : q.forward }));
    expect(() => fitSurface(quotes, { file: 'q.csv' })).toThrow(/^q\.csv:5: forward: BTC 30 d: forward 61000 differs from 60000 \(line 2\) within one expiry$/);
  });
});
