// Tail statistics of one loss vector: partial selection (no full sort) of the K largest losses,
// then VaR, ES and their Monte Carlo confidence intervals from those K values.
//
// Conventions (issue 3, matching shared/bench/numpy_peer.py): with M scenarios and
// k = ceil((1 - c) M), VaR_c = k-th largest loss, ES_c = mean of the ke largest losses.

/** Layout of one account's tail result: 6 f64 written at `outPtr`. */
export const TAIL_VAR: i32 = 0;
export const TAIL_ES: i32 = 1;
export const TAIL_VAR_LO: i32 = 2;
export const TAIL_VAR_HI: i32 = 3;
export const TAIL_ES_LO: i32 = 4;
export const TAIL_ES_HI: i32 = 5;
export const TAIL_FIELDS: i32 = 6;

@inline function at(ptr: usize, i: i32): f64 {
  return load<f64>(ptr + (<usize>i << 3));
}

@inline function put(ptr: usize, i: i32, v: f64): void {
  store<f64>(ptr + (<usize>i << 3), v);
}

@inline function swap(ptr: usize, i: i32, j: i32): void {
  const t = at(ptr, i);
  put(ptr, i, at(ptr, j));
  put(ptr, j, t);
}

/**
 * Reorder `ptr[0..n)` so that ptr[K - 1] is the K-th largest value and ptr[0..K - 1) hold the
 * larger ones (in any order). Quickselect (Hoare 1961) with median-of-three pivots and branchless
 * Lomuto partitions (no data-dependent branch in the inner loop); when nothing exceeds the pivot,
 * a second pass splits off its ties, so runs of ties (e.g. many zero losses) stay linear. NaN
 * never hangs it (a NaN pivot ends the search). Deterministic: no randomness.
 */
export function selectLargest(ptr: usize, n: i32, K: i32): void {
  const target = K - 1;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 16) {
    const mid = lo + ((hi - lo) >> 1);
    // median of three, ordered descending at lo, mid, hi
    if (at(ptr, mid) > at(ptr, lo)) swap(ptr, mid, lo);
    if (at(ptr, hi) > at(ptr, lo)) swap(ptr, hi, lo);
    if (at(ptr, hi) > at(ptr, mid)) swap(ptr, hi, mid);
    const pivot = at(ptr, mid);
    // [lo, j) > pivot, [j, hi] not > pivot
    let j = lo;
    for (let i = lo; i <= hi; i++) {
      const v = at(ptr, i);
      put(ptr, i, at(ptr, j));
      put(ptr, j, v);
      j += <i32>(v > pivot);
    }
    if (target < j) {
      hi = j - 1;
      continue;
    }
    if (j > lo) {
      lo = j;
      continue;
    }
    // nothing above the pivot (it is the range's largest, e.g. a run of ties): split off its
    // ties, [j, e) not < pivot, [e, hi] < pivot
    let e = j;
    for (let i = j; i <= hi; i++) {
      const v = at(ptr, i);
      put(ptr, i, at(ptr, e));
      put(ptr, e, v);
      e += <i32>!(v < pivot);
    }
    if (target < e) return;
    lo = e;
  }
  // a short range: insertion sort, descending
  for (let i = lo + 1; i <= hi; i++) {
    const v = at(ptr, i);
    let j = i - 1;
    while (j >= lo && at(ptr, j) < v) {
      put(ptr, j + 1, at(ptr, j));
      j--;
    }
    put(ptr, j + 1, v);
  }
}

/**
 * Copy the values of `ptr[0..n)` that are >= a threshold to `bufPtr`, in scenario order, choosing
 * the threshold from a strided sample so that about 2 K values pass. Returns the count, or 0 when
 * the threshold missed (fewer than K values passed, or more than n/4 did, e.g. many ties) and the
 * caller should select on all n values. Deterministic, and the statistics do not depend on which
 * path runs: order statistics and the canonical ES sum are properties of the loss vector alone.
 */
function prefilterLargest(ptr: usize, n: i32, K: i32, bufPtr: usize): i32 {
  const stride = n / (2 * K);
  if (stride < 4) return 0;
  let s = 0;
  for (let i = 0; i < n; i += stride) put(bufPtr, s++, at(ptr, i));
  const r = (K * 7) / (5 * stride) + 8;
  if (r >= s) return 0;
  selectLargest(bufPtr, s, r);
  const t = at(bufPtr, r - 1);
  let c = 0;
  for (let i = 0; i < n; i++) {
    const v = at(ptr, i);
    put(bufPtr, c, v);
    c += <i32>(v >= t);
  }
  return c >= K && c <= n >> 2 ? c : 0;
}

/**
 * VaR, ES and 95% Monte Carlo confidence intervals of the loss vector `lossPtr[0..n)` (left as is).
 * k, ke: tail counts for VaR and ES; kLo <= k <= kHi: order-statistic ranks bounding VaR's CI
 * (the host derives them from binomial quantiles); esAlpha: ES confidence; zCrit: normal quantile
 * of the CI (1.959964 for 95%). bufPtr: n f64 of scratch.
 */
