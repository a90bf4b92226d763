// Account losses from sparse positions over the instrument P&L matrix, fused with tail statistics.
//
// Layouts: pnl is instrument-major, nInstruments x M f64 (row i = unit P&L of instrument i in every
// scenario). Positions are CSR: account a owns positions posOffsets[a] .. posOffsets[a+1]-1, each an
// instrument index (i32) and a signed quantity (f64).
import { TAIL_FIELDS, tailStatistics } from './tail';

/**
 * loss[m] = -sum_p q_p * pnl[inst_p][m] for one account. Every element accumulates its terms in
 * position order ((0 + t_0) + t_1) + ..., so every backend and split gives bit-identical sums; up
 * to four positions are fused per pass so the loss vector is read and written once per four rows.
 * f64x2 SIMD over scenarios.
 */
export function accountLosses(nPos: i32, instPtr: usize, qtyPtr: usize, pnlPtr: usize, M: i32, lossPtr: usize): void {
  memory.fill(lossPtr, 0, <usize>M << 3);
  const rowBytes = <usize>M << 3;
  const pairs = <usize>(M & ~1) << 3;
  let p = 0;
  for (; p + 4 <= nPos; p += 4) {
    const r0 = pnlPtr + <usize>load<i32>(instPtr + (<usize>p << 2)) * rowBytes;
    const r1 = pnlPtr + <usize>load<i32>(instPtr + (<usize>(p + 1) << 2)) * rowBytes;
    const r2 = pnlPtr + <usize>load<i32>(instPtr + (<usize>(p + 2) << 2)) * rowBytes;
    const r3 = pnlPtr + <usize>load<i32>(instPtr + (<usize>(p + 3) << 2)) * rowBytes;
    const q0 = -load<f64>(qtyPtr + (<usize>p << 3));
    const q1 = -load<f64>(qtyPtr + (<usize>(p + 1) << 3));
    const q2 = -load<f64>(qtyPtr + (<usize>(p + 2) << 3));
    const q3 = -load<f64>(qtyPtr + (<usize>(p + 3) << 3));
    const v0 = f64x2.splat(q0);
    const v1 = f64x2.splat(q1);
    const v2 = f64x2.splat(q2);
    const v3 = f64x2.splat(q3);
    let off: usize = 0;
    for (; off < pairs; off += 16) {
      let acc = v128.load(lossPtr + off);
      acc = f64x2.add(acc, f64x2.mul(v0, v128.load(r0 + off)));
      acc = f64x2.add(acc, f64x2.mul(v1, v128.load(r1 + off)));
      acc = f64x2.add(acc, f64x2.mul(v2, v128.load(r2 + off)));
      acc = f64x2.add(acc, f64x2.mul(v3, v128.load(r3 + off)));
      v128.store(lossPtr + off, acc);
    }
    if (off < rowBytes) {
      let acc = load<f64>(lossPtr + off);
      acc += q0 * load<f64>(r0 + off);
      acc += q1 * load<f64>(r1 + off);
      acc += q2 * load<f64>(r2 + off);
      acc += q3 * load<f64>(r3 + off);
      store<f64>(lossPtr + off, acc);
    }
  }
  for (; p < nPos; p++) {
    const row = pnlPtr + <usize>load<i32>(instPtr + (<usize>p << 2)) * rowBytes;
    const q = -load<f64>(qtyPtr + (<usize>p << 3));
    const vq = f64x2.splat(q);
    let off: usize = 0;
    for (; off < pairs; off += 16) {
      v128.store(lossPtr + off, f64x2.add(v128.load(lossPtr + off), f64x2.mul(vq, v128.load(row + off))));
    }
    if (off < rowBytes) store<f64>(lossPtr + off, load<f64>(lossPtr + off) + q * load<f64>(row + off));
  }
}

/**
 * Risk of accounts [aStart, aEnd): losses into `scratchPtr` (2 M f64: losses, then selection
 * scratch), then tail statistics into
 * `outPtr + a * TAIL_FIELDS * 8`. See tailStatistics for the remaining parameters.
 */
export function accountRisk(
  aStart: i32, aEnd: i32, posOffsetsPtr: usize, posInstPtr: usize, posQtyPtr: usize,
  pnlPtr: usize, M: i32, k: i32, ke: i32, kLo: i32, kHi: i32, esAlpha: f64, zCrit: f64,
  scratchPtr: usize, outPtr: usize,
): void {
  for (let a = aStart; a < aEnd; a++) {
    const p0 = load<i32>(posOffsetsPtr + (<usize>a << 2));
    const p1 = load<i32>(posOffsetsPtr + (<usize>(a + 1) << 2));
    accountLosses(p1 - p0, posInstPtr + (<usize>p0 << 2), posQtyPtr + (<usize>p0 << 3), pnlPtr, M, scratchPtr);
    tailStatistics(scratchPtr, M, k, ke, kLo, kHi, esAlpha, zCrit, outPtr + ((<usize>a * TAIL_FIELDS) << 3), scratchPtr + (<usize>M << 3));
  }
}

