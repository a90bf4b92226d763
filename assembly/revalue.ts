// Instrument revaluation: unit P&L of every instrument in every scenario of a block.
//
// Layouts: xt is factor-major log-returns, nFactors x M (row u = underlying u in every scenario);
// pnl is instrument-major, nInstruments x M. Per-instrument inputs are parallel arrays (SoA).
// Model (issue 3, shared/bench/numpy_peer.py):
//   linear (perpetual, future, spot): mult * S * (exp(x) - 1)
//   option: mult * (V(S exp(x), T - h/365, iv') - V(S, T, iv)), V = Black (1976) on the forward
//   F = S exp(r T) with discount exp(-r T); iv' = iv (sticky strike) or the shocked iv.
//   option on a moving smile (kind | KIND_SMILE, sticky moneyness): iv' from the SVI smile at
//   k = ln(K / (F' e^x)) in each scenario (smileSdX2).
import { ERF_CENTRAL, normalCdfGivenExp } from './black76';
import { expNonPositiveX2, normalCdfGivenExpX2 } from './black76x2';
import { rowChange } from './tracked';

export const KIND_LINEAR: i32 = 0;
export const KIND_CALL: i32 = 1;
export const KIND_PUT: i32 = 2;
/** Flag on KIND_CALL / KIND_PUT: implied vol from the per-instrument smile in each scenario. */
export const KIND_SMILE: i32 = 4;
/** f64 per instrument of the smile array: A, then (B, rho, m, sigma^2) of two SVI slices. */
export const SMILE_FIELDS: i32 = 9;

/**
 * For scenarios [mStart, mStart + count): xt[u][m] = x[m][u] (scenario-major block to factor-major
 * rows) and et[u][m] = exp(x[m][u]), the price ratio every option on underlying u reuses.
 */
export function transposeScenarios(nFactors: i32, M: i32, mStart: i32, count: i32, xPtr: usize, xtPtr: usize, etPtr: usize): void {
  const n = <usize>nFactors;
  for (let m = mStart; m < mStart + count; m++) {
    const row = xPtr + ((<usize>m * n) << 3);
    for (let u: usize = 0; u < n; u++) {
      const x = load<f64>(row + (u << 3));
      const at = (u * <usize>M + <usize>m) << 3;
      store<f64>(xtPtr + at, x);
      store<f64>(etPtr + at, Math.exp(x));
    }
  }
}

// @ts-ignore: decorator
@inline const SQRT1_2: f64 = 0.70710678118654752440; // 1 / sqrt(2)

/**
 * Black-76 value with the log-moneyness lnFK = ln(F / K) given (a scenario needs no log:
 * ln F' = ln F + x) and sd = sigma sqrt(T) > 0, invSd = 1 / sd. Both normal CDFs share one exp:
 * n(d2) = n(d1) F / K (Black 1976; the identity F n(d1) = K n(d2)), so
 * exp(-d2^2 / 2) = exp(-d1^2 / 2) F / K, and that exp is only taken when a CDF needs its tail.
 */
// @ts-ignore: decorator
@inline function black76Value(lnFK: f64, f: f64, k: f64, sd: f64, invSd: f64, isCall: bool, discount: f64): f64 {
  const d1 = lnFK * invSd + 0.5 * sd;
  const d2 = d1 - sd;
  const central = Math.max(Math.abs(d1), Math.abs(d2)) * SQRT1_2 <= ERF_CENTRAL;
  const e1 = central ? 0.0 : Math.exp(-0.5 * (d1 * d1));
  const e2 = e1 * (f / k);
  return isCall
    ? discount * (f * normalCdfGivenExp(d1, e1) - k * normalCdfGivenExp(d2, e2))
    : discount * (k * normalCdfGivenExp(-d2, e2) - f * normalCdfGivenExp(-d1, e1));
}

/** Intrinsic value (at or past expiry, or zero vol). */
// @ts-ignore: decorator
@inline function intrinsicValue(f: f64, k: f64, isCall: bool, discount: f64): f64 {
  return discount * (isCall ? Math.max(f - k, 0.0) : Math.max(k - f, 0.0));
}

/**
 * mult (V(S e^x) - base) for two scenarios: black76Value on f64x2 lanes given lnFKx = ln(F e^x / K),
 * f = F e^x and sd = sigma sqrt T per lane, both CDFs sharing exp(-d1^2 / 2) (expNonPositiveX2,
 * normalCdfGivenExpX2).
 */
// @ts-ignore: decorator
@inline function blackPnlX2(
  lnFKx: v128, f: v128, sd: v128, invSd: v128, halfSd: v128, kScalar: f64, discount: f64, mult: f64, base: f64, isCall: bool,
): v128 {
  const k = f64x2.splat(kScalar);
  const d1 = f64x2.add(f64x2.mul(lnFKx, invSd), halfSd);
  const d2 = f64x2.sub(d1, sd);
  const e1 = expNonPositiveX2(f64x2.mul(f64x2.splat(-0.5), f64x2.mul(d1, d1)));
  const e2 = f64x2.mul(e1, f64x2.div(f, k));
  const v = isCall
    ? f64x2.sub(f64x2.mul(f, normalCdfGivenExpX2(d1, e1)), f64x2.mul(k, normalCdfGivenExpX2(d2, e2)))
    : f64x2.sub(f64x2.mul(k, normalCdfGivenExpX2(f64x2.neg(d2), e2)), f64x2.mul(f, normalCdfGivenExpX2(f64x2.neg(d1), e1)));
  return f64x2.mul(f64x2.splat(mult), f64x2.sub(f64x2.mul(f64x2.splat(discount), v), f64x2.splat(base)));
}

