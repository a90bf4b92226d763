// The per-bar inputs of the calibration against hand values and brute forces: the Garman-Klass
// variance proxy, the EWMA recomputed from scratch at every bar, realized losses, standardized
// residuals, the rate from a quantile, and the filtered-historical quantile path (re-sorted at
// every bar from the residuals known by then).
import { describe, expect, it } from 'vitest';
import {
  ewmaSigma,
  fhsQuantilePath,
  rateFromQuantile,
  realizedLoss,
  standardizedResiduals,
  varianceProxy,
  type Bars,
} from '../../src/optimize/ratePaths.js';
import { gaussians, uniforms } from './seededData.js';

const LN2 = Math.log(2);

/** Random OHLC bars around a random walk, consistent (low <= open, close <= high). */
function randomBars(n: number, seed: number): Required<Bars> {
  const z = gaussians(seed);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  let c = 50;
  for (let t = 0; t < n; t++) {
    const o = c * Math.exp(0.002 * z());
    const cl = o * Math.exp(0.02 * z());
    open[t] = o;
    close[t] = cl;
    high[t] = Math.max(o, cl) * Math.exp(Math.abs(0.01 * z()));
    low[t] = Math.min(o, cl) * Math.exp(-Math.abs(0.01 * z()));
    c = cl;
  }
  return { open, high, low, close };
}

describe('varianceProxy', () => {
  // previous close 100; bar: open 101, high 105, low 99, close 103
  const bars = { open: [100, 101], high: [100, 105], low: [100, 99], close: [100, 103] };
  const r2 = Math.log(1.03) ** 2;
  // GK = 0.5 ln(105/99)^2 - (2 ln 2 - 1) ln(103/101)^2 + ln(101/100)^2, by hand (double-checked in Python)
  const gk = 0.5 * Math.log(105 / 99) ** 2 - (2 * LN2 - 1) * Math.log(103 / 101) ** 2 + Math.log(1.01) ** 2;

  it('is the squared close-to-close log return at weight 1 or without OHLC', () => {
    expect(varianceProxy(bars, 1, 1)).toBeCloseTo(0.000873722789954732, 17);
    expect(varianceProxy(bars, 1, 1)).toBe(r2);
    expect(varianceProxy({ close: bars.close }, 1, 0.5)).toBe(r2);
    expect(varianceProxy({ close: bars.close, open: bars.open }, 1, 0)).toBe(r2);
  });

  it('mixes in Garman-Klass plus the opening jump at weights below 1', () => {
    expect(gk).toBeCloseTo(0.001681584156049136, 16);
    expect(varianceProxy(bars, 1, 0)).toBeCloseTo(0.001681584156049136, 16);
    expect(varianceProxy(bars, 1, 0.5)).toBeCloseTo(0.001277653473001934, 16);
    expect(varianceProxy(bars, 1, 0.25)).toBeCloseTo(0.001479618814525535, 16);
    expect(varianceProxy(bars, 1, 0.3)).toBeCloseTo(0.3 * r2 + 0.7 * gk, 16);
  });

  it('falls back to the squared return where Garman-Klass is negative or not finite', () => {
    // H = L: 0.5 ln(H/L)^2 = 0, no jump, so GK = -(2 ln 2 - 1) ln(C/O)^2 < 0
    const flat = { open: [100, 100], high: [100, 105], low: [100, 105], close: [100, 105] };
    const r = Math.log(1.05);
    expect(varianceProxy(flat, 1, 0)).toBeCloseTo(r * r, 16);
    expect(varianceProxy(flat, 1, 0.5)).toBeCloseTo(r * r, 16);
    // a zero low makes ln(H/L) infinite
    const broken = { open: [100, 100], high: [100, 105], low: [100, 0], close: [100, 102] };
    expect(varianceProxy(broken, 1, 0.4)).toBeCloseTo(Math.log(1.02) ** 2, 16);
  });
});

