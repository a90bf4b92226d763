// The Wasm rolling-volatility kernel and its plain-TS twin agree to 1e-12 relative in variance (of
// the estimate, or of the data's scale where the estimate cancels: see dataScale and firstMismatch),
// with the same NaN pattern, on random multi-series panels (random lengths including shorter than the window,
// windows 2..60, random lambda, valid OHLC with O and C inside [L, H]).
// Build the kernels first: npx asc assembly/index.ts --target release
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { rollingVolatility as twin } from '../../src/twin/rollingVolatility.js';
import { CLOSE_ONLY, ESTIMATORS, firstDefinedIndex, type Estimator, type PricePanel } from '../../src/volatility/types.js';
import { WasmKernels } from '../../src/wasm/kernels.js';
import { readWasm } from '../../src/wasm/node-source.js';
import { prng } from './prng.js';
import { fcParams } from '../properties/randomBook.js';

let wasm: WasmKernels;
beforeAll(async () => {
  wasm = await WasmKernels.create(await readWasm());
});


interface PanelSpec {
  lengths: number[];
  seed: number;
  /** typical log move per bar */
  scale: number;
  /** probability that a bar has no wick (H = max(O, C), L = min(O, C)) */
  flat: number;
}

/** Random walk of valid bars: L <= min(O, C) <= max(O, C) <= H, all positive. */
function makePanel({ lengths, seed, scale, flat }: PanelSpec): PricePanel {
  const rand = prng(seed);
  const offsets = new Int32Array(lengths.length + 1);
  lengths.forEach((n, s) => (offsets[s + 1] = offsets[s] + n));
  const total = offsets[lengths.length];
  const open = new Float64Array(total);
  const high = new Float64Array(total);
  const low = new Float64Array(total);
  const close = new Float64Array(total);
  for (let s = 0; s < lengths.length; s++) {
    let p = 10 ** (rand() * 6 - 2); // 0.01 .. 10^4
    for (let i = offsets[s]; i < offsets[s + 1]; i++) {
      const o = p * Math.exp((rand() - 0.5) * scale * 0.5);
      const c = o * Math.exp((rand() - 0.5) * scale * 2);
      open[i] = o;
      close[i] = c;
      high[i] = rand() < flat ? Math.max(o, c) : Math.max(o, c) * Math.exp(rand() * scale);
      low[i] = rand() < flat ? Math.min(o, c) : Math.min(o, c) * Math.exp(-rand() * scale);
      p = c;
    }
  }
  return { offsets, open, high, low, close };
}

const panelSpec = fc.record({
  lengths: fc.array(fc.integer({ min: 0, max: 140 }), { minLength: 1, maxLength: 5 }),
  seed: fc.integer(),
  scale: fc.double({ min: 1e-5, max: 0.3, noNaN: true }),
  flat: fc.constantFrom(0, 0.3, 1),
});

const runParams = fc.record({
  window: fc.integer({ min: 2, max: 60 }),
  lambda: fc.double({ min: 0.01, max: 0.999, noNaN: true }),
  annualization: fc.constantFrom(1, 252, 365, 8760),
});

/**
 * Size of the data behind the estimate at each point: sqrt(A x mean over the last `window` bars of
 * (close-to-close log return^2 + ln(H/L)^2)). An estimate that removes a mean (close, yang-zhang) or
 * subtracts terms (garman-klass) can be far smaller than the terms it is computed from, e.g. two
 * nearly equal returns at window 2; a last-bit difference between Wasm's and V8's log then moves it
 * by about 1e-16 of this scale, not of the estimate itself.
 */
function dataScale(panel: PricePanel, window: number, annualization: number): Float64Array {
  const out = new Float64Array(panel.close.length);
  for (let s = 0; s + 1 < panel.offsets.length; s++) {
    for (let i = panel.offsets[s]; i < panel.offsets[s + 1]; i++) {
      let sum = 0;
      let n = 0;
      for (let j = Math.max(panel.offsets[s] + 1, i - window); j <= i; j++) {
        sum += Math.log(panel.close[j] / panel.close[j - 1]) ** 2 + (panel.high.length ? Math.log(panel.high[j] / panel.low[j]) ** 2 : 0);
        n++;
      }
      out[i] = n ? Math.sqrt((annualization * sum) / n) : 0;
    }
  }
  return out;
}

/**
 * Index of the first point where a and b differ (or differ in NaN-ness), else -1. Compared as
 * variances (vol^2) within `rel` of max(a^2, b^2, scale^2): near zero the square root magnifies a
 * last-bit difference of the variance without bound (d sqrt(v) = dv / (2 sqrt(v))), e.g. a
 * Garman-Klass mean that rounds to -1e-18 in one backend (clamped to 0) and +1e-18 in the other.
 */
function firstMismatch(a: Float64Array, b: Float64Array, rel: number, scale: Float64Array): number {
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) || Number.isNaN(b[i])) {
      if (Number.isNaN(a[i]) !== Number.isNaN(b[i])) return i;
    } else if (Math.abs(a[i] * a[i] - b[i] * b[i]) > rel * Math.max(a[i] * a[i], b[i] * b[i], scale[i] * scale[i])) {
      return i;
    }
  }
  return -1;
}

describe.each(ESTIMATORS.map((e) => [e]))('rollingVolatility %s: Wasm equals the TS twin', (estimator: Estimator) => {
  it('to 1e-12 relative with the same NaN pattern on random panels', () => {
    fc.assert(
      fc.property(panelSpec, runParams, (spec, p) => {
        const full = makePanel(spec);
        const empty = new Float64Array(0);
        // close-only estimators get empty OHLC arrays, as the engine places them
        const panel = CLOSE_ONLY.has(estimator) ? { ...full, open: empty, high: empty, low: empty } : full;
        const params = { estimator, ...p };
        const total = full.close.length;
        const a = new Float64Array(total).fill(-1);
        const b = new Float64Array(total).fill(-2);
        wasm.rollingVolatility(panel, params, a);
        twin(panel, params, b);
        const i = firstMismatch(a, b, 1e-12, dataScale(full, p.window, p.annualization));
        expect(i, `point ${i}: wasm ${a[i]} twin ${b[i]}`).toBe(-1);
        // the NaN pattern is exactly "before firstDefinedIndex", per series
        const first = firstDefinedIndex(estimator, p.window);
        for (let s = 0; s + 1 < full.offsets.length; s++) {
          for (let i = full.offsets[s]; i < full.offsets[s + 1]; i++) {
            expect(Number.isNaN(a[i])).toBe(i - full.offsets[s] < first);
            if (!Number.isNaN(a[i])) expect(a[i]).toBeGreaterThanOrEqual(0);
          }
        }
      }),
      fcParams(Number(process.env.FC_RUNS ?? 300)),
    );
  });
});