/** blackPnlX2 with one implied vol for both scenarios (x and e^x per lane). */
// @ts-ignore: decorator
@inline function optionPnlX2(
  x: v128, ex: v128, lnFK: f64, sdScalar: f64, fScalar: f64, kScalar: f64, discount: f64, mult: f64, base: f64, isCall: bool,
): v128 {
  const lnFKx = f64x2.add(f64x2.splat(lnFK), x);
  const f = f64x2.mul(f64x2.splat(fScalar), ex);
  return blackPnlX2(lnFKx, f, f64x2.splat(sdScalar), f64x2.splat(1.0 / sdScalar), f64x2.splat(0.5 * sdScalar), kScalar, discount, mult, base, isCall);
}

/**
 * sd = sqrt(w) per lane at log-moneyness kk, w = A + B0 svi0(kk) + B1 svi1(kk) with
 * svi(kk) = rho (kk - m) + sqrt((kk - m)^2 + sigma^2) (raw SVI, Gatheral 2004; the weights of the
 * two bracketing slices and the vol shock are folded into A, B0, B1: src/surface/smileCoefficients.ts).
 */
// @ts-ignore: decorator
@inline function smileSdX2(kk: v128, sm: usize): v128 {
  const d0 = f64x2.sub(kk, f64x2.splat(load<f64>(sm, 24)));
  const d1 = f64x2.sub(kk, f64x2.splat(load<f64>(sm, 56)));
  const s0 = f64x2.add(f64x2.mul(f64x2.splat(load<f64>(sm, 16)), d0), f64x2.sqrt(f64x2.add(f64x2.mul(d0, d0), f64x2.splat(load<f64>(sm, 32)))));
  const s1 = f64x2.add(f64x2.mul(f64x2.splat(load<f64>(sm, 48)), d1), f64x2.sqrt(f64x2.add(f64x2.mul(d1, d1), f64x2.splat(load<f64>(sm, 64)))));
  const w = f64x2.add(f64x2.add(f64x2.splat(load<f64>(sm)), f64x2.mul(f64x2.splat(load<f64>(sm, 8)), s0)), f64x2.mul(f64x2.splat(load<f64>(sm, 40)), s1));
  return f64x2.sqrt(w);
}

/** blackPnlX2 with each scenario's implied vol from the smile at k = -ln(F e^x / K) (sticky moneyness). */
// @ts-ignore: decorator
@inline function smilePnlX2(
  x: v128, ex: v128, lnFK: f64, sm: usize, fScalar: f64, kScalar: f64, discount: f64, mult: f64, base: f64, isCall: bool,
): v128 {
  const lnFKx = f64x2.add(f64x2.splat(lnFK), x);
  const sd = smileSdX2(f64x2.neg(lnFKx), sm);
  const f = f64x2.mul(f64x2.splat(fScalar), ex);
  return blackPnlX2(lnFKx, f, sd, f64x2.div(f64x2.splat(1.0), sd), f64x2.mul(f64x2.splat(0.5), sd), kScalar, discount, mult, base, isCall);
}

/** The option's P&L in two scenarios: one implied vol (optionPnlX2) or the smile's in each (smilePnlX2, `smile`). */
// @ts-ignore: decorator
@inline function pairPnl(
  x: v128, ex: v128, smile: bool, lnFK: f64, sd: f64, sm: usize, f: f64, k: f64, discount: f64, mult: f64, base: f64, isCall: bool,
): v128 {
  return smile ? smilePnlX2(x, ex, lnFK, sm, f, k, discount, mult, base, isCall) : optionPnlX2(x, ex, lnFK, sd, f, k, discount, mult, base, isCall);
}

