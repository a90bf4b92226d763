/** Plain-TS twin of assembly/aggregate.ts (same summation order, so results are bit-identical). */
import type { TailRanks } from '../montecarlo/tailRanks.js';
import { TAIL_FIELDS, tailStatistics } from './tail.js';

/** loss[m] = -sum_p q_p pnl[inst_p][m], positions in order; pnl instrument-major (rows of M). */
export function accountLosses(
  inst: Int32Array, qty: Float64Array, p0: number, p1: number, pnl: Float64Array, M: number, loss: Float64Array,
): void {
  loss.fill(0, 0, M);
  for (let p = p0; p < p1; p++) {
    const negQ = -qty[p];
    const row = inst[p] * M;
    for (let m = 0; m < M; m++) loss[m] += negQ * pnl[row + m];
  }
}


/** Twin of `accountRisk`: tail results of accounts [aStart, aEnd) into `out` (TAIL_FIELDS per account). */
export function accountRisk(
  aStart: number, aEnd: number, posOffsets: Int32Array, posInst: Int32Array, posQty: Float64Array,
  pnl: Float64Array, M: number, r: TailRanks, scratch: Float64Array, out: Float64Array,
): void {
  const buf = scratch.subarray(M, 2 * M);
  for (let a = aStart; a < aEnd; a++) {
    accountLosses(posInst, posQty, posOffsets[a], posOffsets[a + 1], pnl, M, scratch);
    tailStatistics(scratch, M, r.k, r.ke, r.kLo, r.kHi, r.esAlpha, r.zCrit, out, a * TAIL_FIELDS, buf);
  }
}

