/** Plain-TS twin of assembly/tail.ts: same algorithms, same operation order, same results. */

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

/** Heapsort `a[0..n)` descending. */
export function sortDescending(a: Float64Array, n: number): void {
  for (let start = (n >> 1) - 1; start >= 0; start--) siftDown(a, start, n);
  for (let end = n - 1; end > 0; end--) {
    swap(a, 0, end);
    siftDown(a, 0, end);
  }
}

function siftDown(a: Float64Array, root: number, n: number): void {
  let r = root;
  for (;;) {
    let child = 2 * r + 1;
    if (child >= n) break;
    if (child + 1 < n && a[child + 1] < a[child]) child++;
    if (a[child] < a[r]) {
      swap(a, r, child);
      r = child;
    } else break;
  }
}

/** Twin of `tailStatistics`: writes [var, es, varLo, varHi, esLo, esHi] into `out` at `outOffset`. */
export function tailStatistics(
  loss: Float64Array, n: number, k: number, ke: number, kLo: number, kHi: number,
  esAlpha: number, zCrit: number, out: Float64Array, outOffset: number,
): void {
  const K = Math.min(Math.max(ke, kHi), n);
  selectLargest(loss, n, K);
  sortDescending(loss, K);
  out[outOffset] = loss[k - 1];
  out[outOffset + 2] = loss[Math.min(kHi, n) - 1];
  out[outOffset + 3] = loss[kLo - 1];
  let sum = 0;
  for (let j = 0; j < ke; j++) sum += loss[j];
  const es = sum / ke;
  let ss = 0;
  for (let j = 0; j < ke; j++) {
    const d = loss[j] - es;
    ss += d * d;
  }
  const tailVar = ke > 1 ? ss / (ke - 1) : 0;
  const qEs = loss[ke - 1];
  const se = Math.sqrt((tailVar + esAlpha * (es - qEs) * (es - qEs)) / (n * (1 - esAlpha)));
  out[outOffset + 1] = es;
  out[outOffset + 4] = es - zCrit * se;
  out[outOffset + 5] = es + zCrit * se;
}
