// Scenario revaluation kernel (assembly/revalue.ts, two scenarios per step with a shared-exp
// Black-76): against the mpmath Black-76 prices of test/fixtures/mc_black76.json, against the
// scalar TS twin, and bit-identical whatever the split of the scenarios into blocks.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Compute } from '../../src/compute.js';
import { instrumentPnl as twinPnl, KIND_CALL, KIND_PUT, type InstrumentArrays } from '../../src/twin/revalue.js';
import { readWasm } from '../../src/wasm/node-source.js';
import { compileKernels } from '../../src/wasm/runtime.js';

type Row = { F: number; K: number; T: number; sigma: number; isCall: number; out: number[] };
const fixture = JSON.parse(readFileSync(new URL('../fixtures/mc_black76.json', import.meta.url), 'utf8')) as { discount: number; rows: Row[] };

let wasm: Compute;
beforeAll(async () => {
  wasm = await Compute.create(1, 'wasm', await compileKernels(await readWasm()));
});
afterAll(async () => wasm.close());

/** Unit P&L (I x M) of `inst` under factor-0 log-returns x, computed by the kernel in the given scenario blocks. */
function kernelPnl(inst: InstrumentArrays, x: Float64Array, rate: number, blocks: number[]): Float64Array {
  const h = wasm.heap;
  const I = inst.kind.length;
  const M = x.length;
  const xt = h.allocCopy(x);
  const et = h.allocCopy(x.map(Math.exp));
  const fields = [inst.kind, inst.factor, inst.spot, inst.multiplier, inst.strike, inst.expiryYears, inst.expiryAfterYears, inst.iv, inst.ivAfter].map((a) => h.allocCopy(a));
  const pnl = h.alloc(8 * I * M);
  const calls = blocks.slice(0, -1).map((m0, b) => ({ kernel: 'instrumentPnl' as const, args: [I, M, m0, blocks[b + 1] - m0, xt, et, ...fields, rate, pnl] }));
  wasm.runLocal(calls);
  const out = h.f64(pnl, I * M).slice();
  for (const p of [xt, et, ...fields, pnl]) h.release(p);
  return out;
}

function options(rows: { spot: number; K: number; T0: number; T1: number; iv: number; call: boolean }[]): InstrumentArrays {
  return {
    kind: Int32Array.from(rows, (r) => (r.call ? KIND_CALL : KIND_PUT)),
    factor: new Int32Array(rows.length),
    spot: Float64Array.from(rows, (r) => r.spot),
    multiplier: new Float64Array(rows.length).fill(1),
    strike: Float64Array.from(rows, (r) => r.K),
    expiryYears: Float64Array.from(rows, (r) => r.T0),
    expiryAfterYears: Float64Array.from(rows, (r) => r.T1),
    iv: Float64Array.from(rows, (r) => r.iv),
    ivAfter: Float64Array.from(rows, (r) => r.iv),
  };
}

describe('option revaluation in scenarios', () => {
  it('prices every mpmath fixture row to 1e-13 of F + K (value after the move less the expired intrinsic value)', () => {
    const D = fixture.discount;
    for (const r of fixture.rows) {
      // spot S = F D and rate -ln(D) / T give the fixture's forward and discount at T; today's
      // expiry 0 makes the base the intrinsic value max(+-(S - K), 0) exactly
      const S = r.F * D;
      const inst = options([{ spot: S, K: r.K, T0: 0, T1: r.T, iv: r.sigma, call: r.isCall === 1 }]);
      const pnl = kernelPnl(inst, new Float64Array(3), -Math.log(D) / r.T, [0, 3]);
      const expected = r.out[0] - Math.max(r.isCall ? S - r.K : r.K - S, 0);
      for (const v of pnl) expect(Math.abs(v - expected), JSON.stringify(r)).toBeLessThanOrEqual(1e-13 * (r.F + r.K));
    }
  });

  const grid = options(
    [0.6, 0.9, 1, 1.1, 1.4].flatMap((moneyness) =>
      [7 / 365, 0.25, 2].flatMap((T) => [true, false].map((call) => ({ spot: 3100, K: 3100 * moneyness, T0: T, T1: T - 1 / 365, iv: 0.7, call })))),
  );
  // log-returns from -2 to +2 (tails of every CDF range), an odd count
  const x = Float64Array.from({ length: 401 }, (_, m) => (m - 200) / 100);

  it('agrees with the scalar TS twin to 1e-13 of S + K', () => {
    const w = kernelPnl(grid, x, 0.03, [0, x.length]);
    const t = new Float64Array(w.length);
    twinPnl(grid.kind.length, x.length, 0, x.length, x, x.map(Math.exp), grid, 0.03, t);
    for (let i = 0; i < grid.kind.length; i++) {
      for (let m = 0; m < x.length; m++) {
        const at = i * x.length + m;
        expect(Math.abs(w[at] - t[at]), `instrument ${i}, x ${x[m]}`).toBeLessThanOrEqual(1e-13 * (grid.spot[i] + grid.strike[i]));
      }
    }
  });

  it('gives the same bits whatever the split of the scenarios into blocks (odd starts and single scenarios)', () => {
    const whole = kernelPnl(grid, x, 0.03, [0, x.length]);
    for (const blocks of [[0, 1, 2, 401], [0, 37, 38, 200, 401], [0, 133, 267, 401]]) {
      expect(Array.from(kernelPnl(grid, x, 0.03, blocks))).toEqual(Array.from(whole));
    }
  });
});
