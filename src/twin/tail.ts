/** Plain-TS twin of assembly/tail.ts: same algorithm, same operation order, same results. */

export const TAIL_FIELDS = 6;

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/** Reorder `a[0..n)` so its first K entries are the K largest (quickselect, three-way partition). */
export function selectLargest(a: Float64Array, n: number, K: number): void {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const mid = lo + ((hi - lo) >> 1);
    if (a[mid] > a[lo]) swap(a, mid, lo);
    if (a[hi] > a[lo]) swap(a, hi, lo);
    if (a[hi] > a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let lt = lo;
    let i = lo;
    let gt = hi;
    while (i <= gt) {
      const v = a[i];
      if (v > pivot) swap(a, lt++, i++);
      else if (v < pivot) swap(a, i, gt--);
      else i++;
    }
    if (K - 1 < lt) hi = lt - 1;
    else if (K - 1 > gt) lo = gt + 1;
    else return;
  }
}

/** Twin of the prefilter in assembly/tail.ts: candidates >= a sampled threshold, in scenario order. */
function prefilterLargest(loss: Float64Array, n: number, K: number, buf: Float64Array): number {
  const stride = Math.trunc(n / (2 * K));
  if (stride < 4) return 0;
  let s = 0;
  for (let i = 0; i < n; i += stride) buf[s++] = loss[i];
  const r = Math.trunc((K * 7) / (5 * stride)) + 8;
  if (r >= s) return 0;
  selectLargest(buf, s, r);
  let t = buf[0];
  for (let j = 1; j < r; j++) t = Math.min(t, buf[j]);
  let c = 0;
  for (let i = 0; i < n; i++) {
    const v = loss[i];
    buf[c] = v;
    c += v >= t ? 1 : 0;
  }
  return c >= K && c <= n >> 2 ? c : 0;
}

/** The r-th largest value, given that work[0..within) holds the `within` largest. */
function rankValue(work: Float64Array, within: number, r: number): number {
  if (r < within) selectLargest(work, within, r);
  let v = work[0];
  for (let j = 1; j < r; j++) v = Math.min(v, work[j]);
  return v;
}

/**
 * Twin of `tailStatistics`: writes [var, es, varLo, varHi, esLo, esHi] into `out` at `outOffset`;
 * `buf` is n values of scratch. Same algorithm as the kernel (see there).
 */
export function tailStatistics(
  loss: Float64Array, n: number, k: number, ke: number, kLo: number, kHi: number,
  esAlpha: number, zCrit: number, out: Float64Array, outOffset: number, buf: Float64Array,
): void {
  kHi = Math.min(kHi, n);
  const K = Math.min(Math.max(ke, kHi), n);
  let src = loss;
  let count = prefilterLargest(loss, n, K, buf);
  let work: Float64Array;
  if (count > 0) {
    src = buf;
    work = buf.subarray(count, 2 * count);
    work.set(buf.subarray(0, count));
  } else {
    count = n;
    work = buf.subarray(0, n);
    work.set(loss.subarray(0, n));
  }
  selectLargest(work, count, K);
  const qEs = rankValue(work, K, ke);
  out[outOffset + 2] = rankValue(work, ke > kHi ? ke : K, kHi);
  out[outOffset] = rankValue(work, kHi, k);
  out[outOffset + 3] = rankValue(work, k, kLo);
  let sum = 0;
  let above = 0;
  for (let i = 0; i < count; i++) {
    if (src[i] > qEs) {
      sum += src[i];
      above++;
    }
  }
  const es = (sum + (ke - above) * qEs) / ke;
  let ss = 0;
  for (let i = 0; i < count; i++) if (src[i] > qEs) ss += (src[i] - es) * (src[i] - es);
  ss += (ke - above) * (qEs - es) * (qEs - es);
  const tailVar = ke > 1 ? ss / (ke - 1) : 0;
  const se = Math.sqrt((tailVar + esAlpha * (es - qEs) * (es - qEs)) / (n * (1 - esAlpha)));
  out[outOffset + 1] = es;
  out[outOffset + 4] = es - zCrit * se;
  out[outOffset + 5] = es + zCrit * se;
}
