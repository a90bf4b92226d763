// Accuracy of the O(1) rolling updates over a long series: 10^6 fat-tailed random-walk bars with
// a 100x volatility drop and a 100x rise, compared at many points (dense after each regime
// change) with a fresh two-pass computation of that one window, written out in this test.
import { beforeAll, describe, expect, it } from 'vitest';
import { rollingVolatility as twin } from '../../src/twin/rollingVolatility.js';
import { firstDefinedIndex, type Estimator, type PricePanel, type VolatilityKernel } from '../../src/volatility/types.js';
import { WasmKernels } from '../../src/wasm/kernels.js';
import { readWasm } from '../../src/wasm/node-source.js';
import { prng } from './prng.js';

const N = 1_000_000;
const DROP = 400_000; // sigma / 100 from here
const RISE = 700_000; // sigma * 100 from here
const A = 365;
const REL = 1e-10;

let wasm: WasmKernels;
beforeAll(async () => {
  wasm = await WasmKernels.create(await readWasm());
});


/** Seeded OHLC random walk; moves are Student-t (3 dof), sigma 3% then 0.03% (with drift) then 3%. */
function makeSeries(seed: number): PricePanel {
  const u = prng(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  const student3 = (): number => normal() / Math.sqrt((normal() ** 2 + normal() ** 2 + normal() ** 2) / 3);
  const open = new Float64Array(N), high = new Float64Array(N), low = new Float64Array(N), close = new Float64Array(N);
  let p = 100;
  for (let t = 0; t < N; t++) {
    const low_ = t >= DROP && t < RISE;
    const sigma = low_ ? 0.0003 : 0.03;
    const drift = low_ ? 0.0005 : 0; // mean above sigma: the mean-removed sums must not cancel
    const o = p * Math.exp(0.3 * sigma * student3());
    const c = o * Math.exp(drift + sigma * student3());
    open[t] = o;
    close[t] = c;
    high[t] = Math.max(o, c) * Math.exp(0.5 * sigma * Math.abs(normal()));
    low[t] = Math.min(o, c) * Math.exp(-0.5 * sigma * Math.abs(normal()));
    p = c;
  }
  return { offsets: Int32Array.from([0, N]), open, high, low, close };
}

// ---- fresh two-pass value of one window, straight from each definition ----

function mean(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}
function sampleVar(xs: number[]): number {
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return s / (xs.length - 1);
}
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

function reference(p: PricePanel, estimator: Estimator, n: number, t: number): number {
  const { open: O, high: H, low: L, close: C } = p;
  const { log } = Math;
  const rs = (j: number): number => log(H[j] / C[j]) * log(H[j] / O[j]) + log(L[j] / C[j]) * log(L[j] / O[j]);
  switch (estimator) {
    case 'close':
      return Math.sqrt(sampleVar(range(t - n + 1, t).map((j) => log(C[j] / C[j - 1]))) * A);
    case 'parkinson':
      return Math.sqrt((mean(range(t - n + 1, t).map((j) => log(H[j] / L[j]) ** 2)) / (4 * Math.LN2)) * A);
    case 'garman-klass':
      return Math.sqrt(
        Math.max(0, mean(range(t - n + 1, t).map((j) => 0.5 * log(H[j] / L[j]) ** 2 - (2 * Math.LN2 - 1) * log(C[j] / O[j]) ** 2))) * A,
      );
    case 'rogers-satchell':
      return Math.sqrt(mean(range(t - n + 1, t).map(rs)) * A);
    case 'yang-zhang': {
      const w = range(t - n + 1, t);
      const k = 0.34 / (1.34 + (n + 1) / (n - 1));
      const so = sampleVar(w.map((j) => log(O[j] / C[j - 1])));
      const sc = sampleVar(w.map((j) => log(C[j] / O[j])));
      return Math.sqrt((so + k * sc + (1 - k) * mean(w.map(rs))) * A);
    }
    default:
      throw new Error(`no reference for ${estimator}`);
  }
}

/** Every 997th point plus every point of the 4 windows after each regime change. */
function samplePoints(n: number, first: number): number[] {
  const pts = new Set<number>();
  for (let t = first; t < N; t += 997) pts.add(t);
  for (const change of [DROP, RISE]) for (let t = change - n; t < change + 4 * n; t++) pts.add(t);
  pts.add(N - 1);
  return [...pts].sort((a, b) => a - b);
}

const panel = makeSeries(20240917);
const kernels: [string, () => VolatilityKernel][] = [
  ['wasm', () => wasm],
  ['twin', () => ({ rollingVolatility: twin })],
];
const cases: [Estimator, number][] = [
  ['close', 30],
  ['close', 250],
  ['yang-zhang', 30],
  ['garman-klass', 30],
  ['parkinson', 20],
  ['rogers-satchell', 60],
];

describe.each(kernels)('%s on 10^6 points with 100x regime changes', (_name, kernel) => {
  it.each(cases)('%s, window %i: rolling = fresh two-pass to 1e-10 relative', (estimator, n) => {
    const out = new Float64Array(N);
    kernel().rollingVolatility(panel, { estimator, window: n, lambda: 0.94, annualization: A }, out);
    const first = firstDefinedIndex(estimator, n);
    let worst = 0;
    let worstAt = -1;
    const pts = samplePoints(n, first);
    for (const t of pts) {
      const want = reference(panel, estimator, n, t);
      const err = Math.abs(out[t] - want) / want;
      if (!(err <= worst)) {
        worst = err;
        worstAt = t;
      }
    }
    expect(pts.length).toBeGreaterThan(1000);
    expect(worst, `worst at t=${worstAt}: ${out[worstAt]} vs ${reference(panel, estimator, n, worstAt)}`).toBeLessThanOrEqual(REL);
    // the low-volatility regime really is 100x lower
    expect(out[RISE - 1] / out[DROP - 1]).toBeLessThan(0.03);
  });
});
