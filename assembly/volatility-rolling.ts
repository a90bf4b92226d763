// Rolling window statistics of per-point terms x (a scratch array) into the output array.
//
// Accuracy method (same in src/twin/rollingVolatility.ts):
//  * Re-anchor every n steps: the window's sums are recomputed from scratch with the corrected
//    two-pass algorithm (mean K first, then S1 = sum(x-K), S2 = sum((x-K)^2); Chan, Golub &
//    LeVeque 1983, "Algorithms for computing the sample variance"). Amortized O(1) per step.
//  * Between anchors, O(1) updates add the change (x_new - x_old) to S1 and
//    (x_new - x_old)(x_new + x_old - 2K) to S2 with Knuth's TwoSum compensation (Neumaier-style
//    running error term), so the only error in S2 is the rounding of each change itself. S1 is
//    summed plainly: it is small (the window mean moved from K) and enters M2 only as S1^2/n.
//  * M2 = S2 - S1^2/n is mean-removed around K, the window mean at the last anchor, so it does
//    not cancel catastrophically when the mean is large against the spread.
//  Error after a step is then about eps * (sum of (x-K)^2 over the last 2n points) instead of
//  eps * n * (largest running sum), which keeps 1e-10 relative after a 100x volatility drop.
//
// Blocks: an anchor and the n-1 updates after it form a block that carries no state in or out,
// so two blocks of the same series run side by side in the two SIMD lanes (lane 1 = the block
// n points later). Each lane does exactly the scalar arithmetic, so results do not depend on
// the pairing. A last block with no partner runs in both lanes.

/** [f64 at p, f64 at p + delta] (delta in bytes; 0 gives the same value in both lanes). */
// @ts-ignore: decorator
@inline
export function load2(p: usize, delta: usize): v128 {
  return v128.load64_lane(p + delta, v128.load64_zero(p), 1);
}

/** Lane 0 to p, lane 1 to p + delta. */
// @ts-ignore: decorator
@inline
export function store2(p: usize, delta: usize, v: v128): void {
  v128.store64_lane(p, v, 0);
  v128.store64_lane(p + delta, v, 1);
}

/** sqrt(max(v, 0) * scale) per lane; max as `v < 0 ? 0 : v` (NaN stays NaN), one pmax instruction. */
// @ts-ignore: decorator
@inline
export function sqrtClamped(v: v128, scale: v128): v128 {
  return f64x2.sqrt(f64x2.mul(f64x2.pmax(v, f64x2.splat(0)), scale));
}

/** out[0..count) = NaN. */
export function fillNaN(p: usize, count: i32): void {
  for (let j = 0; j < count; j++) store<f64>(p + (<usize>j << 3), NaN);
}

/**
 * Rolling sample variance of n terms x_{t-n+1..t} (slots k0..len-1 of x), for t in
 * [k0+n-1, len): out[t] = sqrt(max(M2, 0) * scale), M2 = sum of squared deviations (scale =
 * A/(n-1) gives annualized sample std). out[0, k0+n-1) = NaN. Needs len >= k0+n.
 */
export function rollingSampleStd(x: usize, out: usize, k0: i32, len: i32, n: i32, scale: f64): void {
  const first = k0 + n - 1;
  let a = first;
  for (; a + 2 * n <= len; a += 2 * n) sampleStdBlocks(x, out, a, n, <usize>n << 3, n, scale);
  for (; a < len; a += n) sampleStdBlocks(x, out, a, min(n, len - a), 0, n, scale);
  fillNaN(out, first);
}

