/** Plain-TS twin of assembly/revalue.ts (see there for layouts and the model). */
import { normalCdf } from './black76.js';

export const KIND_LINEAR = 0;
export const KIND_CALL = 1;
export const KIND_PUT = 2;

/** Per-instrument inputs of `instrumentPnl` (parallel arrays). */
export interface InstrumentArrays {
  kind: Int32Array;
  factor: Int32Array;
  spot: Float64Array;
  multiplier: Float64Array;
  strike: Float64Array;
  expiryYears: Float64Array;
  expiryAfterYears: Float64Array;
  iv: Float64Array;
  ivAfter: Float64Array;
}

export function transposeScenarios(nFactors: number, M: number, mStart: number, count: number, x: Float64Array, xt: Float64Array): void {
  for (let m = mStart; m < mStart + count; m++) {
    for (let u = 0; u < nFactors; u++) xt[u * M + m] = x[m * nFactors + u];
  }
}

export function optionValue(lnFK: number, f: number, k: number, t: number, sigma: number, isCall: boolean, discount: number): number {
  if (!(t > 0 && sigma > 0)) return discount * (isCall ? Math.max(f - k, 0) : Math.max(k - f, 0));
  const sd = sigma * Math.sqrt(t);
  const d1 = (lnFK + 0.5 * sd * sd) / sd;
  const d2 = d1 - sd;
  return isCall ? discount * (f * normalCdf(d1) - k * normalCdf(d2)) : discount * (k * normalCdf(-d2) - f * normalCdf(-d1));
}

export function instrumentPnl(
  nInst: number, M: number, mStart: number, count: number, xt: Float64Array, inst: InstrumentArrays, rate: number, pnl: Float64Array,
): void {
  for (let i = 0; i < nInst; i++) {
    const xRow = inst.factor[i] * M;
    const out = i * M;
    const s = inst.spot[i];
    const mult = inst.multiplier[i];
    if (inst.kind[i] === KIND_LINEAR) {
      const scale = mult * s;
      for (let m = mStart; m < mStart + count; m++) pnl[out + m] = scale * Math.expm1(xt[xRow + m]);
      continue;
    }
    const isCall = inst.kind[i] === KIND_CALL;
    const k = inst.strike[i];
    const t0 = inst.expiryYears[i];
    const t1 = inst.expiryAfterYears[i];
    const f0 = s * Math.exp(rate * t0);
    const base = optionValue(Math.log(f0 / k), f0, k, t0, inst.iv[i], isCall, Math.exp(-rate * t0));
    const growth1 = Math.exp(rate * t1);
    const lnFK1 = Math.log((s * growth1) / k);
    const disc1 = Math.exp(-rate * t1);
    const iv1 = inst.ivAfter[i];
    for (let m = mStart; m < mStart + count; m++) {
      const x = xt[xRow + m];
      pnl[out + m] = mult * (optionValue(lnFK1 + x, s * growth1 * Math.exp(x), k, t1, iv1, isCall, disc1) - base);
    }
  }
}
