// Options on an implied-vol surface in every scenario (issue 15 B): the sticky-moneyness kernel
// path (KIND_SMILE) against its TS twin and a plain-TS reference, the closed-form flat-surface
// check for both dynamics, the sign of the smile's move, and the same bits whatever the blocks or
// thread count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Compute } from '../../src/compute.js';
import { createEngine, type Engine } from '../../src/index.js';
import { parseMarket } from '../../src/market/parseMarket.js';
import type { Market } from '../../src/market/types.js';
import { instrumentArrays, type RevaluationParams } from '../../src/montecarlo/instrumentArrays.js';
import { parsePortfolio } from '../../src/portfolio/parsePortfolio.js';
import { exampleSurface, flatSurface } from '../../src/surface/exampleSurface.js';
import { surfaceIv, type SviSlice } from '../../src/surface/sviSurface.js';
import { black76Price } from '../../src/twin/black76.js';
import { instrumentPnl as twinPnl, KIND_SMILE, SMILE_FIELDS, smileSd, type InstrumentArrays } from '../../src/twin/revalue.js';
import { readWasm } from '../../src/wasm/node-source.js';
import { compileKernels } from '../../src/wasm/runtime.js';
import { WasmKernels } from '../../src/wasm/kernels.js';
import { smileCoefficients } from '../../src/surface/smileCoefficients.js';
import { normals, threeCoinMarket } from '../testData.js';

let wasm: Compute;
const engines: Engine[] = [];
beforeAll(async () => {
  wasm = await Compute.create(1, 'wasm', await compileKernels(await readWasm()));
  engines.push(await createEngine({ threads: 1 }), await createEngine({ threads: 2 }));
});
afterAll(async () => {
  await wasm.close();
  for (const e of engines) await e.close();
});

/** Unit P&L (I x M) by the kernel, factor-0 log-returns x, in the given scenario blocks. */
function kernelPnl(inst: InstrumentArrays, x: Float64Array, rate: number, blocks: number[]): Float64Array {
  const h = wasm.heap;
  const I = inst.kind.length;
  const M = x.length;
  const nf = Math.max(...inst.factor) + 1;
  const xt = h.allocCopy(Float64Array.from({ length: nf * M }, (_, j) => x[j % M]));
  const et = h.allocCopy(Float64Array.from({ length: nf * M }, (_, j) => Math.exp(x[j % M])));
  const fields = [inst.kind, inst.factor, inst.spot, inst.multiplier, inst.strike, inst.expiryYears, inst.expiryAfterYears, inst.iv, inst.ivAfter].map((a) => h.allocCopy(a));
  const smile = h.allocCopy(inst.smile ?? new Float64Array(1));
  const pnl = h.alloc(8 * I * M);
  const calls = blocks.slice(0, -1).map((m0, b) => ({ kernel: 'instrumentPnl' as const, args: [I, M, m0, blocks[b + 1] - m0, xt, et, ...fields, rate, pnl, 0, 0, smile] }));
  wasm.runLocal(calls);
  const out = h.f64(pnl, I * M).slice();
  for (const p of [xt, et, ...fields, smile, pnl]) h.release(p);
  return out;
}

function twin(inst: InstrumentArrays, x: Float64Array, rate: number): Float64Array {
  const I = inst.kind.length;
  const M = x.length;
  const nf = Math.max(...inst.factor) + 1;
  const xt = Float64Array.from({ length: nf * M }, (_, j) => x[j % M]);
  const out = new Float64Array(I * M);
  twinPnl(I, M, 0, M, xt, xt.map(Math.exp), inst, rate, out);
  return out;
}

function marketWith(slices: SviSlice[] | undefined): Market {
  const m = threeCoinMarket();
  if (slices) (m.underlyings[0] as Record<string, unknown>).surface = { slices };
  return parseMarket(m, 'market.json');
}

/** BTC options across strikes and expiries (before, between and after the slices), without iv. */
function options(iv?: number) {
  const instruments = [0.5, 0.8, 1, 1.2, 2].flatMap((mny, j) =>
    [3, 30, 50, 200, 500].flatMap((days) => ['call', 'put'].map((right) => ({
      id: `${right}-${mny}-${days}`, kind: 'option', underlying: 'BTC', right, strike: 91000 * mny, expiryDays: days, multiplier: 1 + j, ...(iv ? { iv } : {}),
    }))));
  return { instruments: [{ id: 'PERP', kind: 'perpetual', underlying: 'BTC' }, ...instruments], accounts: [] as never[] };
}

