// Rate shaping against brute forces on random paths: the running median re-sorting every window
// (ties, NaN and infinite entries), the shaped path re-derived step by step with the band's peak
// and trough re-scanned from bandStart at every bar, the band guarantee, and single-step rules.
import { describe, expect, it } from 'vitest';
import { clampToBand, runningMedian, shapePath, shapeStep, type ShapeParams } from '../../src/optimize/shapeRate.js';
import { uniforms } from './seededData.js';

/** A positive random-walk rate path with NaN runs (a leading one and interior gaps). */
function randomPath(n: number, seed: number, opts: { ties?: boolean; infinities?: boolean } = {}): Float64Array {
  const u = uniforms(seed);
  const out = new Float64Array(n);
  let x = 0.03;
  let gap = 0;
  for (let t = 0; t < n; t++) {
    x *= Math.exp(0.4 * (u() - 0.5) + (u() < 0.01 ? 1.5 : 0) - (u() < 0.01 ? 1.2 : 0));
    if (gap === 0 && u() < 0.01) gap = 1 + Math.floor(8 * u());
    const v = opts.ties ? Math.round(x * 400) / 400 : x;
    out[t] = t < 12 || gap > 0 ? NaN : opts.infinities && u() < 0.01 ? Infinity : v;
    if (gap > 0) gap--;
  }
  return out;
}

function sortedMedian(values: number[]): number {
  const w = values.filter(Number.isFinite).sort((a, b) => a - b);
  const m = w.length;
  if (m === 0) return NaN;
  return m % 2 === 1 ? w[(m - 1) / 2] : 0.5 * (w[m / 2 - 1] + w[m / 2]);
}

describe('runningMedian vs sorting each window', () => {
  it.each([
    [1, 1],
    [2, 2],
    [3, 30],
    [4, 365],
    [5, 1000],
  ])('seed %i, lookback %i: median of the finite base[s], s in (t - L, t], with ties and infinities', (seed, lookback) => {
    for (const opts of [{}, { ties: true }, { ties: true, infinities: true }]) {
      const base = randomPath(900, seed, opts);
      const m = runningMedian(base, lookback);
      for (let t = 0; t < base.length; t++) {
        const want = sortedMedian(Array.from(base.subarray(Math.max(0, t - lookback + 1), t + 1)));
        expect(Object.is(m[t], want), `t=${t} ${JSON.stringify(opts)}: ${m[t]} vs ${want}`).toBe(true);
      }
    }
  });
});

describe('shapeStep', () => {
  const p: ShapeParams = { floorFraction: 0.5, capRatio: 2, maxRisePerBar: 0.5, band: Infinity, bandStart: 0 };

  it('leaves a rate between floor and cap alone, and floors / caps at fraction x median / ratio x floor', () => {
    expect(shapeStep(0.07, 0.1, NaN, p)).toBe(0.07); // floor 0.05, cap 0.1
    expect(shapeStep(0.01, 0.1, NaN, p)).toBe(0.05);
    expect(shapeStep(0.5, 0.1, NaN, p)).toBe(0.1);
  });

  it('applies the rise bound after the cap, so a bounded rise may sit below the floor', () => {
    // floor 0.05, cap 0.1 -> 0.1, then at most 1.5 x the previous 0.02
    expect(shapeStep(0.5, 0.1, 0.02, p)).toBeCloseTo(0.03, 15);
    expect(shapeStep(0.06, 0.1, 0.04, p)).toBe(0.06); // a rise of exactly 50% is allowed
    expect(shapeStep(0.01, 0.1, 0.2, p)).toBe(0.05); // falls are bounded by the floor only
  });

  it('has no floor or cap without a median or at floorFraction 0, and no rise bound without a previous rate or at Infinity', () => {
    expect(shapeStep(0.5, NaN, NaN, p)).toBe(0.5);
    expect(shapeStep(0.001, NaN, NaN, p)).toBe(0.001);
    expect(shapeStep(0.5, 0.1, NaN, { ...p, floorFraction: 0 })).toBe(0.5);
    expect(shapeStep(0.5, 0.1, 0.01, { ...p, floorFraction: 0, maxRisePerBar: Infinity })).toBe(0.5);
    expect(shapeStep(0.09, 0.1, 0.01, { ...p, maxRisePerBar: Infinity })).toBe(0.09);
  });
});

/** shapePath re-derived: the step recursion (restarted after a NaN) and the band from rescanned extremes. */
function bruteShape(base: Float64Array, median: Float64Array, p: ShapeParams): number[] {
  const out: number[] = [];
  let previous = NaN;
  for (let t = 0; t < base.length; t++) {
    if (!Number.isFinite(base[t])) {
      out.push(NaN);
      previous = NaN;
      continue;
    }
    let s = base[t];
    if (p.floorFraction > 0 && Number.isFinite(median[t])) {
      const floor = p.floorFraction * median[t];
      s = Math.min(Math.max(s, floor), p.capRatio * floor);
    }
    if (Number.isFinite(previous) && s > previous * (1 + p.maxRisePerBar)) s = previous * (1 + p.maxRisePerBar);
    if (t >= p.bandStart) {
      let peak = 0;
      let trough = Infinity;
      for (let u = p.bandStart; u < t; u++) {
        if (Number.isFinite(out[u])) {
          peak = Math.max(peak, out[u]);
          trough = Math.min(trough, out[u]);
        }
      }
      s = Math.min(Math.max(s, peak / p.band), p.band * trough);
    }
    out.push(s);
    previous = s;
  }
  return out;
}

