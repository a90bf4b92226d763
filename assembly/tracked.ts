// Reprice from the tail candidates of the last run: after the P&L rows change, an account's new
// tail is proven to lie among its tracked scenarios, whose losses alone are recomputed.
//
// Why it is exact: under the old P&L every scenario off the account's list had a loss < bound
// (assembly/blocked.ts). A scenario's loss changes by sum_p -q_p (pnl'_p - pnl_p), at most
// rise = sum_p max_m(-q_p (pnl'_p[m] - pnl_p[m])) (per-instrument extremes of the change, from
// stage A). So off-list losses are now < bound + rise (plus a rounding allowance). If at least K
// listed scenarios reach that, the K largest losses and all their ties are on the list, and the
// tail statistics (which depend only on the loss vector) are the same as a full recomputation.
// Otherwise the account is recomputed in full (blockRisk), which also renews its list.
//
// The bound only grows (a negative rise counts as 0), so a group that runs twice (a worker died)
// still holds valid state: each account's state describes the current P&L whenever it is finite.
import { gatherLosses, scenarioLoss } from './aggregate';
import {
  accountListAt, blockRisk, blockSize, candidatesAt, countsAt, fullLossAt, keepAtLeast, listOf, storeListInfo, thresholdsAt,
} from './blocked';
import { tailCount, tailFromCandidates, TAIL_FIELDS } from './tail';

/**
 * Per-instrument change of the P&L rows over scenarios [mStart, mStart + count): max of
 * (new - old), max of (old - new), and max of |new| and |old|, as 3 f64 at changePtr.
 */
export function rowChange(newRow: usize, oldRow: usize, mStart: i32, count: i32, changePtr: usize): void {
  let up = f64x2.splat(-Infinity);
  let down = f64x2.splat(-Infinity);
  let big = f64x2.splat(0.0);
  const end = mStart + count;
  let m = mStart;
  for (; m + 2 <= end; m += 2) {
    const off = <usize>m << 3;
    const v = v128.load(newRow + off);
    const w = v128.load(oldRow + off);
    const d = f64x2.sub(v, w);
    // pmax: one instruction (max propagates NaN through a longer sequence; P&L has no NaN)
    up = f64x2.pmax(up, d);
    down = f64x2.pmax(down, f64x2.neg(d));
    big = f64x2.pmax(big, f64x2.pmax(f64x2.abs(v), f64x2.abs(w)));
  }
  let u = Math.max(f64x2.extract_lane(up, 0), f64x2.extract_lane(up, 1));
  let dn = Math.max(f64x2.extract_lane(down, 0), f64x2.extract_lane(down, 1));
  let b = Math.max(f64x2.extract_lane(big, 0), f64x2.extract_lane(big, 1));
  if (m < end) {
    const v = load<f64>(newRow + (<usize>m << 3));
    const w = load<f64>(oldRow + (<usize>m << 3));
    u = Math.max(u, v - w);
    dn = Math.max(dn, w - v);
    b = Math.max(b, Math.max(Math.abs(v), Math.abs(w)));
  }
  store<f64>(changePtr, u);
  store<f64>(changePtr, dn, 8);
  store<f64>(changePtr, b, 16);
}

/**
 * The new bound of an account: bound + max(rise, 0) + a rounding allowance, NaN when the account
 * is untracked. Rounding: the old and new computed losses each err by at most nPos u sum|q p|
 * (recursive summation, u = 2^-53), the computed changes and rise by a few u more; the allowance
 * (4 nPos + 8) 2^-52 sum_p |q_p| max|pnl_p| is twice that.
 */
