// Instrument revaluation: unit P&L of every instrument in every scenario of a block.
//
// Layouts: xt is factor-major log-returns, nFactors x M (row u = underlying u in every scenario);
// pnl is instrument-major, nInstruments x M. Per-instrument inputs are parallel arrays (SoA).
// Model (issue 3, shared/bench/numpy_peer.py):
//   linear (perpetual, future, spot): mult * S * (exp(x) - 1)
//   option: mult * (V(S exp(x), T - h/365, iv') - V(S, T, iv)), V = Black (1976) on the forward
//   F = S exp(r T) with discount exp(-r T); iv' = iv (sticky strike) or the shocked iv.
import { normalCdf } from './black76';

export const KIND_LINEAR: i32 = 0;
export const KIND_CALL: i32 = 1;
export const KIND_PUT: i32 = 2;

/** xt[u][m] = x[m][u] for scenarios [mStart, mStart + count): scenario-major block to factor-major rows. */
export function transposeScenarios(nFactors: i32, M: i32, mStart: i32, count: i32, xPtr: usize, xtPtr: usize): void {
  const n = <usize>nFactors;
  for (let m = mStart; m < mStart + count; m++) {
    const row = xPtr + ((<usize>m * n) << 3);
    for (let u: usize = 0; u < n; u++) {
      store<f64>(xtPtr + ((u * <usize>M + <usize>m) << 3), load<f64>(row + (u << 3)));
    }
  }
}

/**
 * Black-76 value with the log-moneyness given directly: lnFK = ln(F / K), so a scenario needs no
 * log (ln F' = ln F + x). Intrinsic value when t <= 0 or sigma <= 0.
 */
// @ts-ignore: decorator
@inline export function optionValue(lnFK: f64, f: f64, k: f64, t: f64, sigma: f64, isCall: bool, discount: f64): f64 {
  if (!(t > 0.0 && sigma > 0.0)) return discount * (isCall ? Math.max(f - k, 0.0) : Math.max(k - f, 0.0));
  const sd = sigma * Math.sqrt(t);
  const d1 = (lnFK + 0.5 * sd * sd) / sd;
  const d2 = d1 - sd;
  return isCall
    ? discount * (f * normalCdf(d1) - k * normalCdf(d2))
    : discount * (k * normalCdf(-d2) - f * normalCdf(-d1));
}

/**
 * pnl[i][m] for instruments [0, nInst) and scenarios [mStart, mStart + count).
 * Per instrument i: kind (i32), factor (i32 row of xt), spot S, multiplier, strike K, expiry T
 * (years, today), tAfter (years left after the horizon), iv (today), ivAfter (in the scenario).
 * rate: continuously compounded, flat.
 */
export function instrumentPnl(
  nInst: i32, M: i32, mStart: i32, count: i32, xtPtr: usize,
  kindPtr: usize, factorPtr: usize, spotPtr: usize, multPtr: usize, strikePtr: usize,
  expiryPtr: usize, tAfterPtr: usize, ivPtr: usize, ivAfterPtr: usize, rate: f64, pnlPtr: usize,
): void {
  for (let i = 0; i < nInst; i++) {
    const ii = <usize>i;
    const kind = load<i32>(kindPtr + (ii << 2));
    const xRow = xtPtr + ((<usize>load<i32>(factorPtr + (ii << 2)) * <usize>M) << 3);
    const out = pnlPtr + ((ii * <usize>M) << 3);
    const s = load<f64>(spotPtr + (ii << 3));
    const mult = load<f64>(multPtr + (ii << 3));
    if (kind == KIND_LINEAR) {
      const scale = mult * s;
      for (let m = mStart; m < mStart + count; m++) {
        const off = <usize>m << 3;
        store<f64>(out + off, scale * Math.expm1(load<f64>(xRow + off)));
      }
      continue;
    }
    const isCall = kind == KIND_CALL;
    const k = load<f64>(strikePtr + (ii << 3));
    const t0 = load<f64>(expiryPtr + (ii << 3));
    const t1 = load<f64>(tAfterPtr + (ii << 3));
    const iv0 = load<f64>(ivPtr + (ii << 3));
    const iv1 = load<f64>(ivAfterPtr + (ii << 3));
    const f0 = s * Math.exp(rate * t0);
    const base = optionValue(Math.log(f0 / k), f0, k, t0, iv0, isCall, Math.exp(-rate * t0));
    const growth1 = Math.exp(rate * t1);
    const lnFK1 = Math.log((s * growth1) / k);
    const disc1 = Math.exp(-rate * t1);
    for (let m = mStart; m < mStart + count; m++) {
      const off = <usize>m << 3;
      const x = load<f64>(xRow + off);
      const v = optionValue(lnFK1 + x, s * growth1 * Math.exp(x), k, t1, iv1, isCall, disc1);
      store<f64>(out + off, mult * (v - base));
    }
  }
}
