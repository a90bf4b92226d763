// Black-76 price and Greeks and the normal CDF: Wasm kernel and TS twin against Haug's published
// example, mpmath closed forms, scipy, finite differences and put-call parity.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  black76, black76Greeks, black76Price, normalCdf, type Black76Inputs, type Black76Outputs,
} from '../../src/twin/black76.js';
import { WasmKernels } from '../../src/wasm/kernels.js';
import { readWasm } from '../../src/wasm/node-source.js';
import { fcParams } from '../properties/randomBook.js';

const wasm = await WasmKernels.create(await readWasm());

const normalFixture = JSON.parse(readFileSync(new URL('../fixtures/mc_normal.json', import.meta.url), 'utf8')) as {
  cdf: { x: number; scipy: number; exact: number }[];
};
type Row = { F: number; K: number; T: number; sigma: number; isCall: number; out: number[] };
const b76Fixture = JSON.parse(readFileSync(new URL('../fixtures/mc_black76.json', import.meta.url), 'utf8')) as {
  columns: (keyof Black76Outputs)[];
  discount: number;
  rows: Row[];
};

function inputsOf(rows: { F: number; K: number; T: number; sigma: number; isCall: number }[], discount: number): Black76Inputs {
  return {
    forward: Float64Array.from(rows, (r) => r.F),
    strike: Float64Array.from(rows, (r) => r.K),
    timeYears: Float64Array.from(rows, (r) => r.T),
    vol: Float64Array.from(rows, (r) => r.sigma),
    isCall: Int32Array.from(rows, (r) => r.isCall),
    discount,
  };
}

function outputsOf(n: number): Black76Outputs {
  return {
    price: new Float64Array(n), delta: new Float64Array(n), gamma: new Float64Array(n),
    vega: new Float64Array(n), theta: new Float64Array(n),
  };
}

/** Both backends on the same inputs. */
function both(inputs: Black76Inputs): { wasm: Black76Outputs; twin: Black76Outputs } {
  const n = inputs.forward.length;
  const w = outputsOf(n);
  wasm.black76(inputs, w);
  const t = outputsOf(n);
  black76(inputs, t);
  return { wasm: w, twin: t };
}

const relErr = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));

describe('normal CDF (Cody erfc)', () => {
  const x = Float64Array.from(normalFixture.cdf, (r) => r.x);
  const w = new Float64Array(x.length);
  wasm.normalCdfBatch(x, w);
  const t = Float64Array.from(x, normalCdf);

  it('is within 1e-15 relative of the exact (mpmath) value down to x = -37 (subnormal below)', () => {
    normalFixture.cdf.forEach((r, i) => {
      if (r.exact < 2.2250738585072014e-308) {
        // subnormal results carry few significant bits: absolute check only
        expect(Math.abs(w[i] - r.exact), `x=${r.x}`).toBeLessThanOrEqual(1e-322);
        return;
      }
      expect(relErr(w[i], r.exact), `x=${r.x}`).toBeLessThanOrEqual(1e-15);
      expect(relErr(t[i], r.exact), `x=${r.x}`).toBeLessThanOrEqual(1e-15);
    });
  });

  it('matches scipy.special.ndtr to 1e-14 relative for x >= -5.7 (scipy itself drifts to ~1e-13 below)', () => {
    normalFixture.cdf.forEach((r, i) => {
      if (r.x >= -5.7) expect(relErr(w[i], r.scipy), `x=${r.x}`).toBeLessThanOrEqual(1e-14);
      else if (r.scipy > 2.2250738585072014e-308) expect(relErr(w[i], r.scipy), `x=${r.x}`).toBeLessThanOrEqual(2e-13);
    });
  });

  it('is 0 / 1 beyond the double range and NaN for NaN', () => {
    expect([normalCdf(-40), normalCdf(40), normalCdf(-Infinity), normalCdf(Infinity)]).toEqual([0, 1, 0, 1]);
    expect(normalCdf(NaN)).toBeNaN();
  });
});

