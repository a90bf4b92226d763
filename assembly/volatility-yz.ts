// Yang-Zhang (2000) rolling volatility, one series, in one pass.
// var_t = s_o^2 + k s_c^2 + (1 - k) s_rs^2 over bars t-n+1..t (t >= n), where
//   s_o^2  = sample variance (n-1) of overnight returns  o_j = ln(O_j / C_{j-1}),
//   s_c^2  = sample variance (n-1) of open-to-close returns c_j = ln(C_j / O_j),
//   s_rs^2 = mean of Rogers-Satchell terms ln(H/C) ln(H/O) + ln(L/C) ln(L/O),
//   k = 0.34 / (1.34 + (n+1)/(n-1))   (Yang & Zhang 2000, eq. 8 with alpha = 1.34).
// Three per-bar terms do not fit in the one output array, so the bar leaving the window is
// recomputed from the prices (same function, so the value removed is bit-identical to the one
// added). o and c ride in the two lanes of one v128 through the same variance arithmetic as
// `rollingSampleStdInPlace` (re-anchor by corrected two-pass every n steps, TwoSum updates).
import { logF64x2Safe, logInvalidLanes, logNormalF64x2 } from './volatility-log';
import { fillNaN } from './volatility-rolling';

/** ln of both lanes: call-free path for inputs already checked, Math.log fallbacks otherwise. */
// @ts-ignore: decorator
@inline
function logOf(x: v128, checked: bool): v128 {
  return checked ? logNormalF64x2(x) : logF64x2Safe(x);
}

/** [O_j / C_{j-1}, C_j / O_j] for bar j >= 1. */
// @ts-ignore: decorator
@inline
function overnightAndIntradayRatios(openPtr: usize, closePtr: usize, j: i32): v128 {
  const off = <usize>j << 3;
  const oj = load<f64>(openPtr + off);
  return f64x2.div(f64x2(oj, load<f64>(closePtr + off)), f64x2(load<f64>(closePtr + off - 8), oj));
}

/** [H_j / O_j, L_j / O_j]. */
// @ts-ignore: decorator
@inline
function rangeRatios(openPtr: usize, highPtr: usize, lowPtr: usize, j: i32): v128 {
  const off = <usize>j << 3;
  return f64x2.div(f64x2(load<f64>(highPtr + off), load<f64>(lowPtr + off)), f64x2.splat(load<f64>(openPtr + off)));
}

/** Whether every ratio whose log the estimator takes (bars 1..len-1) is a positive normal number. */
function ratiosValid(openPtr: usize, highPtr: usize, lowPtr: usize, closePtr: usize, len: i32): bool {
  let invalid = i64x2.splat(0);
  for (let j = 1; j < len; j++) {
    invalid = v128.or(invalid, logInvalidLanes(overnightAndIntradayRatios(openPtr, closePtr, j)));
    invalid = v128.or(invalid, logInvalidLanes(rangeRatios(openPtr, highPtr, lowPtr, j)));
  }
  return !v128.any_true(invalid);
}

/** [ln(O_j / C_{j-1}), ln(C_j / O_j)] for bar j >= 1. */
// @ts-ignore: decorator
@inline
function overnightAndIntraday(openPtr: usize, closePtr: usize, j: i32, checked: bool): v128 {
  return logOf(overnightAndIntradayRatios(openPtr, closePtr, j), checked);
}

/** Rogers-Satchell (1991) term of bar j, given co = ln(C_j/O_j): (hO - co) hO + (lO - co) lO. */
// @ts-ignore: decorator
@inline
function rsTerm(openPtr: usize, highPtr: usize, lowPtr: usize, j: i32, co: f64, checked: bool): f64 {
  // ln(H/C) = ln(H/O) - ln(C/O) and ln(L/C) = ln(L/O) - ln(C/O): three logs per bar instead of four
  const hl = logOf(rangeRatios(openPtr, highPtr, lowPtr, j), checked);
  const ho = f64x2.extract_lane(hl, 0);
  const lo = f64x2.extract_lane(hl, 1);
  return (ho - co) * ho + (lo - co) * lo;
}

