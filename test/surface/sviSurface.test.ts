import { describe, expect, it } from 'vitest';
import { checkSurfaceSlices } from '../../src/surface/checkSurface.js';
import { exampleSurface, flatSurface } from '../../src/surface/exampleSurface.js';
import { sviTotalVariance } from '../../src/surface/svi.js';
import { sliceBracket, surfaceIv, surfaceTotalVariance } from '../../src/surface/sviSurface.js';

const surface = exampleSurface(0.6);
const years = (d: number) => d / 365;

describe('surface between and beyond slices', () => {
  it('is each slice at its own expiry', () => {
    for (const s of surface) for (const k of [-0.5, 0, 0.3]) expect(surfaceTotalVariance(surface, k, years(s.expiryDays))).toBeCloseTo(sviTotalVariance(s, k), 15);
  });
  it('is linear in T at fixed k between slices (Gatheral 2006)', () => {
    const [s30, s90] = [surface[1], surface[2]];
    const k = -0.2;
    const t = years(50);
    const lambda = (50 - 30) / (90 - 30);
    expect(surfaceTotalVariance(surface, k, t)).toBeCloseTo((1 - lambda) * sviTotalVariance(s30, k) + lambda * sviTotalVariance(s90, k), 15);
    expect(sliceBracket(surface, t)).toMatchObject({ lo: 1, hi: 2 });
  });
  it('keeps the implied vol at k constant before the first and after the last slice', () => {
    for (const k of [-0.4, 0, 0.5]) {
      expect(surfaceIv(surface, k, years(2))).toBeCloseTo(surfaceIv(surface, k, years(7)), 14);
      expect(surfaceIv(surface, k, years(700))).toBeCloseTo(surfaceIv(surface, k, years(365)), 14);
    }
  });
  it('has no calendar arbitrage anywhere on a grid of (k, T) (w non-decreasing in T)', () => {
    for (let k = -1.5; k <= 1.5; k += 0.1) {
      let before = 0;
      for (let d = 1; d <= 500; d += 3) {
        const w = surfaceTotalVariance(surface, k, years(d));
        expect(w).toBeGreaterThanOrEqual(before);
        before = w;
      }
    }
  });
  it('a flat surface gives the flat vol at every (k, T)', () => {
    const flat = flatSurface(0.55);
    for (const d of [1, 7, 45, 365, 900]) for (const k of [-1, 0, 1]) expect(surfaceIv(flat, k, years(d))).toBeCloseTo(0.55, 14);
  });
  it('the example surface passes the checks, with a put skew (iv higher at low strikes)', () => {
    expect(() => checkSurfaceSlices(surface, 'x', 's')).not.toThrow();
    expect(surfaceIv(surface, -0.3, years(30))).toBeGreaterThan(surfaceIv(surface, 0.3, years(30)));
  });
});