describe('ewmaSigma', () => {
  /** sigma[t] recomputed from scratch: seed mean over proxies 1..seed, then the recursion up to t. */
  function naive(bars: Bars, lambda: number, seed: number, w: number, t: number): number {
    if (t < seed) return NaN;
    let v = 0;
    for (let u = 1; u <= seed; u++) v += varianceProxy(bars, u, w);
    v /= seed;
    for (let u = seed + 1; u <= t; u++) v = lambda * v + (1 - lambda) * varianceProxy(bars, u, w);
    return Math.sqrt(v);
  }

  it.each([
    [0.94, 30, 1],
    [0.97, 10, 0.5],
    [0.8, 1, 0],
  ])('equals a from-scratch loop at every bar (lambda %f, seed %i, return weight %f)', (lambda, seed, w) => {
    const bars = randomBars(300, 11);
    const s = ewmaSigma(bars, lambda, seed, w);
    expect(s.length).toBe(300);
    for (let t = 0; t < 300; t++) {
      const e = naive(bars, lambda, seed, w, t);
      if (t < seed) expect(s[t], `t=${t}`).toBeNaN();
      else expect(Object.is(s[t], e), `t=${t}: ${s[t]} vs ${e}`).toBe(true);
    }
  });

  it('uses the close only at the default weight 1, and is all NaN when n <= seed', () => {
    const bars = randomBars(120, 3);
    expect(ewmaSigma(bars, 0.94, 20)).toEqual(ewmaSigma({ close: bars.close }, 0.94, 20, 0.3));
    expect(Array.from(ewmaSigma(randomBars(20, 1), 0.94, 20)).every(Number.isNaN)).toBe(true);
    expect(Array.from(ewmaSigma(randomBars(21, 1), 0.94, 20)).filter(Number.isFinite).length).toBe(1);
  });

  it('seeds with the mean of the first seed squared returns (hand case)', () => {
    const close = [100, 110, 99, 99, 108.9];
    const r = [0, Math.log(1.1), Math.log(0.9), 0, Math.log(1.1)];
    const s = ewmaSigma({ close }, 0.9, 3);
    const v3 = (r[1] ** 2 + r[2] ** 2 + r[3] ** 2) / 3;
    expect(s[3]).toBeCloseTo(Math.sqrt(v3), 15);
    expect(s[4]).toBeCloseTo(Math.sqrt(0.9 * v3 + 0.1 * r[4] ** 2), 15);
  });
});

describe('realizedLoss', () => {
  const close = [100, 110, 88, 88, 132];
  it('is 1 - C[t+h]/C[t] for a long and C[t+h]/C[t] - 1 for a short, NaN for the last h bars', () => {
    const long1 = realizedLoss(close, 1, 'long');
    const short1 = realizedLoss(close, 1, 'short');
    const expectLong = [-0.1, 0.2, 0, -0.5];
    for (let t = 0; t < 4; t++) {
      expect(long1[t]).toBeCloseTo(expectLong[t], 15);
      expect(short1[t]).toBeCloseTo(-expectLong[t], 15);
    }
    expect(long1[4]).toBeNaN();
    const long2 = realizedLoss(close, 2, 'long');
    expect(long2[0]).toBeCloseTo(0.12, 15); // 88 / 100
    expect(long2[1]).toBeCloseTo(0.2, 15); // 88 / 110
    expect(long2[2]).toBeCloseTo(-0.5, 15); // 132 / 88
    expect([long2[3], long2[4]].every(Number.isNaN)).toBe(true);
    expect(Array.from(realizedLoss(close, 5, 'short')).every(Number.isNaN)).toBe(true);
  });
});

describe('standardizedResiduals', () => {
  it('is ln(C[t+h]/C[t]) / (sigma[t] sqrt h), NaN where sigma is not > 0 or t + h is past the end', () => {
    const close = [100, 101, 99, 104, 104, 98];
    const sigma = [NaN, 0.01, 0.02, 0, 0.015, 0.01];
    const e = standardizedResiduals(close, sigma, 2);
    expect(e[0]).toBeNaN();
    expect(e[1]).toBeCloseTo(Math.log(104 / 101) / (0.01 * Math.SQRT2), 13);
    expect(e[2]).toBeCloseTo(Math.log(104 / 99) / (0.02 * Math.SQRT2), 13);
    expect(e[3]).toBeNaN(); // sigma 0
    expect([e[4], e[5]].every(Number.isNaN)).toBe(true);
  });
});

describe('rateFromQuantile', () => {
  it('is 1 - e^{q s} for a long and e^{q s} - 1 for a short, s = sigma sqrt h', () => {
    for (const [sigma, h, q] of [
      [0.03, 1, -2.33],
      [0.05, 10, -3.1],
      [0.02, 4, 2.5],
      [0.1, 2, 1.7],
    ]) {
      const x = q * sigma * Math.sqrt(h);
      expect(rateFromQuantile(sigma, h, q, 'long')).toBeCloseTo(1 - Math.exp(x), 14);
      expect(rateFromQuantile(sigma, h, q, 'short')).toBeCloseTo(Math.exp(x) - 1, 14);
    }
    // hand case: sigma 0.1, h 4, q -ln 2 / 0.2 gives e^{qs} = 1/2
    expect(rateFromQuantile(0.1, 4, -Math.LN2 / 0.2, 'long')).toBeCloseTo(0.5, 15);
    expect(rateFromQuantile(0.1, 4, Math.LN2 / 0.2, 'short')).toBeCloseTo(1, 15);
  });

  it('keeps full relative precision for tiny q s (series -x - x^2/2 and x + x^2/2)', () => {
    const x = -2.33 * 1e-9;
    expect(rateFromQuantile(1e-9, 1, -2.33, 'long') / (-x - (x * x) / 2) - 1).toBeLessThan(1e-14);
    expect(Math.abs(rateFromQuantile(1e-9, 1, 2.33, 'short') / (-x + (x * x) / 2) - 1)).toBeLessThan(1e-14);
  });
});

