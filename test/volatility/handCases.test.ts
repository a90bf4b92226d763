// Small cases worked out from each estimator's definition (written out in the test, not taken
// from the code under test), run on the Wasm kernels and on the TS twin.
import { beforeAll, describe, expect, it } from 'vitest';
import { rollingVolatility as twin } from '../../src/twin/rollingVolatility.js';
import type { Estimator, PricePanel, VolatilityKernel } from '../../src/volatility/types.js';
import { WasmKernels } from '../../src/wasm/kernels.js';
import { readWasm } from '../../src/wasm/node-source.js';

let wasm: WasmKernels;
beforeAll(async () => {
  wasm = await WasmKernels.create(await readWasm());
});
const kernels: [string, () => VolatilityKernel][] = [
  ['wasm', () => wasm],
  ['twin', () => ({ rollingVolatility: twin })],
];

const { log, sqrt, LN2 } = Math;
const EMPTY = new Float64Array(0);

interface Bar {
  o: number;
  h: number;
  l: number;
  c: number;
}

function panelOf(...series: Bar[][]): PricePanel {
  const bars = series.flat();
  const offsets = new Int32Array(series.length + 1);
  series.forEach((s, i) => (offsets[i + 1] = offsets[i] + s.length));
  return {
    offsets,
    open: Float64Array.from(bars, (b) => b.o),
    high: Float64Array.from(bars, (b) => b.h),
    low: Float64Array.from(bars, (b) => b.l),
    close: Float64Array.from(bars, (b) => b.c),
  };
}

function closesOf(...series: number[][]): PricePanel {
  const p = panelOf(...series.map((s) => s.map((c) => ({ o: c, h: c, l: c, c }))));
  return { ...p, open: EMPTY, high: EMPTY, low: EMPTY };
}

function run(k: VolatilityKernel, panel: PricePanel, estimator: Estimator, window: number, lambda = 0.94, annualization = 1): number[] {
  const out = new Float64Array(panel.close.length);
  k.rollingVolatility(panel, { estimator, window, lambda, annualization }, out);
  return Array.from(out);
}

/** Sample variance (n - 1) of a few numbers, straight from the definition. */
function sampleVar(xs: number[]): number {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
}

function expectClose(actual: number[], expected: number[], rel = 1e-13): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    if (Number.isNaN(expected[i])) expect(a, `point ${i}`).toBeNaN();
    else expect(Math.abs(a - expected[i]), `point ${i}: ${a} vs ${expected[i]}`).toBeLessThanOrEqual(rel * Math.abs(expected[i]));
  });
}

// Four bars with wicks, O and C inside [L, H].
const BARS: Bar[] = [
  { o: 100, h: 104, l: 98, c: 102 },
  { o: 103, h: 110, l: 101, c: 108 },
  { o: 107, h: 109, l: 95, c: 96 },
  { o: 97, h: 101, l: 94, c: 100 },
];