const params = (surfaceDynamics: RevaluationParams['surfaceDynamics'], volShock = 0): RevaluationParams => ({ horizonDays: 2, volShock, surfaceDynamics });
const x = Float64Array.from({ length: 301 }, (_, m) => (m - 150) / 100); // log-returns -1.5 .. 1.5, odd count

describe('sticky-moneyness revaluation (KIND_SMILE)', () => {
  const market = marketWith(exampleSurface(0.55));
  const inst = instrumentArrays(parsePortfolio(options(), market, 'p').instruments, market, { ...params('sticky-moneyness', 0.15), ivShockScaling: { referenceDays: 30, power: 0.3, longDatedPower: 0.13 } });

  it('marks every option on the surface (not the perpetual)', () => {
    expect(Array.from(inst.kind, (k) => (k & KIND_SMILE) !== 0)).toEqual([false, ...Array(50).fill(true)]);
  });

  it('agrees with a plain-TS reference (Black-76 at the surface vol of each scenario) to 1e-12 of S + K', () => {
    const pf = parsePortfolio(options(), market, 'p');
    const pnl = kernelPnl(inst, x, market.rate, [0, x.length]);
    const r = market.rate;
    const s = market.spot[0];
    const surface = market.surfaces![0]!;
    pf.instruments.slice(1).forEach((ins, j) => {
      const i = j + 1;
      const t0 = ins.expiryYears!;
      const t1 = t0 - 2 / 365;
      const shock = 1 + 0.15 * (30 / Math.max(1, t0 * 365)) ** (t0 * 365 < 30 ? 0.3 : 0.13);
      const call = ins.right === 'call';
      const base = black76Price(s * Math.exp(r * t0), ins.strike!, t0, surfaceIv(surface, Math.log(ins.strike! / (s * Math.exp(r * t0))), t0), call, Math.exp(-r * t0));
      for (let m = 0; m < x.length; m += 7) {
        const f1 = s * Math.exp(x[m]) * Math.exp(r * t1);
        const iv = surfaceIv(surface, Math.log(ins.strike! / f1), t1) * shock;
        const expected = ins.multiplier * (black76Price(f1, ins.strike!, t1, iv, call, Math.exp(-r * t1)) - base);
        expect(Math.abs(pnl[i * x.length + m] - expected), `${ins.id} x ${x[m]}`).toBeLessThanOrEqual(1e-12 * ins.multiplier * (s + ins.strike!));
      }
    });
  });

  it('agrees with the TS twin on random smiles to 1e-13 of S + K', () => {
    const rnd = normals(15);
    const u = () => 0.5 + 0.5 * Math.tanh(rnd());
    const n = 40;
    const random: InstrumentArrays = {
      kind: Int32Array.from({ length: n }, (_, i) => (1 + (i % 2)) | KIND_SMILE),
      factor: new Int32Array(n),
      spot: Float64Array.from({ length: n }, () => 100 * (0.5 + u())),
      multiplier: new Float64Array(n).fill(1),
      strike: Float64Array.from({ length: n }, () => 100 * (0.3 + 2 * u())),
      expiryYears: Float64Array.from({ length: n }, () => 0.01 + u()),
      expiryAfterYears: new Float64Array(n),
      iv: Float64Array.from({ length: n }, () => 0.2 + u()),
      ivAfter: new Float64Array(n).fill(0.5),
      smile: Float64Array.from({ length: 9 * n }, (_, j) => [0.01 + 0.1 * u(), 0.2 * u(), 0.9 * rnd() / 3, 0.2 * rnd(), 0.01 + 0.1 * u()][(j % 9 === 0 ? 0 : 1 + ((j % 9) - 1) % 4)]),
    };
    random.expiryYears.forEach((t, i) => (random.expiryAfterYears[i] = t * 0.9));
    const k = kernelPnl(random, x, 0.02, [0, x.length]);
    const t = twin(random, x, 0.02);
    for (let j = 0; j < k.length; j++) {
      const i = Math.floor(j / x.length);
      expect(Math.abs(k[j] - t[j]), `row ${i}`).toBeLessThanOrEqual(1e-13 * (random.spot[i] + random.strike[i]));
    }
  });

  it('gives the same bits whatever the split of the scenarios into blocks', () => {
    const whole = kernelPnl(inst, x, market.rate, [0, x.length]);
    for (const blocks of [[0, 1, 2, 301], [0, 37, 38, 200, 301]]) expect(Array.from(kernelPnl(inst, x, market.rate, blocks))).toEqual(Array.from(whole));
  });
});