/** Yang-Zhang annualized vol of one series of `len` bars into out; NaN before index n. */
export function yangZhangSeries(
  openPtr: usize, highPtr: usize, lowPtr: usize, closePtr: usize, outPtr: usize,
  len: i32, n: i32, annualization: f64,
): void {
  if (len <= n) {
    fillNaN(outPtr, len);
    return;
  }
  // Checking the ratios first keeps Math.log calls (and V8's register spills around them) out of
  // the main loop for normal data; both variants give the same values for valid prices.
  if (ratiosValid(openPtr, highPtr, lowPtr, closePtr, len)) {
    yangZhangLoop(openPtr, highPtr, lowPtr, closePtr, outPtr, len, n, annualization, true);
  } else {
    yangZhangLoop(openPtr, highPtr, lowPtr, closePtr, outPtr, len, n, annualization, false);
  }
}

// @ts-ignore: decorator
@inline
function yangZhangLoop(
  openPtr: usize, highPtr: usize, lowPtr: usize, closePtr: usize, outPtr: usize,
  len: i32, n: i32, annualization: f64, checked: bool,
): void {
  const invN = 1.0 / <f64>n;
  const invN1 = 1.0 / <f64>(n - 1);
  const kWeight = 0.34 / (1.34 + <f64>(n + 1) / <f64>(n - 1));
  const vInvN = f64x2.splat(invN);
  // lanes: [overnight, open-to-close]
  let mean = f64x2.splat(0), s1 = f64x2.splat(0), c1 = f64x2.splat(0), s2 = f64x2.splat(0), c2 = f64x2.splat(0);
  let su = 0.0, cu = 0.0;
  let nextAnchor = n;
  for (let t = n; t < len; t++) {
    if (t == nextAnchor) {
      // corrected two-pass over bars t-n+1..t (Chan, Golub & LeVeque 1983)
      let sum = f64x2.splat(0);
      su = 0; cu = 0;
      for (let j = t - n + 1; j <= t; j++) {
        const oc = overnightAndIntraday(openPtr, closePtr, j, checked);
        sum = f64x2.add(sum, oc);
        su += rsTerm(openPtr, highPtr, lowPtr, j, f64x2.extract_lane(oc, 1), checked);
      }
      mean = f64x2.mul(sum, vInvN);
      s1 = f64x2.splat(0); s2 = f64x2.splat(0); c1 = f64x2.splat(0); c2 = f64x2.splat(0);
      for (let j = t - n + 1; j <= t; j++) {
        const d = f64x2.sub(overnightAndIntraday(openPtr, closePtr, j, checked), mean);
        s1 = f64x2.add(s1, d);
        s2 = f64x2.add(s2, f64x2.mul(d, d));
      }
      nextAnchor += n;
    } else {
      const ocNew = overnightAndIntraday(openPtr, closePtr, t, checked);
      const ocOld = overnightAndIntraday(openPtr, closePtr, t - n, checked);
      const dNew = f64x2.sub(ocNew, mean);
      const dOld = f64x2.sub(ocOld, mean);
      const d1 = f64x2.sub(dNew, dOld);
      const d2 = f64x2.mul(d1, f64x2.add(dNew, dOld));
      // TwoSum (Knuth) per lane
      let u = f64x2.add(s1, d1);
      let b = f64x2.sub(u, s1);
      c1 = f64x2.add(c1, f64x2.add(f64x2.sub(s1, f64x2.sub(u, b)), f64x2.sub(d1, b)));
      s1 = u;
      u = f64x2.add(s2, d2);
      b = f64x2.sub(u, s2);
      c2 = f64x2.add(c2, f64x2.add(f64x2.sub(s2, f64x2.sub(u, b)), f64x2.sub(d2, b)));
      s2 = u;
      const du =
        rsTerm(openPtr, highPtr, lowPtr, t, f64x2.extract_lane(ocNew, 1), checked) -
        rsTerm(openPtr, highPtr, lowPtr, t - n, f64x2.extract_lane(ocOld, 1), checked);
      const uu = su + du; const bu = uu - su; cu += (su - (uu - bu)) + (du - bu); su = uu;
    }
    const m1 = f64x2.add(s1, c1);
    const m2 = f64x2.sub(f64x2.add(s2, c2), f64x2.mul(f64x2.mul(m1, m1), vInvN));
    const sampleVar = f64x2.mul(f64x2.max(m2, f64x2.splat(0)), f64x2.splat(invN1));
    const varO = f64x2.extract_lane(sampleVar, 0);
    const varC = f64x2.extract_lane(sampleVar, 1);
    const varRS = max(su + cu, 0.0) * invN;
    const v = varO + kWeight * varC + (1.0 - kWeight) * varRS;
    store<f64>(outPtr + (<usize>t << 3), Math.sqrt(v * annualization));
  }
  fillNaN(outPtr, n);
}