describe('Black-76', () => {
  it("reproduces Haug's example: F = K = 19, T = 0.75, r = 10 %, sigma = 28 % -> call = put = 1.7011", () => {
    // Haug (2007), "The Complete Guide to Option Pricing Formulas", 2nd ed., Black-76 example.
    const { wasm: w, twin: t } = both(inputsOf(
      [{ F: 19, K: 19, T: 0.75, sigma: 0.28, isCall: 1 }, { F: 19, K: 19, T: 0.75, sigma: 0.28, isCall: 0 }],
      Math.exp(-0.1 * 0.75),
    ));
    for (const o of [w, t]) {
      expect(o.price[0]).toBeCloseTo(1.7011, 4);
      expect(o.price[1]).toBeCloseTo(1.7011, 4);
    }
    expect(black76Price(19, 19, 0.75, 0.28, true, Math.exp(-0.075))).toBe(t.price[0]);
  });

  it('matches the mpmath closed forms to 1e-12 relative (price and Greeks, Wasm and twin)', () => {
    const { rows, columns, discount } = b76Fixture;
    const { wasm: w, twin: t } = both(inputsOf(rows, discount));
    rows.forEach((r, i) => {
      columns.forEach((col, c) => {
        const where = `row ${i} ${col} (F=${r.F} K=${r.K} T=${r.T} sigma=${r.sigma} call=${r.isCall})`;
        expect(relErr(w[col][i], r.out[c]), where).toBeLessThanOrEqual(1e-12);
        expect(relErr(t[col][i], r.out[c]), where).toBeLessThanOrEqual(1e-12);
      });
    });
  });

  it('Greeks agree with central finite differences of the price', () => {
    const D = 0.98;
    const rows = b76Fixture.rows.filter((r) => r.T > 0.02 && r.sigma * Math.sqrt(r.T) > 0.05).slice(0, 120);
    for (const r of rows) {
      const call = r.isCall === 1;
      const V = (F: number, T: number, s: number) => black76Price(F, r.K, T, s, call, D);
      const g = black76Greeks(r.F, r.K, r.T, r.sigma, call, D);
      const hF = 1e-5 * r.F;
      const hT = 1e-5 * r.T;
      const hS = 1e-5 * r.sigma;
      const hG = 1e-3 * r.F * r.sigma * Math.sqrt(r.T);
      const fdDelta = (V(r.F + hF, r.T, r.sigma) - V(r.F - hF, r.T, r.sigma)) / (2 * hF);
      const fdGamma = (V(r.F + hG, r.T, r.sigma) - 2 * V(r.F, r.T, r.sigma) + V(r.F - hG, r.T, r.sigma)) / (hG * hG);
      const fdVega = (V(r.F, r.T, r.sigma + hS) - V(r.F, r.T, r.sigma - hS)) / (2 * hS);
      const fdTheta = -(V(r.F, r.T + hT, r.sigma) - V(r.F, r.T - hT, r.sigma)) / (2 * hT);
      const where = `F=${r.F} K=${r.K} T=${r.T} sigma=${r.sigma} call=${call}`;
      // relative to max(|Greek|, a small scale of its units): truncation O(h^2) + rounding O(eps V / h)
      expect(Math.abs(fdDelta - g.delta), where).toBeLessThanOrEqual(1e-7 * Math.max(Math.abs(g.delta), 1e-3));
      expect(Math.abs(fdVega - g.vega), where).toBeLessThanOrEqual(1e-7 * Math.max(g.vega, 1e-3 * r.F));
      expect(Math.abs(fdTheta - g.theta), where).toBeLessThanOrEqual(1e-7 * Math.max(-g.theta, 1e-3 * r.F));
      // second difference: coarser step, looser bound
      expect(Math.abs(fdGamma - g.gamma), where).toBeLessThanOrEqual(2e-5 * Math.max(g.gamma, 1e-3 / r.F));
    }
  });

  it('satisfies put-call parity C - P = D (F - K)', () => {
    const D = b76Fixture.discount;
    const calls = b76Fixture.rows.map((r) => ({ ...r, isCall: 1 }));
    const puts = b76Fixture.rows.map((r) => ({ ...r, isCall: 0 }));
    const c = both(inputsOf(calls, D));
    const p = both(inputsOf(puts, D));
    calls.forEach((r, i) => {
      const parity = D * (r.F - r.K);
      const tol = 1e-13 * (r.F + r.K);
      expect(Math.abs(c.wasm.price[i] - p.wasm.price[i] - parity)).toBeLessThanOrEqual(tol);
      expect(Math.abs(c.twin.price[i] - p.twin.price[i] - parity)).toBeLessThanOrEqual(tol);
      // delta parity: delta_C - delta_P = D
      expect(Math.abs(c.wasm.delta[i] - p.wasm.delta[i] - D)).toBeLessThanOrEqual(1e-15);
    });
  });

  it('gives intrinsic value for T <= 0 or sigma <= 0 (Greeks: step delta, zero gamma/vega/theta)', () => {
    const D = 0.9;
    const cases = [
      { F: 120, K: 100, T: 0, sigma: 0.5, isCall: 1, price: 18, delta: 0.9 },
      { F: 120, K: 100, T: 0, sigma: 0.5, isCall: 0, price: 0, delta: 0 },
      { F: 80, K: 100, T: -1, sigma: 0.5, isCall: 0, price: 18, delta: -0.9 },
      { F: 80, K: 100, T: 1, sigma: 0, isCall: 1, price: 0, delta: 0 },
      { F: 100, K: 100, T: 1, sigma: -0.1, isCall: 1, price: 0, delta: 0.45 },
      { F: 100, K: 100, T: 0, sigma: 0.3, isCall: 0, price: 0, delta: -0.45 },
    ];
    const { wasm: w, twin: t } = both(inputsOf(cases, D));
    cases.forEach((c, i) => {
      for (const o of [w, t]) {
        expect(o.price[i]).toBeCloseTo(c.price, 12);
        expect(o.delta[i]).toBeCloseTo(c.delta, 15);
        expect([o.gamma[i], o.vega[i], o.theta[i]]).toEqual([0, 0, 0]);
      }
    });
  });

  it('Wasm and twin agree to 1e-12 relative on random inputs', () => {
    const opt = fc.record({
      F: fc.double({ min: 0.01, max: 1e6, noNaN: true }),
      m: fc.double({ min: -1, max: 1, noNaN: true }),
      T: fc.double({ min: 1e-3, max: 5, noNaN: true }),
      sigma: fc.double({ min: 0.01, max: 3, noNaN: true }),
      isCall: fc.integer({ min: 0, max: 1 }),
    });
    fc.assert(
      fc.property(fc.array(opt, { minLength: 1, maxLength: 50 }), fc.double({ min: 0.5, max: 1, noNaN: true }), (opts, D) => {
        const rows = opts.map((o) => ({ ...o, K: o.F * Math.exp(o.m) }));
        const { wasm: w, twin: t } = both(inputsOf(rows, D));
        for (const col of b76Fixture.columns) {
          rows.forEach((r, i) => {
            // floor: 1e-15 of the forward, below which an OTM price is rounding noise in both
            const floor = col === 'gamma' ? 0 : 1e-15 * r.F;
            expect(Math.abs(w[col][i] - t[col][i]), `${col} ${JSON.stringify(r)} D=${D}`)
              .toBeLessThanOrEqual(1e-12 * Math.abs(t[col][i]) + floor);
          });
        }
      }),
      fcParams(200),
    );
  });
});