describe('the smile arithmetic (smileSdX2) and its twin', () => {
  it('give the same bits on random smiles and log-moneyness (odd count: the last lane alone too)', async () => {
    const kernels = await WasmKernels.create(await readWasm());
    const rnd = normals(42);
    for (let trial = 0; trial < 50; trial++) {
      const slices = exampleSurface(0.3 + Math.abs(rnd())).map((sl) => ({ ...sl, rho: Math.tanh(rnd()), m: 0.1 * rnd(), sigma: 0.05 + Math.abs(0.2 * rnd()) }));
      const smile = new Float64Array(SMILE_FIELDS);
      smileCoefficients(slices, (1 + 400 * Math.abs(rnd())) / 365, 1 + 0.3 * rnd() / 3, smile, 0);
      const kk = Float64Array.from({ length: 33 }, () => 1.5 * rnd());
      const out = new Float64Array(kk.length);
      kernels.smileSd(kk, smile, out);
      expect(Array.from(out)).toEqual(Array.from(kk, (k) => smileSd(k, smile, 0)));
    }
  });
});

describe('a flat surface gives the flat-vol result for both dynamics (closed form)', () => {
  const flatVol = marketWith(undefined);
  const flat = marketWith(flatSurface(0.55));
  const reference = () => kernelPnl(instrumentArrays(parsePortfolio(options(0.55), flatVol, 'p').instruments, flatVol, params('sticky-strike', 0.1)), x, flatVol.rate, [0, x.length]);
  for (const dynamics of ['sticky-strike', 'sticky-moneyness'] as const) {
    it(dynamics, () => {
      const pf = parsePortfolio(options(), flat, 'p');
      const pnl = kernelPnl(instrumentArrays(pf.instruments, flat, params(dynamics, 0.1)), x, flat.rate, [0, x.length]);
      const ref = reference();
      for (let j = 0; j < pnl.length; j++) {
        const i = Math.floor(j / x.length);
        const scale = pf.instruments[i].multiplier * (91000 + (pf.instruments[i].strike ?? 0));
        expect(Math.abs(pnl[j] - ref[j]), pf.instruments[i].id).toBeLessThanOrEqual(1e-12 * scale);
      }
    });
  }
});

describe('the smile moves with the spot (sign check)', () => {
  /** Unit P&L of one long 30-day put at strike K after a move x, under each dynamics. */
  function putPnl(slices: SviSlice[], strike: number, move: number) {
    const market = marketWith(slices);
    const ins = parsePortfolio({ instruments: [{ id: 'P', kind: 'option', underlying: 'BTC', right: 'put', strike, expiryDays: 30 }], accounts: [] }, market, 'p').instruments;
    const xs = new Float64Array([move, move]);
    return ['sticky-strike', 'sticky-moneyness'].map((d) => kernelPnl(instrumentArrays(ins, market, params(d as RevaluationParams['surfaceDynamics'])), xs, market.rate, [0, 2])[0]);
  }
  it('a down move raises the put\'s vol where the smile rises with k (call skew, rho > 0)', () => {
    const callSkew = exampleSurface(0.55).map((s) => ({ ...s, rho: 0.25 }));
    const [strike, moneyness] = putPnl(callSkew, 91000, -0.1);
    expect(moneyness).toBeGreaterThan(strike);
  });
  it('and lowers it at the money under a put skew (rho < 0: the strike moves to higher k, lower vol)', () => {
    const [strike, moneyness] = putPnl(exampleSurface(0.55), 91000, -0.1);
    expect(moneyness).toBeLessThan(strike);
  });
});

describe('through the engine', () => {
  const json = threeCoinMarket();
  (json.underlyings[0] as Record<string, unknown>).surface = { slices: exampleSurface(0.55) };
  const portfolio = { ...options(), accounts: [{ id: 'a', collateral: {}, positions: [{ instrument: 'put-0.8-30', quantity: 3 }, { instrument: 'call-1.2-50', quantity: -2 }, { instrument: 'PERP', quantity: 0.1 }] }] };
  it('gives the same bits on 1 and 2 threads (sticky moneyness), and a different VaR from sticky strike', async () => {
    const run = (e: Engine, surfaceDynamics: 'sticky-strike' | 'sticky-moneyness') => e.valueAtRisk(portfolio, json, { scenarios: 2000, surfaceDynamics });
    const [one, two, strike] = await Promise.all([run(engines[0], 'sticky-moneyness'), run(engines[1], 'sticky-moneyness'), run(engines[1], 'sticky-strike')]);
    expect(one.accounts[0].var).toBe(two.accounts[0].var);
    expect(one.accounts[0].es).toBe(two.accounts[0].es);
    expect(one.meta.surfaceDynamics).toBe('sticky-moneyness');
    expect(strike.accounts[0].var).not.toBe(one.accounts[0].var);
  });
});
