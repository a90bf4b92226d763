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

/** Scenarios per chunk of the blocked kernel: a 4 KiB slice of each row, so a sub-block's loss slices stay in L2. */
const CHUNK: i32 = 512;

/**
 * Risk of accounts in sub-blocks, instrument-major inside each sub-block so every instrument row is
 * read once per sub-block instead of once per position (the P&L matrix is far larger than the cache).
 * Sub-block s covers accounts subOffsets[s] .. subOffsets[s+1]-1 and entries entryOffsets[s] ..
 * entryOffsets[s+1]-1; each entry is (instrument, account index local to the sub-block, quantity),
 * sorted by instrument, then account, then position order. Each account's losses therefore sum its
 * positions in instrument order, exactly as `accountRisk` does when given its positions sorted the
 * same way. lossPtr: (largest sub-block) x M f64; bufPtr: M f64 of selection scratch.
 */
export function accountRiskBlocked(
  nSub: i32, subOffsetsPtr: usize, entryOffsetsPtr: usize, entInstPtr: usize, entAcctPtr: usize, entQtyPtr: usize,
  pnlPtr: usize, M: i32, k: i32, ke: i32, kLo: i32, kHi: i32, esAlpha: f64, zCrit: f64,
  lossPtr: usize, bufPtr: usize, outPtr: usize,
): void {
  const rowBytes = <usize>M << 3;
  for (let s = 0; s < nSub; s++) {
    const a0 = load<i32>(subOffsetsPtr + (<usize>s << 2));
    const a1 = load<i32>(subOffsetsPtr + (<usize>(s + 1) << 2));
    const e0 = load<i32>(entryOffsetsPtr + (<usize>s << 2));
    const e1 = load<i32>(entryOffsetsPtr + (<usize>(s + 1) << 2));
    memory.fill(lossPtr, 0, <usize>(a1 - a0) * rowBytes);
    for (let c0 = 0; c0 < M; c0 += CHUNK) {
      const len = M - c0 < CHUNK ? M - c0 : CHUNK;
      const start = <usize>c0 << 3;
      const pairEnd = start + (<usize>(len & ~1) << 3);
      const end = start + (<usize>len << 3);
      for (let e = e0; e < e1; e++) {
        const row = pnlPtr + <usize>load<i32>(entInstPtr + (<usize>e << 2)) * rowBytes;
        const dst = lossPtr + <usize>load<i32>(entAcctPtr + (<usize>e << 2)) * rowBytes;
        const q = -load<f64>(entQtyPtr + (<usize>e << 3));
        const vq = f64x2.splat(q);
        let off = start;
        for (; off < pairEnd; off += 16) {
          v128.store(dst + off, f64x2.add(v128.load(dst + off), f64x2.mul(vq, v128.load(row + off))));
        }
        if (off < end) store<f64>(dst + off, load<f64>(dst + off) + q * load<f64>(row + off));
      }
    }
    for (let a = a0; a < a1; a++) {
      tailStatistics(lossPtr + <usize>(a - a0) * rowBytes, M, k, ke, kLo, kHi, esAlpha, zCrit, outPtr + ((<usize>a * TAIL_FIELDS) << 3), bufPtr);
    }
  }
}