function nextBound(
  bound: f64, nPos: i32, inst: usize, qty: usize, changePtr: usize, changeGroups: i32, nInst: i32,
): f64 {
  if (!(bound < Infinity)) return NaN;
  let rise = 0.0;
  let scale = 0.0;
  for (let p = 0; p < nPos; p++) {
    const i = load<i32>(inst + (<usize>p << 2));
    const q = load<f64>(qty + (<usize>p << 3));
    let up = -Infinity;
    let down = -Infinity;
    let big = 0.0;
    for (let g = 0; g < changeGroups; g++) {
      const at = changePtr + ((<usize>(g * nInst + i) * 3) << 3);
      up = Math.max(up, load<f64>(at));
      down = Math.max(down, load<f64>(at, 8));
      big = Math.max(big, load<f64>(at, 16));
    }
    // the loss term is -q pnl: it rises with the P&L's fall for a long position, its rise for a short
    rise += q > 0.0 ? q * down : q < 0.0 ? -q * up : 0.0;
    scale += Math.abs(q) * big;
  }
  const grow = Math.max(rise, 0.0);
  return bound + grow + (<f64>(4 * nPos + 8) * 2.220446049250313e-16 * scale + 4.440892098500626e-16 * (Math.abs(bound) + grow));
}

/**
 * Scenarios per gather chunk: a block's accounts gather from 512 scenarios of every row (2 MB at
 * I = 500) before moving on, so the rows are mostly read from cache (measured against 128-1024).
 */
// @ts-ignore: decorator
@inline const GATHER_CHUNK: i32 = 512;

/**
 * Risk of accounts [aStart, aEnd) after a change of the P&L rows, from their tracking state
 * (see the top of this file; parameters as accountRiskBlocked). changePtr: rowChange results,
 * changeGroups x nInst x 3 f64 (one set per stage-A scenario block; the extremes are their maxima).
 * Writes how many accounts were recomputed in full to fullCountPtr (i32).
 * Blocks of accounts gather their listed losses chunk by chunk (a chunk of the rows stays in
 * cache); accounts that cannot be proven are collected and recomputed in full, up to a block at a
 * time (each such pass streams every row once).
 */