describe('shapePath vs a step-by-step brute force', () => {
  const params: ShapeParams[] = [
    { floorFraction: 0, capRatio: Infinity, maxRisePerBar: Infinity, band: Infinity, bandStart: 0 },
    { floorFraction: 0.7, capRatio: 3, maxRisePerBar: Infinity, band: Infinity, bandStart: 0 },
    { floorFraction: 0.6, capRatio: 2.5, maxRisePerBar: 0.25, band: 3.9, bandStart: 200 },
    { floorFraction: 0, capRatio: Infinity, maxRisePerBar: 0.1, band: 2, bandStart: 0 },
    { floorFraction: 0.9, capRatio: 3.9, maxRisePerBar: 0.5, band: 1.5, bandStart: 50 },
    { floorFraction: 0.5, capRatio: 3.5, maxRisePerBar: 0.05, band: 3.9, bandStart: 2000 }, // band never starts
  ];

  it.each(params.map((p, i) => [i, p] as const))('params #%i: equal bit for bit, NaN where the base is NaN', (i, p) => {
    for (let seed = 1; seed <= 4; seed++) {
      const base = randomPath(1200, 100 * i + seed);
      const median = runningMedian(base, 365);
      const got = shapePath(base, median, p);
      const want = bruteShape(base, median, p);
      for (let t = 0; t < base.length; t++) {
        expect(Object.is(got[t], want[t]), `seed ${seed}, t=${t}: ${got[t]} vs ${want[t]}`).toBe(true);
        if (Number.isNaN(base[t])) expect(got[t]).toBeNaN();
      }
    }
  });

  it('writes into the given output array', () => {
    const base = randomPath(300, 9);
    const out = new Float64Array(300);
    const p = params[2];
    expect(shapePath(base, runningMedian(base, 100), p, out)).toBe(out);
  });
});

describe('shapePath band guarantee on random paths', () => {
  it.each([1.2, 2, 3.9, 8])('peak / trough over the path from bandStart stays <= band %f (x (1 + 1e-15))', (band) => {
    for (let seed = 1; seed <= 20; seed++) {
      const u = uniforms(seed * 7 + 1);
      const base = randomPath(800, seed);
      const bandStart = Math.floor(u() * 400);
      const p: ShapeParams = { floorFraction: u() < 0.5 ? 0 : 0.5 + 0.4 * u(), capRatio: 2 + 2 * u(), maxRisePerBar: u() < 0.5 ? Infinity : 0.3 * u(), band, bandStart };
      const shaped = shapePath(base, runningMedian(base, 200), p);
      const tracked = Array.from(shaped.subarray(bandStart)).filter(Number.isFinite);
      const ratio = Math.max(...tracked) / Math.min(...tracked);
      expect(ratio, `seed ${seed}`).toBeLessThanOrEqual(band * (1 + 1e-15));
      expect(Array.from(shaped).every((x, t) => Number.isNaN(base[t]) === Number.isNaN(x))).toBe(true);
    }
  });
});

describe('clampToBand', () => {
  it('passes the first value through, then clamps into [peak / b, b x trough] and updates both', () => {
    const state = { peak: 0, trough: Infinity };
    expect(clampToBand(0.04, state, 4)).toBe(0.04);
    expect(state).toEqual({ peak: 0.04, trough: 0.04 });
    expect(clampToBand(0.1, state, 4)).toBe(0.1); // inside [0.01, 0.16]
    expect(clampToBand(1, state, 4)).toBe(0.16); // b x trough
    expect(state).toEqual({ peak: 0.16, trough: 0.04 });
    expect(clampToBand(0.001, state, 4)).toBe(0.04); // peak / b
    expect(clampToBand(0.05, state, 4)).toBe(0.05);
    expect(state).toEqual({ peak: 0.16, trough: 0.04 });
  });

  it('keeps peak <= b x trough for any sequence (random sequences, b in {1, 1.5, 4})', () => {
    for (const b of [1, 1.5, 4]) {
      const u = uniforms(Math.round(b * 10));
      const state = { peak: 0, trough: Infinity };
      let first = NaN;
      for (let i = 0; i < 5000; i++) {
        const y = clampToBand(Math.exp(6 * (u() - 0.5)), state, b);
        if (i === 0) first = y;
        expect(y).toBeGreaterThanOrEqual(state.trough);
        expect(y).toBeLessThanOrEqual(state.peak);
        expect(state.peak / state.trough).toBeLessThanOrEqual(b * (1 + 1e-15));
      }
      if (b === 1) expect(state).toEqual({ peak: first, trough: first });
    }
  });

  it('passes everything through at b = Infinity', () => {
    const state = { peak: 0, trough: Infinity };
    for (const x of [1, 100, 0.001, 5]) expect(clampToBand(x, state, Infinity)).toBe(x);
    expect(state).toEqual({ peak: 100, trough: 0.001 });
  });
});
