/** Plain-TS twin of assembly/revalue.ts (see there for layouts and the model). */
import { ERF_CENTRAL, normalCdfGivenExp } from './black76.js';

export const KIND_LINEAR = 0;
export const KIND_CALL = 1;
export const KIND_PUT = 2;
/** Flag on KIND_CALL / KIND_PUT: implied vol from the instrument's smile in each scenario (sticky moneyness). */
export const KIND_SMILE = 4;
/** f64 per instrument of `smile`: A, then (B, rho, m, sigma^2) of two SVI slices (src/surface/smileCoefficients.ts). */
export const SMILE_FIELDS = 9;

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
  /** SMILE_FIELDS per instrument, read for kinds with KIND_SMILE; absent when none has it. */
  smile?: Float64Array;
}

export function transposeScenarios(nFactors: number, M: number, mStart: number, count: number, x: Float64Array, xt: Float64Array, et: Float64Array): void {
  for (let m = mStart; m < mStart + count; m++) {
    for (let u = 0; u < nFactors; u++) {
      xt[u * M + m] = x[m * nFactors + u];
      et[u * M + m] = Math.exp(x[m * nFactors + u]);
    }
  }
}

/** Twin of the kernel's black76Value (one exp shared by both CDFs; sd = sigma sqrt T > 0). */
export function black76Value(lnFK: number, f: number, k: number, sd: number, invSd: number, isCall: boolean, discount: number): number {
  const d1 = lnFK * invSd + 0.5 * sd;
  const d2 = d1 - sd;
  const central = Math.max(Math.abs(d1), Math.abs(d2)) * Math.SQRT1_2 <= ERF_CENTRAL;
  const e1 = central ? 0 : Math.exp(-0.5 * (d1 * d1));
  const e2 = e1 * (f / k);
  return isCall
    ? discount * (f * normalCdfGivenExp(d1, e1) - k * normalCdfGivenExp(d2, e2))
    : discount * (k * normalCdfGivenExp(-d2, e2) - f * normalCdfGivenExp(-d1, e1));
}

/**
 * Twin of the kernel's smileSdX2: sd = sqrt(A + B0 svi0(kk) + B1 svi1(kk)), svi(kk) = rho (kk - m) +
 * sqrt((kk - m)^2 + sigma^2) (raw SVI, Gatheral 2004), same operations in the same order.
 */
export function smileSd(kk: number, sm: Float64Array, at: number): number {
  const d0 = kk - sm[at + 3];
  const d1 = kk - sm[at + 7];
  const s0 = sm[at + 2] * d0 + Math.sqrt(d0 * d0 + sm[at + 4]);
  const s1 = sm[at + 6] * d1 + Math.sqrt(d1 * d1 + sm[at + 8]);
  return Math.sqrt(sm[at] + sm[at + 1] * s0 + sm[at + 5] * s1);
}

function intrinsicValue(f: number, k: number, isCall: boolean, discount: number): number {
  return discount * (isCall ? Math.max(f - k, 0) : Math.max(k - f, 0));
}

export function instrumentPnl(
  nInst: number, M: number, mStart: number, count: number, xt: Float64Array, et: Float64Array, inst: InstrumentArrays, rate: number, pnl: Float64Array,
): void {
  for (let i = 0; i < nInst; i++) {
    const row = inst.factor[i] * M;
    const out = i * M;
    const s = inst.spot[i];
    const mult = inst.multiplier[i];
    if (inst.kind[i] === KIND_LINEAR) {
      const scale = mult * s;
      for (let m = mStart; m < mStart + count; m++) pnl[out + m] = scale * Math.expm1(xt[row + m]);
      continue;
    }
    const isCall = (inst.kind[i] & ~KIND_SMILE) === KIND_CALL;
    const k = inst.strike[i];
    const t0 = inst.expiryYears[i];
    const t1 = inst.expiryAfterYears[i];
    const f0 = s * Math.exp(rate * t0);
    const disc0 = Math.exp(-rate * t0);
    const sd0 = inst.iv[i] * Math.sqrt(t0);
    const base = sd0 > 0 ? black76Value(Math.log(f0 / k), f0, k, sd0, 1 / sd0, isCall, disc0) : intrinsicValue(f0, k, isCall, disc0);
    const f1 = s * Math.exp(rate * t1);
    const lnFK1 = Math.log(f1 / k);
    const disc1 = Math.exp(-rate * t1);
    const sd1 = inst.ivAfter[i] * Math.sqrt(t1);
    if (!(sd1 > 0)) {
      for (let m = mStart; m < mStart + count; m++) pnl[out + m] = mult * (intrinsicValue(f1 * et[row + m], k, isCall, disc1) - base);
      continue;
    }
    if (inst.kind[i] & KIND_SMILE) {
      const at = i * SMILE_FIELDS;
      for (let m = mStart; m < mStart + count; m++) {
        const lnFKx = lnFK1 + xt[row + m];
        const sd = smileSd(-lnFKx, inst.smile!, at);
        pnl[out + m] = mult * (black76Value(lnFKx, f1 * et[row + m], k, sd, 1 / sd, isCall, disc1) - base);
      }
      continue;
    }
    const invSd1 = 1 / sd1;
    for (let m = mStart; m < mStart + count; m++) {
      pnl[out + m] = mult * (black76Value(lnFK1 + xt[row + m], f1 * et[row + m], k, sd1, invSd1, isCall, disc1) - base);
    }
  }
}