export function accountRiskTracked(
  aStart: i32, aEnd: i32, posOffsetsPtr: usize, posInstPtr: usize, posQtyPtr: usize,
  pnlPtr: usize, M: i32, k: i32, ke: i32, kLo: i32, kHi: i32, esAlpha: f64, zCrit: f64,
  chunk: i32, block: i32, cap: i32, scratchPtr: usize, outPtr: usize, boundPtr: usize, listInfoPtr: usize, listsPtr: usize,
  changePtr: usize, changeGroups: i32, nInst: i32, fullCountPtr: usize,
): void {
  const K = tailCount(M, ke, kHi);
  const candPtr = candidatesAt(scratchPtr, chunk);
  const cursorPtr = countsAt(scratchPtr, chunk, block, cap);
  const nextPtr = thresholdsAt(scratchPtr, chunk, block, cap);
  const failedPtr = accountListAt(scratchPtr, chunk, block, cap);
  const workPtr = fullLossAt(scratchPtr, chunk, block, cap);
  const size = blockSize(aStart, aEnd, block);
  let full = 0;
  // accounts to recompute in full, collected over blocks (a full pass over the rows serves them all)
  let failed = 0;
  for (let b0 = aStart; b0 < aEnd; b0 += size) {
    const n = min(size, aEnd - b0);
    if (failed + n > block) {
      fullRisk(failedPtr, failed, posOffsetsPtr, posInstPtr, posQtyPtr, pnlPtr, M, k, ke, kLo, kHi, esAlpha, zCrit, chunk, block, cap, scratchPtr, outPtr, boundPtr, listInfoPtr, listsPtr);
      full += failed;
      failed = 0;
    }
    for (let j = 0; j < n; j++) {
      const a = b0 + j;
      const p0 = load<i32>(posOffsetsPtr + (<usize>a << 2));
      const nPos = load<i32>(posOffsetsPtr + (<usize>(a + 1) << 2)) - p0;
      const at = boundPtr + (<usize>a << 3);
      const inst = posInstPtr + (<usize>p0 << 2);
      const qty = posQtyPtr + (<usize>p0 << 3);
      let next = nextBound(load<f64>(at), nPos, inst, qty, changePtr, changeGroups, nInst);
      // a probe: if the scenario of the K-th largest loss fell below the new bound, the account
      // will most likely fail; recompute it in full without gathering first
      const probe = load<i32>(listInfoPtr + (<usize>a << 3), 4);
      if (next < Infinity && probe >= 0 && probe < M && scenarioLoss(nPos, inst, qty, pnlPtr, M, probe) < next) next = NaN;
      store<f64>(nextPtr + (<usize>j << 3), next);
      store<f64>(at, Infinity); // untracked until its list is rewritten below
      store<i32>(cursorPtr + (<usize>j << 3), 0);
    }
    for (let c0 = 0; c0 < M; c0 += GATHER_CHUNK) {
      const end = c0 + min(GATHER_CHUNK, M - c0);
      for (let j = 0; j < n; j++) {
        if (isNaN(load<f64>(nextPtr + (<usize>j << 3)))) continue;
        const a = b0 + j;
        const list = listOf(listsPtr, a, cap);
        const count = load<i32>(listInfoPtr + (<usize>a << 3));
        const s0 = load<i32>(cursorPtr + (<usize>j << 3));
        let s1 = s0;
        while (s1 < count && load<i32>(list + (<usize>s1 << 2)) < end) s1++;
        if (s1 == s0) continue;
        const p0 = load<i32>(posOffsetsPtr + (<usize>a << 2));
        const nPos = load<i32>(posOffsetsPtr + (<usize>(a + 1) << 2)) - p0;
        gatherLosses(nPos, posInstPtr + (<usize>p0 << 2), posQtyPtr + (<usize>p0 << 3), pnlPtr, M, candPtr + ((<usize>j * <usize>(cap + 2)) << 3), list, s0, s1);
        store<i32>(cursorPtr + (<usize>j << 3), s1);
      }
    }
    for (let j = 0; j < n; j++) {
      const a = b0 + j;
      const t = load<f64>(nextPtr + (<usize>j << 3));
      const list = listOf(listsPtr, a, cap);
      const val = candPtr + ((<usize>j * <usize>(cap + 2)) << 3);
      const count = isNaN(t) ? 0 : load<i32>(listInfoPtr + (<usize>a << 3));
      // keep the listed scenarios still >= the new bound (the others can never count again: their
      // losses, like any off-list loss, stay below every later bound), in scenario order
      const kept = keepAtLeast(val, list, count, t);
      if (kept >= K && kept > 0) {
        tailFromCandidates(val, kept, M, k, ke, kLo, kHi, esAlpha, zCrit, outPtr + ((<usize>a * TAIL_FIELDS) << 3), workPtr);
        storeListInfo(listInfoPtr, a, val, list, kept);
        store<f64>(boundPtr + (<usize>a << 3), t);
      } else {
        store<i32>(failedPtr + (<usize>failed << 2), a);
        failed++;
      }
    }
  }
  fullRisk(failedPtr, failed, posOffsetsPtr, posInstPtr, posQtyPtr, pnlPtr, M, k, ke, kLo, kHi, esAlpha, zCrit, chunk, block, cap, scratchPtr, outPtr, boundPtr, listInfoPtr, listsPtr);
  store<i32>(fullCountPtr, full + failed);
}

/** blockRisk of the n accounts listed at listPtr (none: nothing to do). */
// @ts-ignore: decorator
@inline function fullRisk(
  listPtr: usize, n: i32, posOffsetsPtr: usize, posInstPtr: usize, posQtyPtr: usize,
  pnlPtr: usize, M: i32, k: i32, ke: i32, kLo: i32, kHi: i32, esAlpha: f64, zCrit: f64,
  chunk: i32, block: i32, cap: i32, scratchPtr: usize, outPtr: usize, boundPtr: usize, listInfoPtr: usize, listsPtr: usize,
): void {
  if (n > 0) {
    blockRisk(
      listPtr, 0, n, posOffsetsPtr, posInstPtr, posQtyPtr, pnlPtr, M, k, ke, kLo, kHi, esAlpha, zCrit,
      chunk, block, cap, scratchPtr, outPtr, boundPtr, listInfoPtr, listsPtr,
    );
  }
}
