// Yang-Zhang (2000) rolling volatility of one series.
// var_t = s_o^2 + k s_c^2 + (1 - k) s_rs^2 over bars t-n+1..t (t >= n), where
//   s_o^2  = sample variance (n-1) of overnight returns  o_j = ln(O_j / C_{j-1}),
//   s_c^2  = sample variance (n-1) of open-to-close returns c_j = ln(C_j / O_j),
//   s_rs^2 = mean of Rogers-Satchell terms ln(H/C) ln(H/O) + ln(L/C) ln(L/O),
//   k = 0.34 / (1.34 + (n+1)/(n-1))   (Yang & Zhang 2000, eq. 8 with alpha = 1.34).
// The three per-bar terms are computed once into scratch arrays; the rolling sums follow
// `rollingSampleStd` (re-anchor by corrected two-pass every n steps, TwoSum updates, S1 also
// compensated here as in the twin), two blocks of n window ends side by side in the lanes.
import { logRatios } from './volatility-log';
import { rogersSatchellF64x2 } from './volatility-range';
import { fillNaN, load2, store2 } from './volatility-rolling';

/**
 * Yang-Zhang annualized vol of one series of `len` bars into out; NaN before index n. Scratch
 * arrays o, c, u, l hold len f64 plus one spare each (u and l hold ln(H/O), ln(L/O) on the way).
 */
export function yangZhangSeries(
  openPtr: usize, highPtr: usize, lowPtr: usize, closePtr: usize, out: usize, o: usize, c: usize, u: usize, l: usize,
  len: i32, n: i32, annualization: f64,
): void {
  if (len <= n) {
    fillNaN(out, len);
    return;
  }
  logRatios(o + 8, openPtr + 8, closePtr, len - 1); // o_j, j >= 1
  logRatios(c + 8, closePtr + 8, openPtr + 8, len - 1); // c_j, j >= 1
  logRatios(u + 8, highPtr + 8, openPtr + 8, len - 1); // ln(H_j/O_j)
  logRatios(l + 8, lowPtr + 8, openPtr + 8, len - 1); // ln(L_j/O_j)
  for (let j = 1; j < len; j += 2) {
    const off = <usize>j << 3;
    v128.store(u + off, rogersSatchellF64x2(v128.load(u + off), v128.load(l + off), v128.load(c + off)));
  }
  let a = n;
  for (; a + 2 * n <= len; a += 2 * n) yangZhangBlocks(o, c, u, out, a, n, <usize>n << 3, n, annualization);
  for (; a < len; a += n) yangZhangBlocks(o, c, u, out, a, min(n, len - a), 0, n, annualization);
  fillNaN(out, n);
}

/** Rounding error of u = s + d per lane (Knuth's TwoSum): s + d = u + error exactly. */
// @ts-ignore: decorator
@inline
function twoSumError(s: v128, d: v128, u: v128): v128 {
  const b = f64x2.sub(u, s);
  return f64x2.add(f64x2.sub(s, f64x2.sub(u, b)), f64x2.sub(d, b));
}

/** max(S2 - S1^2 / n, 0) from compensated sums (M2 of the window). */
// @ts-ignore: decorator
@inline
function m2Of(s1: v128, c1: v128, s2: v128, c2: v128, vInvN: v128): v128 {
  const m1 = f64x2.add(s1, c1);
  return f64x2.max(f64x2.sub(f64x2.add(s2, c2), f64x2.mul(f64x2.mul(m1, m1), vInvN)), f64x2.splat(0));
}