describe.each(kernels)('%s: hand-checkable cases', (_name, kernel) => {
  const k = (): VolatilityKernel => kernel();

  it('close, window 2: |r_{t-1} - r_t| / sqrt(2) from t = 2', () => {
    // prices 100, 110, 99, 108.9: r = ln 1.1, ln 0.9, ln 1.1 (two-point sample std = |a - b| / sqrt 2)
    const r1 = log(110 / 100), r2 = log(99 / 110), r3 = log(108.9 / 99);
    expectClose(run(k(), closesOf([100, 110, 99, 108.9]), 'close', 2), [NaN, NaN, Math.abs(r1 - r2) / sqrt(2), Math.abs(r2 - r3) / sqrt(2)]);
  });

  it('close, window 3 on five prices, annualized by sqrt(365)', () => {
    const c = [50, 52, 49, 53, 51];
    const r = [1, 2, 3, 4].map((j) => log(c[j] / c[j - 1]));
    const want = [NaN, NaN, NaN, sqrt(sampleVar(r.slice(0, 3)) * 365), sqrt(sampleVar(r.slice(1, 4)) * 365)];
    expectClose(run(k(), closesOf(c), 'close', 3, 0.94, 365), want);
  });

  it('close of a constant-growth series is 0 (no spurious variance)', () => {
    const c = [1, 2, 4, 8, 16, 32, 64];
    expect(run(k(), closesOf(c), 'close', 3).slice(3)).toEqual([0, 0, 0, 0]);
  });

  it('ewma, window 2, lambda 0.9: seed mean(r1^2, r2^2), then 0.9 var + 0.1 r^2', () => {
    const c = [100, 110, 99, 108.9, 100];
    const r = [NaN, ...[1, 2, 3, 4].map((j) => log(c[j] / c[j - 1]))];
    const v2 = (r[1] ** 2 + r[2] ** 2) / 2;
    const v3 = 0.9 * v2 + 0.1 * r[3] ** 2;
    const v4 = 0.9 * v3 + 0.1 * r[4] ** 2;
    expectClose(run(k(), closesOf(c), 'ewma', 2, 0.9), [NaN, NaN, sqrt(v2), sqrt(v3), sqrt(v4)]);
  });

  it('parkinson, window 2: mean ln(H/L)^2 / (4 ln 2) from the 2nd bar', () => {
    const u = BARS.map((b) => log(b.h / b.l) ** 2 / (4 * LN2));
    expectClose(run(k(), panelOf(BARS), 'parkinson', 2), [NaN, sqrt((u[0] + u[1]) / 2), sqrt((u[1] + u[2]) / 2), sqrt((u[2] + u[3]) / 2)]);
  });

  it('garman-klass, window 3: mean 0.5 ln(H/L)^2 - (2 ln 2 - 1) ln(C/O)^2', () => {
    const u = BARS.map((b) => 0.5 * log(b.h / b.l) ** 2 - (2 * LN2 - 1) * log(b.c / b.o) ** 2);
    expectClose(run(k(), panelOf(BARS), 'garman-klass', 3), [NaN, NaN, sqrt((u[0] + u[1] + u[2]) / 3), sqrt((u[1] + u[2] + u[3]) / 3)]);
  });

  it('rogers-satchell, window 2: mean ln(H/C) ln(H/O) + ln(L/C) ln(L/O)', () => {
    const u = BARS.map((b) => log(b.h / b.c) * log(b.h / b.o) + log(b.l / b.c) * log(b.l / b.o));
    expectClose(run(k(), panelOf(BARS), 'rogers-satchell', 2), [NaN, sqrt((u[0] + u[1]) / 2), sqrt((u[1] + u[2]) / 2), sqrt((u[2] + u[3]) / 2)]);
  });

  it('rogers-satchell is exactly 0 for bars that open at the low and close at the high', () => {
    const bars = [1, 2, 3].map((i) => ({ o: 10 * i, l: 10 * i, h: 10 * i + 3, c: 10 * i + 3 }));
    expect(run(k(), panelOf(bars), 'rogers-satchell', 2)).toEqual([NaN, 0, 0]);
  });

  it('yang-zhang, window 2: s_o^2 + k s_c^2 + (1-k) s_rs^2, k = 0.34 / (1.34 + 3/1)', () => {
    const kw = 0.34 / (1.34 + 3 / 1);
    const o = BARS.map((b, j) => (j === 0 ? NaN : log(b.o / BARS[j - 1].c)));
    const c = BARS.map((b) => log(b.c / b.o));
    const rs = BARS.map((b) => log(b.h / b.c) * log(b.h / b.o) + log(b.l / b.c) * log(b.l / b.o));
    const yz = (t: number): number =>
      sqrt(sampleVar([o[t - 1], o[t]]) + kw * sampleVar([c[t - 1], c[t]]) + (1 - kw) * ((rs[t - 1] + rs[t]) / 2));
    expectClose(run(k(), panelOf(BARS), 'yang-zhang', 2), [NaN, NaN, yz(2), yz(3)], 1e-12);
  });

  it('yang-zhang, window 3 on the four bars: first estimate at index 3', () => {
    const kw = 0.34 / (1.34 + 4 / 2);
    const o = [1, 2, 3].map((j) => log(BARS[j].o / BARS[j - 1].c));
    const c = [1, 2, 3].map((j) => log(BARS[j].c / BARS[j].o));
    const rs = [1, 2, 3].map((j) => {
      const b = BARS[j];
      return log(b.h / b.c) * log(b.h / b.o) + log(b.l / b.c) * log(b.l / b.o);
    });
    const want = sqrt(sampleVar(o) + kw * sampleVar(c) + (1 - kw) * ((rs[0] + rs[1] + rs[2]) / 3));
    expectClose(run(k(), panelOf(BARS), 'yang-zhang', 3), [NaN, NaN, NaN, want], 1e-12);
  });

  it('a series too short for one estimate is all NaN; other series are unaffected', () => {
    for (const est of ['close', 'ewma', 'yang-zhang'] as Estimator[]) {
      // window 4 needs 5 prices; the middle series has 4
      const panel = panelOf(BARS.concat(BARS[0]), BARS, BARS.concat(BARS[1]));
      const out = run(k(), panel, est, 4);
      expect(out.slice(5, 9).every(Number.isNaN), est).toBe(true);
      expect(Number.isNaN(out[4]) || Number.isNaN(out[13]), est).toBe(false);
    }
    for (const est of ['parkinson', 'garman-klass', 'rogers-satchell'] as Estimator[]) {
      const out = run(k(), panelOf(BARS.slice(0, 3), BARS), est, 4);
      expect(out.slice(0, 3).every(Number.isNaN), est).toBe(true);
      expect(Number.isNaN(out[6]), est).toBe(false);
    }
  });

  it('each series of a panel gets the same values as when run alone', () => {
    const a = BARS.concat(BARS.map((b) => ({ o: b.o * 1.1, h: b.h * 1.1, l: b.l * 1.1, c: b.c * 1.05 })));
    const b = BARS.slice().reverse();
    for (const est of ['close', 'ewma', 'parkinson', 'garman-klass', 'rogers-satchell', 'yang-zhang'] as Estimator[]) {
      const both = run(k(), panelOf(a, b), est, 2, 0.8);
      expect(both, est).toEqual([...run(k(), panelOf(a), est, 2, 0.8), ...run(k(), panelOf(b), est, 2, 0.8)]);
    }
  });

  it('bad prices give NaN, never a plausible number', () => {
    const out = run(k(), closesOf([100, 101, -5, 102, 103, 104]), 'ewma', 2);
    expect(out.slice(3).every(Number.isNaN)).toBe(true);
    // a negative low in bar 2: every window holding bar 2 is NaN (windows after it may stay NaN
    // until the next re-anchor, at most n - 1 more points)
    const bad = BARS.concat(BARS).map((b, j) => (j === 2 ? { ...b, l: -1, o: -1 } : b));
    for (const est of ['parkinson', 'garman-klass', 'rogers-satchell', 'yang-zhang'] as Estimator[]) {
      const v = run(k(), panelOf(bad), est, 2);
      expect([v[2], v[3]].every(Number.isNaN), est).toBe(true);
      expect(Number.isNaN(v[7]), est).toBe(false);
    }
  });
});