/** Window ends a .. a+steps-1 (lane 0) and the same plus delta bytes (lane 1). */
function sampleStdBlocks(x: usize, out: usize, a: i32, steps: i32, delta: usize, n: i32, scale: f64): void {
  const vInvN = f64x2.splat(1.0 / <f64>n);
  const vScale = f64x2.splat(scale);
  // corrected two-pass over the window (Chan, Golub & LeVeque 1983)
  const w = x + (<usize>(a - n + 1) << 3);
  let sum = f64x2.splat(0);
  for (let j = 0; j < n; j++) sum = f64x2.add(sum, load2(w + (<usize>j << 3), delta));
  const k = f64x2.mul(sum, vInvN);
  let s1 = f64x2.splat(0), s2 = f64x2.splat(0), c2 = f64x2.splat(0);
  for (let j = 0; j < n; j++) {
    const d = f64x2.sub(load2(w + (<usize>j << 3), delta), k);
    s1 = f64x2.add(s1, d);
    s2 = f64x2.add(s2, f64x2.mul(d, d));
  }
  let p = out + (<usize>a << 3);
  store2(p, delta, sqrtClamped(f64x2.sub(f64x2.add(s2, c2), f64x2.mul(f64x2.mul(s1, s1), vInvN)), vScale));
  const back = <usize>n << 3;
  let xp = x + (<usize>a << 3);
  for (let i = 1; i < steps; i++) {
    xp += 8;
    p += 8;
    const dNew = f64x2.sub(load2(xp, delta), k);
    const dOld = f64x2.sub(load2(xp - back, delta), k);
    const d1 = f64x2.sub(dNew, dOld);
    const d2 = f64x2.mul(d1, f64x2.add(dNew, dOld));
    s1 = f64x2.add(s1, d1);
    // TwoSum (Knuth): s2 + d2 = u + error exactly
    const u = f64x2.add(s2, d2);
    const b = f64x2.sub(u, s2);
    c2 = f64x2.add(c2, f64x2.add(f64x2.sub(s2, f64x2.sub(u, b)), f64x2.sub(d2, b)));
    s2 = u;
    store2(p, delta, sqrtClamped(f64x2.sub(f64x2.add(s2, c2), f64x2.mul(f64x2.mul(s1, s1), vInvN)), vScale));
  }
}

/**
 * Rolling sum of n terms x_{t-n+1..t} (slots 0..len-1 of x), for t in [n-1, len):
 * out[t] = sqrt(max(sum, 0) * scale) (scale = factor * A / n). out[0, n-1) = NaN. Needs len >= n.
 */
export function rollingMeanStd(x: usize, out: usize, len: i32, n: i32, scale: f64): void {
  const first = n - 1;
  let a = first;
  for (; a + 2 * n <= len; a += 2 * n) meanStdBlocks(x, out, a, n, <usize>n << 3, n, scale);
  for (; a < len; a += n) meanStdBlocks(x, out, a, min(n, len - a), 0, n, scale);
  fillNaN(out, first);
}

/** Window ends a .. a+steps-1 (lane 0) and the same plus delta bytes (lane 1). */
function meanStdBlocks(x: usize, out: usize, a: i32, steps: i32, delta: usize, n: i32, scale: f64): void {
  const vScale = f64x2.splat(scale);
  const w = x + (<usize>(a - n + 1) << 3);
  let s = f64x2.splat(0), c = f64x2.splat(0);
  for (let j = 0; j < n; j++) s = f64x2.add(s, load2(w + (<usize>j << 3), delta));
  let p = out + (<usize>a << 3);
  // GK terms are >= 0 for valid bars but rounding can push a mean below 0: clamped to 0
  store2(p, delta, sqrtClamped(f64x2.add(s, c), vScale));
  const back = <usize>n << 3;
  let xp = x + (<usize>a << 3);
  for (let i = 1; i < steps; i++) {
    xp += 8;
    p += 8;
    const d = f64x2.sub(load2(xp, delta), load2(xp - back, delta));
    // TwoSum (Knuth)
    const u = f64x2.add(s, d);
    const b = f64x2.sub(u, s);
    c = f64x2.add(c, f64x2.add(f64x2.sub(s, f64x2.sub(u, b)), f64x2.sub(d, b)));
    s = u;
    store2(p, delta, sqrtClamped(f64x2.add(s, c), vScale));
  }
}