/** pnl[i][m] of one instrument for scenarios [mStart, mStart + count) into `out` (its row); see instrumentPnl. */
function instrumentRow(
  ii: usize, M: i32, mStart: i32, count: i32, xtPtr: usize, etPtr: usize,
  kindPtr: usize, factorPtr: usize, spotPtr: usize, multPtr: usize, strikePtr: usize,
  expiryPtr: usize, tAfterPtr: usize, ivPtr: usize, ivAfterPtr: usize, rate: f64, out: usize, smilePtr: usize,
): void {
  const kindBits = load<i32>(kindPtr + (ii << 2));
  const kind = kindBits & ~KIND_SMILE;
  const rowAt = (<usize>load<i32>(factorPtr + (ii << 2)) * <usize>M) << 3;
  const xRow = xtPtr + rowAt;
  const eRow = etPtr + rowAt;
  const s = load<f64>(spotPtr + (ii << 3));
  const mult = load<f64>(multPtr + (ii << 3));
  if (kind == KIND_LINEAR) {
    const scale = mult * s;
    for (let m = mStart; m < mStart + count; m++) {
      const off = <usize>m << 3;
      store<f64>(out + off, scale * Math.expm1(load<f64>(xRow + off)));
    }
    return;
  }
  const isCall = kind == KIND_CALL;
  const k = load<f64>(strikePtr + (ii << 3));
  const t0 = load<f64>(expiryPtr + (ii << 3));
  const t1 = load<f64>(tAfterPtr + (ii << 3));
  const iv0 = load<f64>(ivPtr + (ii << 3));
  const iv1 = load<f64>(ivAfterPtr + (ii << 3));
  const f0 = s * Math.exp(rate * t0);
  const disc0 = Math.exp(-rate * t0);
  const sd0 = iv0 * Math.sqrt(t0);
  const base = sd0 > 0.0 ? black76Value(Math.log(f0 / k), f0, k, sd0, 1.0 / sd0, isCall, disc0) : intrinsicValue(f0, k, isCall, disc0);
  const f1 = s * Math.exp(rate * t1);
  const lnFK1 = Math.log(f1 / k);
  const disc1 = Math.exp(-rate * t1);
  const sd1 = iv1 * Math.sqrt(t1);
  if (!(sd1 > 0.0)) {
    for (let m = mStart; m < mStart + count; m++) {
      const off = <usize>m << 3;
      store<f64>(out + off, mult * (intrinsicValue(f1 * load<f64>(eRow + off), k, isCall, disc1) - base));
    }
    return;
  }
  const end = mStart + count;
  const smile = (kindBits & KIND_SMILE) != 0;
  const sm = smilePtr + ii * <usize>(SMILE_FIELDS << 3);
  let m = mStart;
  // two scenarios per step; a last single one goes through the same two-lane code (lanes are
  // independent), so every scenario gets the same bits whatever the split into blocks
  for (; m + 2 <= end; m += 2) {
    const off = <usize>m << 3;
    v128.store(out + off, pairPnl(v128.load(xRow + off), v128.load(eRow + off), smile, lnFK1, sd1, sm, f1, k, disc1, mult, base, isCall));
  }
  if (m < end) {
    const off = <usize>m << 3;
    const v = pairPnl(f64x2.splat(load<f64>(xRow + off)), f64x2.splat(load<f64>(eRow + off)), smile, lnFK1, sd1, sm, f1, k, disc1, mult, base, isCall);
    store<f64>(out + off, f64x2.extract_lane(v, 0));
  }
}

/**
 * pnl[i][m] for instruments [0, nInst) and scenarios [mStart, mStart + count).
 * Per instrument i: kind (i32), factor (i32 row of xt and et), spot S, multiplier, strike K, expiry T
 * (years, today), tAfter (years left after the horizon), iv (today), ivAfter (in the scenario).
 * rate: continuously compounded, flat. With changePtr (not 0), each row's change from the
 * previous P&L at prevPtr (same layout) is summarized too (rowChange, 3 f64 per instrument), for
 * a tracked reprice (assembly/tracked.ts). smilePtr: SMILE_FIELDS f64 per instrument, read for
 * options whose kind carries KIND_SMILE (0 when none does).
 */
export function instrumentPnl(
  nInst: i32, M: i32, mStart: i32, count: i32, xtPtr: usize, etPtr: usize,
  kindPtr: usize, factorPtr: usize, spotPtr: usize, multPtr: usize, strikePtr: usize,
  expiryPtr: usize, tAfterPtr: usize, ivPtr: usize, ivAfterPtr: usize, rate: f64, pnlPtr: usize,
  prevPtr: usize, changePtr: usize, smilePtr: usize,
): void {
  for (let i = 0; i < nInst; i++) {
    const ii = <usize>i;
    const row = (ii * <usize>M) << 3;
    instrumentRow(ii, M, mStart, count, xtPtr, etPtr, kindPtr, factorPtr, spotPtr, multPtr, strikePtr, expiryPtr, tAfterPtr, ivPtr, ivAfterPtr, rate, pnlPtr + row, smilePtr);
    // the row segment is still in cache
    if (changePtr) rowChange(pnlPtr + row, prevPtr + row, mStart, count, changePtr + ((ii * 3) << 3));
  }
}

/** out[i] = smileSdX2 at kk[i] for one smile (SMILE_FIELDS f64 at smPtr): the smile arithmetic alone, for its twin test. */
export function smileSdBatch(n: i32, kkPtr: usize, smPtr: usize, outPtr: usize): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) v128.store(outPtr + (<usize>i << 3), smileSdX2(v128.load(kkPtr + (<usize>i << 3)), smPtr));
  if (i < n) store<f64>(outPtr + (<usize>i << 3), f64x2.extract_lane(smileSdX2(f64x2.splat(load<f64>(kkPtr + (<usize>i << 3))), smPtr), 0));
}
