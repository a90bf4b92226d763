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
 * Reorder `ptr[0..n)` so that its first K entries are the K largest (in any order).
 * Quickselect (Hoare 1961) with median-of-three pivots and three-way partitioning, so runs of
 * equal values (e.g. many zero losses) stay linear. Deterministic: no randomness.
 */
export function selectLargest(ptr: usize, n: i32, K: i32): void {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const mid = lo + ((hi - lo) >> 1);
    // median of three, ordered descending at lo, mid, hi
    if (at(ptr, mid) > at(ptr, lo)) swap(ptr, mid, lo);
    if (at(ptr, hi) > at(ptr, lo)) swap(ptr, hi, lo);
    if (at(ptr, hi) > at(ptr, mid)) swap(ptr, hi, mid);
    const pivot = at(ptr, mid);
    // Dijkstra three-way partition, descending: [lo, lt) > pivot, [lt, i) == pivot, (gt, hi] < pivot
    let lt = lo;
    let i = lo;
    let gt = hi;
    while (i <= gt) {
      const v = at(ptr, i);
      if (v > pivot) {
        swap(ptr, lt, i);
        lt++;
        i++;
      } else if (v < pivot) {
        swap(ptr, i, gt);
        gt--;
      } else {
        i++;
      }
    }
    if (K - 1 < lt) hi = lt - 1;
    else if (K - 1 > gt) lo = gt + 1;
    else return;
  }
}

/** Sort `ptr[0..n)` descending by heapsort (Williams 1964): O(n log n), deterministic, in place. */
export function sortDescending(ptr: usize, n: i32): void {
  // min-heap, so repeatedly moving the minimum to the end leaves a descending array
  for (let start = (n >> 1) - 1; start >= 0; start--) siftDown(ptr, start, n);
  for (let end = n - 1; end > 0; end--) {
    swap(ptr, 0, end);
    siftDown(ptr, 0, end);
  }
}

@inline function siftDown(ptr: usize, root: i32, n: i32): void {
  let r = root;
  while (true) {
    let child = 2 * r + 1;
    if (child >= n) break;
    if (child + 1 < n && at(ptr, child + 1) < at(ptr, child)) child++;
    if (at(ptr, child) < at(ptr, r)) {
      swap(ptr, r, child);
      r = child;
    } else break;
  }
}

/**
 * Move the K largest of `ptr[0..n)` to the front of `bufPtr` (as `count` values, count >= K) using
 * a threshold from a strided sample, so the exact selection runs on a few hundred values instead
 * of n. Returns the number of values copied, or 0 when the threshold missed (too few above it, or
 * too many ties) and the caller should select on the full array. Deterministic (no randomness),
 * and the final statistics do not depend on which path ran: both end in the same sorted top K.
 */
function prefilterLargest(ptr: usize, n: i32, K: i32, bufPtr: usize): i32 {
  const stride = n / (8 * K);
  if (stride < 2) return 0;
  // sample every stride-th value; its r-th largest leaves about 1.4 K values above it
  let s = 0;
  for (let i = 0; i < n; i += stride) put(bufPtr, s++, at(ptr, i));
  const r = (K * 7) / (5 * stride) + 8;
  if (r >= s) return 0;
  selectLargest(bufPtr, s, r);
  let t = at(bufPtr, 0);
  for (let j = 1; j < r; j++) t = Math.min(t, at(bufPtr, j));
  // branchless compaction of the values >= t, in scenario order
  let c = 0;
  const cap = n >> 2;
  for (let i = 0; i < n; i++) {
    const v = at(ptr, i);
    put(bufPtr, c, v);
    c += <i32>(v >= t);
    if (c >= cap) return 0;
  }
  return c >= K ? c : 0;
}

/**
 * VaR, ES and 95% Monte Carlo confidence intervals of the loss vector `lossPtr[0..n)`.
 * k, ke: tail counts for VaR and ES; kLo <= k <= kHi: order-statistic ranks bounding VaR's CI
 * (the host derives them from binomial quantiles); esAlpha: ES confidence; zCrit: normal quantile
 * of the CI (1.959964 for 95%). bufPtr: n f64 of scratch. `lossPtr` may be reordered.
 * ES standard error after Manistre & Hancock (2005): Var(ES^) ~ [Var(L | L >= VaR) + a (ES - VaR)^2] / (n (1 - a)).
 */
export function tailStatistics(
  lossPtr: usize, n: i32, k: i32, ke: i32, kLo: i32, kHi: i32, esAlpha: f64, zCrit: f64, outPtr: usize, bufPtr: usize,
): void {
  let K = ke > kHi ? ke : kHi;
  if (K > n) K = n;
  let top = bufPtr;
  const c = prefilterLargest(lossPtr, n, K, bufPtr);
  if (c > 0) {
    selectLargest(bufPtr, c, K);
  } else {
    selectLargest(lossPtr, n, K);
    top = lossPtr;
  }
  sortDescending(top, K);
  put(outPtr, TAIL_VAR, at(top, k - 1));
  put(outPtr, TAIL_VAR_LO, at(top, (kHi < n ? kHi : n) - 1));
  put(outPtr, TAIL_VAR_HI, at(top, kLo - 1));
  let sum = 0.0;
  for (let j = 0; j < ke; j++) sum += at(top, j);
  const es = sum / <f64>ke;
  let ss = 0.0;
  for (let j = 0; j < ke; j++) {
    const d = at(top, j) - es;
    ss += d * d;
  }
  const tailVar = ke > 1 ? ss / <f64>(ke - 1) : 0.0;
  const qEs = at(top, ke - 1);
  const se = Math.sqrt((tailVar + esAlpha * (es - qEs) * (es - qEs)) / (<f64>n * (1.0 - esAlpha)));
  put(outPtr, TAIL_ES, es);
  put(outPtr, TAIL_ES_LO, es - zCrit * se);
  put(outPtr, TAIL_ES_HI, es + zCrit * se);
}