describe('fhsQuantilePath', () => {
  /** Residuals with NaN holes and outliers beyond any cap used below. */
  function residuals(n: number, seed: number): Float64Array {
    const z = gaussians(seed);
    const u = uniforms(seed + 99);
    return Float64Array.from({ length: n }, (_, t) => {
      if (t < 7 || u() < 0.05) return NaN;
      const a = u();
      if (a < 0.02) return -20 * u() - 6;
      if (a < 0.04) return 20 * u() + 6;
      return z() * (a < 0.2 ? 2 : 1);
    });
  }

  /** Brute force: sort the capped residuals of bars s <= t - h; k = ceil(m num / den) in integers. */
  function brute(e: Float64Array, h: number, side: 'long' | 'short', tailNum: number, tailDen: number, minResiduals: number, cap: number, fallback: (t: number) => number): number[] {
    const out: number[] = [];
    for (let t = 0; t < e.length; t++) {
      const known: number[] = [];
      for (let s = 0; s <= t - h; s++) if (Number.isFinite(e[s])) known.push(Math.max(-cap, Math.min(cap, e[s])));
      known.sort((a, b) => a - b);
      const m = known.length;
      if (m < minResiduals) {
        out.push(fallback(t));
        continue;
      }
      const k = Math.min(m, Math.max(1, Math.floor((m * tailNum + tailDen - 1) / tailDen)));
      out.push(side === 'long' ? known[k - 1] : known[m - k]);
    }
    return out;
  }

  const cases: [number, 'long' | 'short', number, number, number, number][] = [
    // h, side, tail numerator / denominator (confidence 1 - num/den), minResiduals, cap
    [1, 'long', 1, 100, 50, 8],
    [3, 'short', 1, 100, 50, 8],
    [10, 'long', 1, 40, 120, 4],
    [5, 'short', 1, 40, 1, 3],
    [2, 'long', 1, 20, 250, 8],
    [1, 'short', 1, 20, 1, 2.5],
  ];

  it.each(cases)('equals the k-th worst capped known residual at every bar (h %i, %s, tail %i/%i, min %i, cap %f)', (h, side, num, den, minResiduals, cap) => {
    const e = residuals(700, 5 + h + den);
    const fallback = (t: number) => -1000 - t;
    const confidence = 1 - num / den;
    const got = fhsQuantilePath(e, h, side, { confidence, minResiduals, residualCap: cap }, fallback);
    const want = brute(e, h, side, num, den, minResiduals, cap, fallback);
    let fallbacks = 0;
    for (let t = 0; t < e.length; t++) {
      expect(Object.is(got[t], want[t]), `t=${t}: ${got[t]} vs ${want[t]}`).toBe(true);
      if (want[t] <= -1000) fallbacks++;
    }
    // the fallback covers exactly the bars with fewer than minResiduals known
    expect(fallbacks).toBeGreaterThanOrEqual(Math.min(e.length, h + minResiduals));
    // capped: no value beyond the cap once the empirical quantile is used
    for (let t = 0; t < e.length; t++) if (got[t] > -1000) expect(Math.abs(got[t])).toBeLessThanOrEqual(cap);
  });

  it('minResiduals 0: the fallback until a first residual is known, never NaN', () => {
    const e = Float64Array.from([NaN, NaN, 0.5, -1.5, 2]);
    const q = fhsQuantilePath(e, 1, 'long', { confidence: 0.99, minResiduals: 0, residualCap: 8 }, (t) => -100 - t);
    // bar t knows the residuals of bars <= t - 1 (finite ones only)
    expect(Array.from(q)).toEqual([-100, -101, -102, 0.5, -1.5]);
  });

  it('counts k = ceil((1 - c) m) exactly at multiples (m = 100 at 99% is the 1st worst, m = 101 the 2nd)', () => {
    // residuals 1..101 known one per bar with h = 1: at bar t, m = t known (bars 0..t-1)
    const e = Float64Array.from({ length: 102 }, (_, t) => t + 1);
    const q = fhsQuantilePath(e, 1, 'long', { confidence: 0.99, minResiduals: 1, residualCap: 1e9 }, () => NaN);
    expect(q[100]).toBe(1); // m = 100, k = 1: the smallest
    expect(q[101]).toBe(2); // m = 101, k = 2
    const s = fhsQuantilePath(e, 1, 'short', { confidence: 0.975, minResiduals: 1, residualCap: 1e9 }, () => NaN);
    expect(s[40]).toBe(40); // m = 40, k = 1: the largest of 1..40
    expect(s[41]).toBe(40); // m = 41, k = 2: second largest of 1..41
    expect(s[0]).toBeNaN(); // nothing known at bar 0: fallback
  });
});