/** Window ends a .. a+steps-1 (lane 0) and the same plus delta bytes (lane 1). */
function yangZhangBlocks(
  o: usize, c: usize, u: usize, out: usize, a: i32, steps: i32, delta: usize, n: i32, annualization: f64,
): void {
  const invN = 1.0 / <f64>n;
  const vInvN = f64x2.splat(invN);
  const vInvN1 = f64x2.splat(1.0 / <f64>(n - 1));
  const kWeight = 0.34 / (1.34 + <f64>(n + 1) / <f64>(n - 1));
  const vK = f64x2.splat(kWeight);
  const vRS = f64x2.splat(1.0 - kWeight);
  const vA = f64x2.splat(annualization);
  // corrected two-pass over bars a-n+1..a (Chan, Golub & LeVeque 1983)
  const w = <usize>(a - n + 1) << 3;
  let sumO = f64x2.splat(0), sumC = f64x2.splat(0), su = f64x2.splat(0), cu = f64x2.splat(0);
  for (let j = 0; j < n; j++) {
    const off = w + (<usize>j << 3);
    sumO = f64x2.add(sumO, load2(o + off, delta));
    sumC = f64x2.add(sumC, load2(c + off, delta));
    su = f64x2.add(su, load2(u + off, delta));
  }
  const meanO = f64x2.mul(sumO, vInvN);
  const meanC = f64x2.mul(sumC, vInvN);
  let s1O = f64x2.splat(0), c1O = f64x2.splat(0), s2O = f64x2.splat(0), c2O = f64x2.splat(0);
  let s1C = f64x2.splat(0), c1C = f64x2.splat(0), s2C = f64x2.splat(0), c2C = f64x2.splat(0);
  for (let j = 0; j < n; j++) {
    const off = w + (<usize>j << 3);
    const dO = f64x2.sub(load2(o + off, delta), meanO);
    const dC = f64x2.sub(load2(c + off, delta), meanC);
    s1O = f64x2.add(s1O, dO);
    s2O = f64x2.add(s2O, f64x2.mul(dO, dO));
    s1C = f64x2.add(s1C, dC);
    s2C = f64x2.add(s2C, f64x2.mul(dC, dC));
  }
  const back = <usize>n << 3;
  let off = <usize>a << 3;
  store2(out + off, delta, yangZhangVol(s1O, c1O, s2O, c2O, s1C, c1C, s2C, c2C, su, cu, vInvN, vInvN1, vK, vRS, vA));
  for (let i = 1; i < steps; i++) {
    off += 8;
    const dNewO = f64x2.sub(load2(o + off, delta), meanO);
    const dOldO = f64x2.sub(load2(o + off - back, delta), meanO);
    const dNewC = f64x2.sub(load2(c + off, delta), meanC);
    const dOldC = f64x2.sub(load2(c + off - back, delta), meanC);
    const d1O = f64x2.sub(dNewO, dOldO);
    const d2O = f64x2.mul(d1O, f64x2.add(dNewO, dOldO));
    const d1C = f64x2.sub(dNewC, dOldC);
    const d2C = f64x2.mul(d1C, f64x2.add(dNewC, dOldC));
    const du = f64x2.sub(load2(u + off, delta), load2(u + off - back, delta));
    // TwoSum (Knuth) on every sum
    let v = f64x2.add(s1O, d1O); c1O = f64x2.add(c1O, twoSumError(s1O, d1O, v)); s1O = v;
    v = f64x2.add(s2O, d2O); c2O = f64x2.add(c2O, twoSumError(s2O, d2O, v)); s2O = v;
    v = f64x2.add(s1C, d1C); c1C = f64x2.add(c1C, twoSumError(s1C, d1C, v)); s1C = v;
    v = f64x2.add(s2C, d2C); c2C = f64x2.add(c2C, twoSumError(s2C, d2C, v)); s2C = v;
    v = f64x2.add(su, du); cu = f64x2.add(cu, twoSumError(su, du, v)); su = v;
    store2(out + off, delta, yangZhangVol(s1O, c1O, s2O, c2O, s1C, c1C, s2C, c2C, su, cu, vInvN, vInvN1, vK, vRS, vA));
  }
}

/** sqrt(A (s_o^2 + k s_c^2 + (1 - k) s_rs^2)) from the window sums. */
// @ts-ignore: decorator
@inline
function yangZhangVol(
  s1O: v128, c1O: v128, s2O: v128, c2O: v128, s1C: v128, c1C: v128, s2C: v128, c2C: v128, su: v128, cu: v128,
  vInvN: v128, vInvN1: v128, vK: v128, vRS: v128, vA: v128,
): v128 {
  const varO = f64x2.mul(m2Of(s1O, c1O, s2O, c2O, vInvN), vInvN1);
  const varC = f64x2.mul(m2Of(s1C, c1C, s2C, c2C, vInvN), vInvN1);
  const varRS = f64x2.mul(f64x2.max(f64x2.add(su, cu), f64x2.splat(0)), vInvN);
  const v = f64x2.add(f64x2.add(varO, f64x2.mul(vK, varC)), f64x2.mul(vRS, varRS));
  return f64x2.sqrt(f64x2.mul(v, vA));
}
