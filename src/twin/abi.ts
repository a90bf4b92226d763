/**
 * The twins behind the same pointer ABI as the Wasm exports: a kernel call's byte offsets become
 * typed-array views of a shared buffer, then the plain-TS twin runs. This lets the engine, the
 * pool and the benchmarks run either backend through identical code.
 */
import type { LinearMemory } from '../wasm/heap.js';
import type { KernelCall, KernelRuntime } from '../wasm/runtime.js';
import { ESTIMATORS } from '../volatility/types.js';
import type { TailRanks } from '../montecarlo/tailRanks.js';
import { accountRisk } from './aggregate.js';
import { TAIL_FIELDS } from './tail.js';
import { instrumentPnl, SMILE_FIELDS, transposeScenarios } from './revalue.js';
import { rollingVolatility } from './rollingVolatility.js';
import { scenarioReturns, type ScenarioModel } from './scenarios.js';

const EMPTY = new Float64Array(0);
const SCENARIO_MODELS: ScenarioModel[] = ['normal', 'student-t'];

/** Largest entry (0 for an empty array): sizes a view whose length the ABI does not pass. */
function maxOf(a: Int32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) if (a[i] > max) max = a[i];
  return max;
}

type Adapter = (views: Views, args: number[]) => void;

function accountRiskViews(
  v: Views, aStart: number, aEnd: number, posOffsetsPtr: number, posInstPtr: number, posQtyPtr: number,
  pnlPtr: number, M: number, ranks: TailRanks, scratchPtr: number, outPtr: number,
): void {
  const offsets = v.i32(posOffsetsPtr, aEnd + 1);
  const nPos = offsets[aEnd];
  const inst = v.i32(posInstPtr, nPos);
  const nInst = maxOf(inst) + 1;
  accountRisk(aStart, aEnd, offsets, inst, v.f64(posQtyPtr, nPos), v.f64(pnlPtr, nInst * M), M, ranks, v.f64(scratchPtr, 2 * M), v.f64(outPtr, aEnd * 6));
}

class Views {
  constructor(private readonly buffer: ArrayBufferLike) {}
  f64(ptr: number, length: number): Float64Array {
    return ptr === 0 ? EMPTY : new Float64Array(this.buffer, ptr, length);
  }
  i32(ptr: number, length: number): Int32Array {
    return new Int32Array(this.buffer, ptr, length);
  }
}