export function tailStatistics(
  lossPtr: usize, n: i32, k: i32, ke: i32, kLo: i32, kHi: i32, esAlpha: f64, zCrit: f64, outPtr: usize, bufPtr: usize,
): void {
  const count = prefilterLargest(lossPtr, n, tailCount(n, ke, kHi), bufPtr);
  if (count > 0) tailFromCandidates(bufPtr, count, n, k, ke, kLo, kHi, esAlpha, zCrit, outPtr, bufPtr + (<usize>count << 3));
  else tailFromCandidates(lossPtr, n, n, k, ke, kLo, kHi, esAlpha, zCrit, outPtr, bufPtr);
}

/** K: how many of the largest losses the statistics read (the ES tail or VaR's upper CI rank). */
// @ts-ignore: decorator
@inline export function tailCount(n: i32, ke: i32, kHi: i32): i32 {
  const K = ke > kHi ? ke : kHi;
  return K < n ? K : n;
}

/**
 * The statistics of a loss vector of n scenarios from `count` candidates at `srcPtr`: every loss
 * >= the K-th largest (tailCount), in scenario order (srcPtr is left as is; workPtr: count f64).
 * Order statistics come from nested selections (largest rank first); ES is the canonical sum
 * (scenario order) of the losses above the ke-th largest plus its ties, divided by ke. The
 * results depend only on the loss vector, not on which candidates beyond the K largest are given.
 * ES standard error after Manistre & Hancock (2005): Var(ES^) ~ [Var(L | L >= VaR) + a (ES - VaR)^2] / (n (1 - a)).
 */
export function tailFromCandidates(
  srcPtr: usize, count: i32, n: i32, k: i32, ke: i32, kLo: i32, kHi: i32, esAlpha: f64, zCrit: f64, outPtr: usize, workPtr: usize,
): void {
  if (kHi > n) kHi = n;
  memory.copy(workPtr, srcPtr, <usize>count << 3);
  // ranks in decreasing order; afterwards work[r - 1] is the r-th largest for each. Nothing is
  // in place before the first selection, even a rank equal to count
  within = count + 1;
  size = count;
  let qEs = 0.0;
  if (ke >= kHi) qEs = rankValue(workPtr, ke);
  put(outPtr, TAIL_VAR_LO, rankValue(workPtr, kHi));
  tailKth = ke >= kHi ? qEs : at(outPtr, TAIL_VAR_LO);
  if (ke < kHi && ke >= k) qEs = rankValue(workPtr, ke);
  put(outPtr, TAIL_VAR, rankValue(workPtr, k));
  if (ke < k && ke >= kLo) qEs = rankValue(workPtr, ke);
  put(outPtr, TAIL_VAR_HI, rankValue(workPtr, kLo));
  if (ke < kLo) qEs = rankValue(workPtr, ke);
  // canonical ES: losses strictly above the ke-th largest, in scenario order, plus its ties.
  // Branchless (a float select would be a mispredicted jump): the other terms are masked to +0.0,
  // which leaves the sums as they are (they start at +0.0, so they are never -0.0).
  const q = f64x2.splat(qEs);
  let sum = 0.0;
  let above = 0;
  for (let i = 0; i < count; i++) {
    const v = f64x2.splat(at(srcPtr, i));
    const over = f64x2.gt(v, q);
    sum += f64x2.extract_lane(v128.and(v, over), 0);
    above -= i64x2.extract_lane(over, 0) as i32;
  }
  const es = (sum + <f64>(ke - above) * qEs) / <f64>ke;
  const e = f64x2.splat(es);
  let ss = 0.0;
  for (let i = 0; i < count; i++) {
    const v = f64x2.splat(at(srcPtr, i));
    const d = f64x2.sub(v, e);
    ss += f64x2.extract_lane(v128.and(f64x2.mul(d, d), f64x2.gt(v, q)), 0);
  }
  ss += <f64>(ke - above) * (qEs - es) * (qEs - es);
  const tailVar = ke > 1 ? ss / <f64>(ke - 1) : 0.0;
  const se = Math.sqrt((tailVar + esAlpha * (es - qEs) * (es - qEs)) / (<f64>n * (1.0 - esAlpha)));
  put(outPtr, TAIL_ES, es);
  put(outPtr, TAIL_ES_LO, es - zCrit * se);
  put(outPtr, TAIL_ES_HI, es + zCrit * se);
}

/** The K-th largest loss (K = max(ke, kHi)) of the last tailFromCandidates call. */
export let tailKth: f64 = 0.0;

/**
 * State of the nested selections: work[0..within) holds the `within` largest of the `size`
 * values, work[within - 1] the within-th largest (within = size + 1: no selection yet).
 */
let within: i32 = 0;
let size: i32 = 0;

/** The r-th largest value (r <= size, and r <= within after a selection); then within = r. */
// @ts-ignore: decorator
@inline function rankValue(work: usize, r: i32): f64 {
  if (r < within) selectLargest(work, within > size ? size : within, r);
  within = r;
  return at(work, r - 1);
}
