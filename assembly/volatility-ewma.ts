// EWMA volatility (RiskMetrics 1996 technical document, sec. 5.2.1), two series at a time:
//   var_t = lambda var_{t-1} + (1 - lambda) r_t^2,
// seeded at the n-th return (index n) with the mean of the first n squared returns (zero mean),
// as in /work/shared/bench/numpy_vol_peer.py. The recursion is sequential (one multiply-add
// latency per step), so two series step together in the two SIMD lanes; a lane does exactly
// the scalar arithmetic of the twin, so the result does not depend on the pairing.
// Measured and dropped: fusing the log returns into this loop (slower: V8 spills the loop's
// registers) and computing the next pair's log returns in it (about 4% faster, much more code).
import { logRatios } from './volatility-log';
import { fillNaN, load2, store2 } from './volatility-rolling';

/**
 * EWMA annualized vol of series A and B (lengths > n) into outA, outB; NaN before index n.
 * Pass B = A for one series. rA, rB: scratch arrays of length + 1 f64 for the log returns
 * (rB unused when B = A).
 */
export function ewmaPair(
  closeA: usize, closeB: usize, outA: usize, outB: usize, rA: usize, rB: usize,
  lenA: i32, lenB: i32, n: i32, lambda: f64, annualization: f64,
): void {
  logRatios(rA + 8, closeA + 8, closeA, lenA - 1); // r[j] = ln(C_j / C_{j-1}), j >= 1
  if (closeB == closeA) rB = rA;
  else logRatios(rB + 8, closeB + 8, closeB, lenB - 1);
  let sumSq = f64x2.splat(0);
  for (let j = 1; j <= n; j++) {
    const r = load2(rA + (<usize>j << 3), rB - rA);
    sumSq = f64x2.add(sumSq, f64x2.mul(r, r));
  }
  let v = f64x2.div(sumSq, f64x2.splat(<f64>n));
  store2(outA + (<usize>n << 3), outB - outA, f64x2.sqrt(f64x2.mul(v, f64x2.splat(annualization))));
  // both series up to the shorter length, then the longer one alone (its lane in both lanes)
  const common = min(lenA, lenB);
  v = ewmaSteps(rA, outA, rB - rA, outB - outA, n + 1, common, v, lambda, annualization);
  if (lenA > common) {
    ewmaSteps(rA, outA, 0, 0, common, lenA, f64x2.splat(f64x2.extract_lane(v, 0)), lambda, annualization);
  } else if (lenB > common) {
    ewmaSteps(rB, outB, 0, 0, common, lenB, f64x2.splat(f64x2.extract_lane(v, 1)), lambda, annualization);
  }
  fillNaN(outA, n);
  fillNaN(outB, n);
}

/**
 * Steps t in [from, to) of lane 0 at r/out and lane 1 at the same plus the byte deltas; v is
 * var_{from-1}. Returns var_{to-1}.
 */
function ewmaSteps(
  r: usize, out: usize, dR: usize, dOut: usize, from: i32, to: i32, v: v128, lambda: f64, annualization: f64,
): v128 {
  const vLambda = f64x2.splat(lambda);
  const vW = f64x2.splat(1.0 - lambda);
  const vA = f64x2.splat(annualization);
  for (let t = from; t < to; t++) {
    const off = <usize>t << 3;
    const x = load2(r + off, dR);
    v = f64x2.add(f64x2.mul(vLambda, v), f64x2.mul(vW, f64x2.mul(x, x)));
    store2(out + off, dOut, f64x2.sqrt(f64x2.mul(v, vA)));
  }
  return v;
}