const adapters: Record<KernelCall['kernel'], Adapter> = {
  // the trailing scratch pointer (the kernel's working memory) is not needed by the twin
  rollingVolatility(v, [estimator, nSeries, offsetsPtr, openPtr, highPtr, lowPtr, closePtr, window, lambda, annualization, outPtr]) {
    const offsets = v.i32(offsetsPtr, nSeries + 1);
    const total = offsets[nSeries];
    rollingVolatility(
      { offsets, open: v.f64(openPtr, total), high: v.f64(highPtr, total), low: v.f64(lowPtr, total), close: v.f64(closePtr, total) },
      { estimator: ESTIMATORS[estimator], window, lambda, annualization },
      v.f64(outPtr, total),
    );
  },
  scenarioReturns(v, [seedLo, seedHi, scenarioStart, count, n, cholPtr, scalePtr, model, dof, outPtr]) {
    scenarioReturns(
      {
        seed: seedHi * 2 ** 32 + seedLo,
        scenarioStart,
        count,
        chol: v.f64(cholPtr, n * n),
        scale: v.f64(scalePtr, n),
        model: SCENARIO_MODELS[model],
        dof,
      },
      v.f64(outPtr, count * n),
    );
  },
  transposeScenarios(v, [n, M, mStart, count, xPtr, xtPtr, etPtr]) {
    transposeScenarios(n, M, mStart, count, v.f64(xPtr, M * n), v.f64(xtPtr, n * M), v.f64(etPtr, n * M));
  },
  instrumentPnl(v, [nInst, M, mStart, count, xtPtr, etPtr, kindPtr, factorPtr, spotPtr, multPtr, strikePtr, expiryPtr, tAfterPtr, ivPtr, ivAfterPtr, rate, pnlPtr, , , smilePtr]) {
    const nFactors = maxOf(v.i32(factorPtr, nInst)) + 1;
    instrumentPnl(
      nInst, M, mStart, count, v.f64(xtPtr, nFactors * M), v.f64(etPtr, nFactors * M),
      {
        kind: v.i32(kindPtr, nInst),
        factor: v.i32(factorPtr, nInst),
        spot: v.f64(spotPtr, nInst),
        multiplier: v.f64(multPtr, nInst),
        strike: v.f64(strikePtr, nInst),
        expiryYears: v.f64(expiryPtr, nInst),
        expiryAfterYears: v.f64(tAfterPtr, nInst),
        iv: v.f64(ivPtr, nInst),
        ivAfter: v.f64(ivAfterPtr, nInst),
        ...(smilePtr ? { smile: v.f64(smilePtr, nInst * SMILE_FIELDS) } : {}),
      },
      rate, v.f64(pnlPtr, nInst * M),
    );
  },
  accountRisk(v, [aStart, aEnd, posOffsetsPtr, posInstPtr, posQtyPtr, pnlPtr, M, k, ke, kLo, kHi, esAlpha, zCrit, scratchPtr, outPtr]) {
    accountRiskViews(v, aStart, aEnd, posOffsetsPtr, posInstPtr, posQtyPtr, pnlPtr, M, { k, ke, kLo, kHi, esAlpha, zCrit }, scratchPtr, outPtr);
  },
  // in full too: the statistics do not depend on the threshold guess, which only saves work (the
  // hint for the next call is NaN: none); a book account it computes is left untracked
  accountRiskFrom(v, [nPos, instPtr, qtyPtr, pnlPtr, M, k, ke, kLo, kHi, esAlpha, zCrit, , , scratchPtr, outPtr, a, boundPtr]) {
    const inst = v.i32(instPtr, nPos);
    const out = v.f64(outPtr, TAIL_FIELDS + 3);
    accountRisk(0, 1, Int32Array.of(0, nPos), inst, v.f64(qtyPtr, nPos), v.f64(pnlPtr, (maxOf(inst) + 1) * M), M, { k, ke, kLo, kHi, esAlpha, zCrit }, v.f64(scratchPtr, 2 * M), out);
    out[TAIL_FIELDS] = NaN;
    out[TAIL_FIELDS + 1] = 0; // in full
    out[TAIL_FIELDS + 2] = 0; // no hot copy
    if (a >= 0) v.f64(boundPtr + 8 * a, 1)[0] = Infinity;
  },
  // the twin computes each account in full: the statistics do not depend on the blocking (chunk,
  // block, cap) nor on where a reprice starts from (the tracking state, which it leaves alone)
  accountRiskBlocked(v, [aStart, aEnd, posOffsetsPtr, posInstPtr, posQtyPtr, pnlPtr, M, k, ke, kLo, kHi, esAlpha, zCrit, , , , scratchPtr, outPtr]) {
    accountRiskViews(v, aStart, aEnd, posOffsetsPtr, posInstPtr, posQtyPtr, pnlPtr, M, { k, ke, kLo, kHi, esAlpha, zCrit }, scratchPtr, outPtr);
  },
  accountRiskTracked(v, args) {
    const [aStart, aEnd, posOffsetsPtr, posInstPtr, posQtyPtr, pnlPtr, M, k, ke, kLo, kHi, esAlpha, zCrit, , , , scratchPtr, outPtr] = args;
    accountRiskViews(v, aStart, aEnd, posOffsetsPtr, posInstPtr, posQtyPtr, pnlPtr, M, { k, ke, kLo, kHi, esAlpha, zCrit }, scratchPtr, outPtr);
    v.i32(args[24], 1)[0] = aEnd - aStart;
  },
};

/** A runtime that runs the twins on `memory` (a shared buffer laid out exactly like Wasm memory). */
export function twinRuntime(memory: LinearMemory, heapBase: number): KernelRuntime {
  return {
    memory,
    heapBase,
    call({ kernel, args }) {
      const adapter = adapters[kernel];
      if (!adapter) throw new Error(`dynamargin: no twin for kernel "${kernel}"`);
      adapter(new Views(memory.buffer), args);
    },
  };
}
