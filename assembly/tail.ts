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
  let t = at(bufPtr, 0);
  for (let j = 1; j < r; j++) t = Math.min(t, at(bufPtr, j));
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
 * Order statistics come from nested selections (largest rank first); ES is the canonical sum
 * (scenario order) of the losses above the ke-th largest plus its ties, divided by ke.
 * ES standard error after Manistre & Hancock (2005): Var(ES^) ~ [Var(L | L >= VaR) + a (ES - VaR)^2] / (n (1 - a)).
 */
export function tailStatistics(
  lossPtr: usize, n: i32, k: i32, ke: i32, kLo: i32, kHi: i32, esAlpha: f64, zCrit: f64, outPtr: usize, bufPtr: usize,
): void {
  if (kHi > n) kHi = n;
  let K = ke > kHi ? ke : kHi;
  if (K > n) K = n;
  // candidates in scenario order (src) and a working copy to select in (work)
  let src = lossPtr;
  let count = prefilterLargest(lossPtr, n, K, bufPtr);
  let work = bufPtr;
  if (count > 0) {
    src = bufPtr;
    work = bufPtr + (<usize>count << 3);
    memory.copy(work, bufPtr, <usize>count << 3);
  } else {
    count = n;
    memory.copy(work, lossPtr, <usize>n << 3);
  }
  // nested selections, largest rank first: afterwards work[r - 1] is the r-th largest for each rank
  selectLargest(work, count, K);
  const qEs = rankValue(work, K, ke);
  const varHiRank = rankValue(work, ke > kHi ? ke : K, kHi);
  put(outPtr, TAIL_VAR_LO, varHiRank);
  put(outPtr, TAIL_VAR, rankValue(work, kHi, k));
  put(outPtr, TAIL_VAR_HI, rankValue(work, k, kLo));
  // canonical ES: losses strictly above the ke-th largest, in scenario order, plus its ties
  let sum = 0.0;
  let above = 0;
  for (let i = 0; i < count; i++) {
    const v = at(src, i);
    if (v > qEs) {
      sum += v;
      above++;
    }
  }
  const es = (sum + <f64>(ke - above) * qEs) / <f64>ke;
  let ss = 0.0;
  for (let i = 0; i < count; i++) {
    const v = at(src, i);
    if (v > qEs) ss += (v - es) * (v - es);
  }
  ss += <f64>(ke - above) * (qEs - es) * (qEs - es);
  const tailVar = ke > 1 ? ss / <f64>(ke - 1) : 0.0;
  const se = Math.sqrt((tailVar + esAlpha * (es - qEs) * (es - qEs)) / (<f64>n * (1.0 - esAlpha)));
  put(outPtr, TAIL_ES, es);
  put(outPtr, TAIL_ES_LO, es - zCrit * se);
  put(outPtr, TAIL_ES_HI, es + zCrit * se);
}

/** The r-th largest value, given that work[0..within) holds the `within` largest (r <= within). */
@inline function rankValue(work: usize, within: i32, r: i32): f64 {
  if (r < within) selectLargest(work, within, r);
  let v = at(work, 0);
  for (let j = 1; j < r; j++) v = Math.min(v, at(work, j));
  return v;
}
