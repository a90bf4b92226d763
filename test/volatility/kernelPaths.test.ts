// Code paths of the Wasm kernel that random small panels may miss: series paired in the SIMD
// lanes (EWMA pairs series; rolling windows pair blocks of one series), chunks of the log pass
// that hold a price ratio beyond the near-1 polynomial (|C_t / C_{t-1} - 1| > 1/8) or a bad
// price, and series of every length class (empty, shorter than the window, odd, long).
// Checked against the TS twin, and for independence from the pairing: each series computed
// alone gives bit-identical values to the same series inside the panel.
// Build the kernels first: npx asc assembly/index.ts --target release
import { beforeAll, describe, expect, it } from 'vitest';
import { rollingVolatility as twin } from '../../src/twin/rollingVolatility.js';
import { CLOSE_ONLY, ESTIMATORS, type Estimator, type PricePanel } from '../../src/volatility/types.js';
import { WasmKernels } from '../../src/wasm/kernels.js';
import { readWasm } from '../../src/wasm/node-source.js';
import { prng } from './prng.js';

let wasm: WasmKernels;
beforeAll(async () => {
  wasm = await WasmKernels.create(await readWasm());
});


const LENGTHS = [0, 37, 203, 5, 131, 90, 1, 64];
const EMPTY = new Float64Array(0);

/** Valid OHLC random walk; every 7th bar moves about 20% (beyond the near-1 polynomial). */
function panelOf(lengths: number[], seed: number): PricePanel {
  const rand = prng(seed);
  const offsets = new Int32Array(lengths.length + 1);
  lengths.forEach((n, s) => (offsets[s + 1] = offsets[s] + n));
  const total = offsets[lengths.length];
  const open = new Float64Array(total), high = new Float64Array(total), low = new Float64Array(total), close = new Float64Array(total);
  for (let s = 0; s < lengths.length; s++) {
    let p = 50 + 100 * rand();
    for (let i = offsets[s]; i < offsets[s + 1]; i++) {
      const jump = (i - offsets[s]) % 7 === 3 ? (rand() < 0.5 ? -0.2 : 0.2) : 0;
      const o = p * Math.exp(0.01 * (rand() - 0.5));
      const c = o * Math.exp(jump + 0.06 * (rand() - 0.5));
      open[i] = o;
      close[i] = c;
      high[i] = Math.max(o, c) * Math.exp(0.03 * rand());
      low[i] = Math.min(o, c) * Math.exp(-0.03 * rand());
      p = c;
    }
  }
  return { offsets, open, high, low, close };
}

function forEstimator(panel: PricePanel, estimator: Estimator): PricePanel {
  return CLOSE_ONLY.has(estimator) ? { ...panel, open: EMPTY, high: EMPTY, low: EMPTY } : panel;
}

/** Series s of a panel as a panel of its own. */
function seriesOf(panel: PricePanel, s: number): PricePanel {
  const [a, b] = [panel.offsets[s], panel.offsets[s + 1]];
  const cut = (x: Float64Array): Float64Array => (x.length ? x.slice(a, b) : EMPTY);
  return { offsets: Int32Array.from([0, b - a]), open: cut(panel.open), high: cut(panel.high), low: cut(panel.low), close: cut(panel.close) };
}

function expectTwinAgreement(a: Float64Array, b: Float64Array): void {
  for (let i = 0; i < a.length; i++) {
    expect(Number.isNaN(a[i]), `NaN pattern at ${i}: wasm ${a[i]} twin ${b[i]}`).toBe(Number.isNaN(b[i]));
    if (Number.isNaN(a[i]) || a[i] === b[i]) continue; // equal includes the infinities of zero prices
    expect(Math.abs(a[i] - b[i]), `point ${i}: wasm ${a[i]} twin ${b[i]}`).toBeLessThanOrEqual(1e-12 * Math.abs(b[i]));
  }
}

describe.each(ESTIMATORS.map((e) => [e]))('rollingVolatility %s: lane pairing and log fix-ups', (estimator: Estimator) => {
  const params = { estimator, window: 9, lambda: 0.94, annualization: 365 };

  it('equals the twin on series of every length class with large moves', () => {
    const panel = forEstimator(panelOf(LENGTHS, 11), estimator);
    const a = new Float64Array(panel.close.length);
    const b = new Float64Array(panel.close.length);
    wasm.rollingVolatility(panel, params, a);
    twin(panel, params, b);
    expectTwinAgreement(a, b);
  });

  it('gives each series the same bits alone as inside the panel (pairing does not matter)', () => {
    const panel = forEstimator(panelOf(LENGTHS, 12), estimator);
    const all = new Float64Array(panel.close.length);
    wasm.rollingVolatility(panel, params, all);
    for (let s = 0; s < LENGTHS.length; s++) {
      const alone = new Float64Array(LENGTHS[s]);
      wasm.rollingVolatility(seriesOf(panel, s), params, alone);
      const inPanel = all.slice(panel.offsets[s], panel.offsets[s + 1]);
      expect(Buffer.from(alone.buffer).equals(Buffer.from(inPanel.buffer)), `series ${s}`).toBe(true);
    }
  });

  it('matches the twin NaN for NaN around bad prices (zero, negative, NaN) in paired series', () => {
    const panel = panelOf(LENGTHS, 13);
    const bad: [number, number][] = [[2, 40], [2, 41], [4, 100], [5, 3]];
    const values = [0, -5, NaN, 0];
    bad.forEach(([s, j], k) => {
      const i = panel.offsets[s] + j;
      panel.close[i] = values[k];
      panel.low[i] = Math.min(panel.low[i], values[k]);
    });
    const p = forEstimator(panel, estimator);
    const a = new Float64Array(p.close.length);
    const b = new Float64Array(p.close.length);
    wasm.rollingVolatility(p, params, a);
    twin(p, params, b);
    expectTwinAgreement(a, b);
    // the other series are untouched by the bad prices
    const clean = forEstimator(panelOf(LENGTHS, 13), estimator);
    const c = new Float64Array(clean.close.length);
    wasm.rollingVolatility(clean, params, c);
    for (const s of [1, 3, 6, 7]) {
      const [from, to] = [clean.offsets[s], clean.offsets[s + 1]];
      expect(Buffer.from(a.slice(from, to).buffer).equals(Buffer.from(c.slice(from, to).buffer)), `series ${s}`).toBe(true);
    }
  });
});
