// Account losses from sparse positions over the instrument P&L matrix, fused with tail statistics.
//
// Layouts: pnl is instrument-major, nInstruments x M f64 (row i = unit P&L of instrument i in every
// scenario). Positions are CSR: account a owns positions posOffsets[a] .. posOffsets[a+1]-1, each an
// instrument index (i32) and a signed quantity (f64).
import { TAIL_FIELDS, tailStatistics } from './tail';

/**
 * loss[m] = -sum_p q_p * pnl[inst_p][m] for one account (positions in the given order, one at a
 * time, so every backend and split gives bit-identical sums). f64x2 SIMD over scenarios.
 */
export function accountLosses(nPos: i32, instPtr: usize, qtyPtr: usize, pnlPtr: usize, M: i32, lossPtr: usize): void {
  memory.fill(lossPtr, 0, <usize>M << 3);
  const pairs = M & ~1;
  for (let p = 0; p < nPos; p++) {
    const inst = load<i32>(instPtr + (<usize>p << 2));
    const negQ = -load<f64>(qtyPtr + (<usize>p << 3));
    const row = pnlPtr + ((<usize>inst * <usize>M) << 3);
    const vq = f64x2.splat(negQ);
    for (let m = 0; m < pairs; m += 2) {
      const off = <usize>m << 3;
      v128.store(lossPtr + off, f64x2.add(v128.load(lossPtr + off), f64x2.mul(vq, v128.load(row + off))));
    }
    if (pairs < M) {
      const off = <usize>pairs << 3;
      store<f64>(lossPtr + off, load<f64>(lossPtr + off) + negQ * load<f64>(row + off));
    }
  }
}

/**
 * Risk of accounts [aStart, aEnd): losses into `scratchPtr` (M f64), then tail statistics into
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
    tailStatistics(scratchPtr, M, k, ke, kLo, kHi, esAlpha, zCrit, outPtr + ((<usize>a * TAIL_FIELDS) << 3));
  }
}
