// Rolling window statistics over per-point terms stored in the output array itself (in place).
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
// In-place layout: terms x_j sit at slots k0..len-1 of the series' output. The result for
// window end t is written into slot t-n+1 one step later (just after the step that removes
// x_{t-n} has read it; slots t-n+1..t are still needed), then the results are moved up by
// n-1 slots (taking sqrt(var * scale) on the way, two lanes at a time) and the leading slots
// are set to NaN.

/**
 * Slots [k0, len-n+1) hold variances; write sqrt(var * scale) to slots [k0+n-1, len) (moving up by
 * n-1, so walk down) and set slots [0, k0+n-1) to NaN. Two lanes per step.
 */
function settleInPlace(p: usize, k0: i32, len: i32, n: i32, scale: f64): void {
  const shift = <usize>(n - 1) << 3;
  const vScale = f64x2.splat(scale);
  let j = len - n; // last variance slot
  // odd count: do the top one alone so the rest pairs up
  if (((len - n + 1 - k0) & 1) != 0) {
    const src = p + (<usize>j << 3);
    store<f64>(src + shift, Math.sqrt(load<f64>(src) * scale));
    j--;
  }
  for (; j > k0; j -= 2) {
    // slots j-1, j -> j-1+n-1, j+n-1; with n - 1 == 1 the pair overlaps its source, fine since
    // both lanes are loaded before the store
    const src = p + (<usize>(j - 1) << 3);
    v128.store(src + shift, f64x2.sqrt(f64x2.mul(v128.load(src), vScale)));
  }
  fillNaN(p, k0 + n - 1);
}

/** out[0..count) = NaN. */
export function fillNaN(p: usize, count: i32): void {
  for (let j = 0; j < count; j++) store<f64>(p + (<usize>j << 3), NaN);
}

/**
 * Rolling sample variance of n terms x_{t-n+1..t} (slots k0..len-1 at p), for t in
 * [k0+n-1, len); result sqrt(max(M2, 0) * scale) where M2 = sum of squared deviations
 * (scale = A/(n-1) gives annualized sample std). Leading slots become NaN. Needs len >= k0+n.
 */
export function rollingSampleStdInPlace(p: usize, k0: i32, len: i32, n: i32, scale: f64): void {
  const first = k0 + n - 1;
  const invN = 1.0 / <f64>n;
  let k = 0.0, s1 = 0.0, s2 = 0.0, c2 = 0.0;
  let pending = 0.0;
  let nextAnchor = first;
  for (let t = first; t < len; t++) {
    if (t == nextAnchor) {
      if (t > first) store<f64>(p + (<usize>(t - n) << 3), pending);
      // corrected two-pass over the window (Chan, Golub & LeVeque 1983)
      const w = p + (<usize>(t - n + 1) << 3);
      let sum = 0.0;
      for (let j = 0; j < n; j++) sum += load<f64>(w + (<usize>j << 3));
      k = sum * invN;
      s1 = 0; s2 = 0; c2 = 0;
      for (let j = 0; j < n; j++) {
        const d = load<f64>(w + (<usize>j << 3)) - k;
        s1 += d;
        s2 += d * d;
      }
      nextAnchor += n;
    } else {
      const oldPtr = p + (<usize>(t - n) << 3);
      const xOld = load<f64>(oldPtr);
      store<f64>(oldPtr, pending);
      const xNew = load<f64>(p + (<usize>t << 3));
      const dNew = xNew - k;
      const dOld = xOld - k;
      const d1 = dNew - dOld;
      const d2 = d1 * (dNew + dOld);
      s1 += d1;
      // TwoSum (Knuth): s2 + d2 = u + error exactly
      const u = s2 + d2; const b = u - s2; c2 += (s2 - (u - b)) + (d2 - b); s2 = u;
    }
    const m2 = (s2 + c2) - s1 * s1 * invN;
    pending = select<f64>(0.0, m2, m2 < 0.0); // M2 >= 0 in exact arithmetic
  }
  store<f64>(p + (<usize>(len - n) << 3), pending);
  settleInPlace(p, k0, len, n, scale);
}

/**
 * Rolling mean of n nonnegative terms x_{t-n+1..t} (slots 0..len-1 at p), for t in [n-1, len);
 * result sqrt(max(sum, 0) * scale) (scale = factor * A / n). Leading slots become NaN. Needs len >= n.
 */
export function rollingMeanStdInPlace(p: usize, len: i32, n: i32, scale: f64): void {
  const first = n - 1;
  let s = 0.0, c = 0.0;
  let pending = 0.0;
  let nextAnchor = first;
  for (let t = first; t < len; t++) {
    if (t == nextAnchor) {
      if (t > first) store<f64>(p + (<usize>(t - n) << 3), pending);
      const w = p + (<usize>(t - n + 1) << 3);
      s = 0; c = 0;
      for (let j = 0; j < n; j++) s += load<f64>(w + (<usize>j << 3));
      nextAnchor += n;
    } else {
      const oldPtr = p + (<usize>(t - n) << 3);
      const xOld = load<f64>(oldPtr);
      store<f64>(oldPtr, pending);
      const d = load<f64>(p + (<usize>t << 3)) - xOld;
      // TwoSum (Knuth)
      const u = s + d; const b = u - s; c += (s - (u - b)) + (d - b); s = u;
    }
    const sum = s + c;
    pending = select<f64>(0.0, sum, sum < 0.0); // clamp rounding below 0 (GK)
  }
  store<f64>(p + (<usize>(len - n) << 3), pending);
  settleInPlace(p, 0, len, n, scale);
}
