// A hot account's copy of its listed scenarios' P&L (src/wasm/hotAccounts.ts keeps one per
// recently updated account): position-major, row p = pnl[inst_p][list[0 .. count)], `stride` f64
// apart. Its next update reads those n x count values in sequence instead of gathering them from n
// instrument rows of M scenarios each (assembly/blocked.ts, listedRisk).
import { negQty, rowAt } from './aggregate';

/** copy[p][j] = pnl[inst_p][list[j]] for p < nPos, j < count. */
export function fillHotCopy(nPos: i32, instPtr: usize, pnlPtr: usize, M: i32, listPtr: usize, count: i32, copyPtr: usize, stride: i32): void {
  const rowBytes = <usize>M << 3;
  for (let p = 0; p < nPos; p++) {
    const src = rowAt(pnlPtr, instPtr, p, rowBytes, 0);
    const dst = copyPtr + ((<usize>p * <usize>stride) << 3);
    for (let j = 0; j < count; j++) store<f64>(dst + (<usize>j << 3), load<f64>(src + (<usize>load<i32>(listPtr + (<usize>j << 2)) << 3)));
  }
}

/**
 * val[j] = ((0 + t_0) + t_1) + ..., t_p = (-q_p) copy[p][j], for j < count: gatherLosses' sums
 * (the summation order of the full loss vector, so the same bits), four lanes of scenarios at a time.
 */
export function hotLosses(nPos: i32, qtyPtr: usize, copyPtr: usize, stride: i32, valPtr: usize, count: i32): void {
  const strideBytes = <usize>stride << 3;
  let j = 0;
  for (; j + 4 <= count; j += 4) {
    let acc0 = f64x2.splat(0.0);
    let acc1 = f64x2.splat(0.0);
    let row = copyPtr + (<usize>j << 3);
    for (let p = 0; p < nPos; p++) {
      const q = f64x2.splat(negQty(qtyPtr, p));
      acc0 = f64x2.add(acc0, f64x2.mul(q, v128.load(row)));
      acc1 = f64x2.add(acc1, f64x2.mul(q, v128.load(row, 16)));
      row += strideBytes;
    }
    v128.store(valPtr + (<usize>j << 3), acc0);
    v128.store(valPtr + (<usize>j << 3), acc1, 16);
  }
  for (; j < count; j++) {
    let acc = 0.0;
    for (let p = 0; p < nPos; p++) acc += negQty(qtyPtr, p) * load<f64>(copyPtr + ((<usize>p * <usize>stride + <usize>j) << 3));
    store<f64>(valPtr + (<usize>j << 3), acc);
  }
}

/** Keep, in order, the columns j < count with val[j] >= t (keepAtLeast's rule, run before it compacts val). */
export function compactHotCopy(nPos: i32, copyPtr: usize, stride: i32, valPtr: usize, count: i32, t: f64): void {
  let first = 0; // columns before the first one dropped stay where they are
  while (first < count && load<f64>(valPtr + (<usize>first << 3)) >= t) first++;
  if (first == count) return;
  for (let p = 0; p < nPos; p++) {
    const row = copyPtr + ((<usize>p * <usize>stride) << 3);
    let kept = first;
    for (let j = first; j < count; j++) {
      store<f64>(row + (<usize>kept << 3), load<f64>(row + (<usize>j << 3)));
      kept += <i32>(load<f64>(valPtr + (<usize>j << 3)) >= t);
    }
  }
}
