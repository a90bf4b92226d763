// Rate shaping: the running median against sorting each window, the floor / cap / rise rules, and
// the peak / trough band the shaped path never leaves.
import { describe, expect, it } from 'vitest';
import { clampToBand, runningMedian, shapePath, shapeStep } from '../../src/optimize/shapeRate.js';

function path(n: number, seed: number): Float64Array {
  let s = seed;
  const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const out = new Float64Array(n);
  let x = 0.04;
  for (let t = 0; t < n; t++) {
    x *= Math.exp(0.3 * (rand() - 0.5));
    out[t] = t < 5 || (t > 200 && t < 210) ? NaN : x;
  }
  return out;
}

describe('runningMedian', () => {
  it('is the median of the finite values in each trailing window', () => {
    const base = path(600, 7);
    for (const lookback of [1, 2, 31, 250]) {
      const m = runningMedian(base, lookback);
      for (let t = 0; t < base.length; t++) {
        const w = Array.from(base.subarray(Math.max(0, t - lookback + 1), t + 1)).filter(Number.isFinite).sort((a, b) => a - b);
        const expected = w.length === 0 ? NaN : w.length % 2 ? w[(w.length - 1) / 2] : 0.5 * (w[w.length / 2 - 1] + w[w.length / 2]);
        if (Number.isNaN(expected)) expect(m[t]).toBeNaN();
        else expect(m[t]).toBe(expected);
      }
    }
  });
});

describe('shapeStep', () => {
  const p = { floorFraction: 0.5, capRatio: 3, maxRisePerBar: 0.25, band: Infinity, bandStart: 0 };
  it('floors at floorFraction x median, caps at capRatio x floor, bounds the rise', () => {
    expect(shapeStep(0.01, 0.04, NaN, p)).toBe(0.02); // floor 0.5 x 0.04
    expect(shapeStep(0.1, 0.04, NaN, p)).toBeCloseTo(0.06, 15); // cap 3 x 0.02
    expect(shapeStep(0.05, 0.04, 0.03, p)).toBeCloseTo(0.0375, 15); // rise 25% from 0.03
    expect(shapeStep(0.025, 0.04, 0.03, p)).toBe(0.025); // falls are not limited
    expect(shapeStep(0.01, 0.04, NaN, { ...p, floorFraction: 0 })).toBe(0.01); // no floor, no cap
  });
});

describe('shapePath and clampToBand', () => {
  it.each([2, 3.9, 6])('keeps peak / trough from bandStart within the band %f', (band) => {
    const base = path(1500, 11);
    const shaped = shapePath(base, runningMedian(base, 365), { floorFraction: 0, capRatio: Infinity, maxRisePerBar: Infinity, band, bandStart: 100 });
    const tracked = Array.from(shaped.subarray(100)).filter(Number.isFinite);
    expect(Math.max(...tracked) / Math.min(...tracked)).toBeLessThanOrEqual(band * (1 + 1e-15));
    // and is the unclamped path where that path stays inside the band so far
    expect(shaped[50]).toBe(base[50]);
    expect(Number.isNaN(shaped[205])).toBe(true);
  });

  it('clampToBand clamps into [peak / b, b x trough] and tracks both', () => {
    const state = { peak: 0, trough: Infinity };
    expect(clampToBand(1, state, 2)).toBe(1);
    expect(clampToBand(5, state, 2)).toBe(2);
    expect(clampToBand(0.1, state, 2)).toBe(1);
    expect(state).toEqual({ peak: 2, trough: 1 });
  });
});
