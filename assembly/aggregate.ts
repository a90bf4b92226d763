// Account losses from sparse positions over the instrument P&L matrix, fused with tail statistics.
//
// Layouts: pnl is instrument-major, nInstruments x M f64 (row i = unit P&L of instrument i in every
// scenario). Positions are CSR: account a owns positions posOffsets[a] .. posOffsets[a+1]-1, each an
// instrument index (i32) and a signed quantity (f64).
//
// Summation order (fixed, mirrored by the TS twin): every loss element accumulates its terms in
// position order, ((0 + t_0) + t_1) + ..., t_p = (-q_p) * pnl[inst_p][m], whatever the chunking,
// fusion or split, so every backend and thread count gives bit-identical losses.
import { tailStatistics, TAIL_FIELDS } from './tail';

// @ts-ignore: decorator
@inline export function rowAt(pnlPtr: usize, instPtr: usize, p: i32, rowBytes: usize, fromBytes: usize): usize {
  return pnlPtr + <usize>load<i32>(instPtr + (<usize>p << 2)) * rowBytes + fromBytes;
}

// @ts-ignore: decorator
@inline export function negQty(qtyPtr: usize, p: i32): f64 {
  return -load<f64>(qtyPtr + (<usize>p << 3));
}

// i8x16.swizzle patterns by the bitmask of an f64x2 comparison (bit i = lane i selected): the
// selected lanes first. Mask 2 (lane 1 only) swaps the lanes; the others keep them.
const COMPACT_PATTERNS = memory.data<u8>([
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
  8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7,
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
]);

// The same for the scenario indices of the pair, i32 lanes 0 and 1 (rows 0-3) or 2 and 3 (rows
// 4-7) of an i32x4, moved to the low 8 bytes.
const INDEX_PATTERNS = memory.data<u8>([
  0, 1, 2, 3, 4, 5, 6, 7, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 1, 2, 3, 4, 5, 6, 7, 0, 0, 0, 0, 0, 0, 0, 0,
  4, 5, 6, 7, 0, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 1, 2, 3, 4, 5, 6, 7, 0, 0, 0, 0, 0, 0, 0, 0,
  8, 9, 10, 11, 12, 13, 14, 15, 0, 0, 0, 0, 0, 0, 0, 0,
  8, 9, 10, 11, 12, 13, 14, 15, 0, 0, 0, 0, 0, 0, 0, 0,
  12, 13, 14, 15, 8, 9, 10, 11, 0, 0, 0, 0, 0, 0, 0, 0,
  8, 9, 10, 11, 12, 13, 14, 15, 0, 0, 0, 0, 0, 0, 0, 0,
]);

/** i32x4 (s, s + 1, s + 2, s + 3): scenario indices of four consecutive losses. */
// @ts-ignore: decorator
@inline function scenarioQuad(s: i32): v128 {
  return i32x4.add(i32x4.splat(s), i32x4(0, 1, 2, 3));
}

/**
 * Append the lanes of v that are >= t (tv = splat t) to out[count..], and their scenario indices
 * (i32 lanes 0-1 of sv, or 2-3 with `hi`) to idx[count..]; returns the new count. Branchless: the
 * selected lanes are shuffled to the front and the pair is stored whole at slot min(count, cap)
 * (so out and idx need cap + 2 slots); count advances by the number selected, so a count over
 * cap tells the caller the candidates overflowed.
 */
// @ts-ignore: decorator
@inline function appendPair(v: v128, tv: v128, sv: v128, hi: bool, outPtr: usize, idxPtr: usize, count: i32, cap: i32): i32 {
  const mask = i64x2.bitmask(f64x2.ge(v, tv));
  const slot = <usize>select<i32>(count, cap, count < cap);
  v128.store(outPtr + (slot << 3), i8x16.swizzle(v, v128.load(COMPACT_PATTERNS + (<usize>mask << 4))));
  v128.store64_lane(idxPtr + (slot << 2), i8x16.swizzle(sv, v128.load(INDEX_PATTERNS + ((<usize>mask + (hi ? 4 : 0)) << 4))), 0);
  return count + <i32>popcnt(mask);
}

/** appendPair for one value x of scenario s. */
// @ts-ignore: decorator
@inline function appendOne(x: f64, t: f64, s: i32, outPtr: usize, idxPtr: usize, count: i32, cap: i32): i32 {
  const slot = <usize>select<i32>(count, cap, count < cap);
  store<f64>(outPtr + (slot << 3), x);
  store<i32>(idxPtr + (slot << 2), s);
  return count + <i32>(x >= t);
}

/**
 * Append the values >= t of loss[0..n) (scenarios from, from + 1, ...) and their scenario indices
 * to out[count..] and idx[count..] in scenario order (see appendPair); returns the new count.
 */
// @ts-ignore: decorator
@inline export function appendAtLeast(lossPtr: usize, n: i32, from: i32, t: f64, outPtr: usize, idxPtr: usize, count: i32, cap: i32): i32 {
  const tv = f64x2.splat(t);
  const quads = n & ~3;
  let i = 0;
  for (; i < quads; i += 4) {
    const sv = scenarioQuad(from + i);
    count = appendPair(v128.load(lossPtr + (<usize>i << 3)), tv, sv, false, outPtr, idxPtr, count, cap);
    count = appendPair(v128.load(lossPtr + (<usize>i << 3), 16), tv, sv, true, outPtr, idxPtr, count, cap);
  }
  for (; i < n; i++) count = appendOne(load<f64>(lossPtr + (<usize>i << 3)), t, from + i, outPtr, idxPtr, count, cap);
  return count;
}

/**
 * One pass of `rows` (1..4, a constant) positions over a chunk: loss[..] (+)= q0 r0[..] + q1 r1[..]
 * + ..., in that order; `first` starts from 0 instead of reading loss. With `filter` (the last
 * pass), the finished losses >= t and their scenario indices (the chunk starts at scenario
 * `from`) are also appended to the candidates (see appendPair); returns the candidate count.
 * Four scenarios per step (two f64x2), then one at a time.
 */
// @ts-ignore: decorator
@inline function rowsPass(
  rows: i32, first: bool, filter: bool, lossPtr: usize, r0: usize, r1: usize, r2: usize, r3: usize,
  q0: f64, q1: f64, q2: f64, q3: f64, quads: usize, bytes: usize,
  t: f64, from: i32, candPtr: usize, idxPtr: usize, count: i32, cap: i32,
): i32 {
  const v0 = f64x2.splat(q0);
  const v1 = f64x2.splat(q1);
  const v2 = f64x2.splat(q2);
  const v3 = f64x2.splat(q3);
  const tv = f64x2.splat(t);
  let sv = scenarioQuad(from);
  let off: usize = 0;
  for (; off < quads; off += 32) {
    let a = first ? f64x2.splat(0.0) : v128.load(lossPtr + off);
    let b = first ? f64x2.splat(0.0) : v128.load(lossPtr + off, 16);
    a = f64x2.add(a, f64x2.mul(v0, v128.load(r0 + off)));
    b = f64x2.add(b, f64x2.mul(v0, v128.load(r0 + off, 16)));
    if (rows > 1) {
      a = f64x2.add(a, f64x2.mul(v1, v128.load(r1 + off)));
      b = f64x2.add(b, f64x2.mul(v1, v128.load(r1 + off, 16)));
    }
    if (rows > 2) {
      a = f64x2.add(a, f64x2.mul(v2, v128.load(r2 + off)));
      b = f64x2.add(b, f64x2.mul(v2, v128.load(r2 + off, 16)));
    }
    if (rows > 3) {
      a = f64x2.add(a, f64x2.mul(v3, v128.load(r3 + off)));
      b = f64x2.add(b, f64x2.mul(v3, v128.load(r3 + off, 16)));
    }
    v128.store(lossPtr + off, a);
    v128.store(lossPtr + off, b, 16);
    if (filter) {
      // most quads hold no candidate (a few % of losses pass): one test skips both appends
      if (v128.any_true(v128.or(f64x2.ge(a, tv), f64x2.ge(b, tv)))) {
        count = appendPair(a, tv, sv, false, candPtr, idxPtr, count, cap);
        count = appendPair(b, tv, sv, true, candPtr, idxPtr, count, cap);
      }
      sv = i32x4.add(sv, i32x4.splat(4));
    }
  }
  for (; off < bytes; off += 8) {
    let acc = first ? 0.0 : load<f64>(lossPtr + off);
    acc += q0 * load<f64>(r0 + off);
    if (rows > 1) acc += q1 * load<f64>(r1 + off);
    if (rows > 2) acc += q2 * load<f64>(r2 + off);
    if (rows > 3) acc += q3 * load<f64>(r3 + off);
    store<f64>(lossPtr + off, acc);
    if (filter) count = appendOne(acc, t, from + <i32>(off >> 3), candPtr, idxPtr, count, cap);
  }
  return count;
}

/** The first pass (rowsPass with `first`) over `head` (1..4) rows, dispatched to a constant row count. */
// @ts-ignore: decorator
@inline function headPass(
  filter: bool, head: i32, lossPtr: usize, r0: usize, r1: usize, r2: usize, r3: usize,
  q0: f64, q1: f64, q2: f64, q3: f64, quads: usize, bytes: usize,
  t: f64, from: i32, candPtr: usize, idxPtr: usize, count: i32, cap: i32,
): i32 {
  if (head == 1) return rowsPass(1, true, filter, lossPtr, r0, r1, r2, r3, q0, q1, q2, q3, quads, bytes, t, from, candPtr, idxPtr, count, cap);
  if (head == 2) return rowsPass(2, true, filter, lossPtr, r0, r1, r2, r3, q0, q1, q2, q3, quads, bytes, t, from, candPtr, idxPtr, count, cap);
  if (head == 3) return rowsPass(3, true, filter, lossPtr, r0, r1, r2, r3, q0, q1, q2, q3, quads, bytes, t, from, candPtr, idxPtr, count, cap);
  return rowsPass(4, true, filter, lossPtr, r0, r1, r2, r3, q0, q1, q2, q3, quads, bytes, t, from, candPtr, idxPtr, count, cap);
}

/**
 * loss[0..count) = -sum_p q_p pnl[inst_p][from .. from + count) over positions [0, nPos), and with
 * `filter` the losses >= t and their scenario indices appended to the candidates (returns their
 * count). The first pass takes the nPos % 4 leading positions (or four) and writes the chunk
 * without reading it; every later pass takes four, so the chunk is read and written once per four rows.
 */
// @ts-ignore: decorator
@inline function lossPasses(
  filter: bool, nPos: i32, instPtr: usize, qtyPtr: usize, pnlPtr: usize, M: i32, from: i32, count: i32, lossPtr: usize,
  t: f64, candPtr: usize, idxPtr: usize, candCount: i32, cap: i32,
): i32 {
  const rowBytes = <usize>M << 3;
  const fromBytes = <usize>from << 3;
  const bytes = <usize>count << 3;
  const quads = <usize>(count & ~3) << 3;
  if (nPos == 0) {
    memory.fill(lossPtr, 0, bytes);
    return filter ? appendAtLeast(lossPtr, count, from, t, candPtr, idxPtr, candCount, cap) : candCount;
  }
  const head = ((nPos - 1) & 3) + 1;
  const last = head == nPos;
  const r0 = rowAt(pnlPtr, instPtr, 0, rowBytes, fromBytes);
  const q0 = negQty(qtyPtr, 0);
  const r1 = head > 1 ? rowAt(pnlPtr, instPtr, 1, rowBytes, fromBytes) : r0;
  const q1 = head > 1 ? negQty(qtyPtr, 1) : 0.0;
  const r2 = head > 2 ? rowAt(pnlPtr, instPtr, 2, rowBytes, fromBytes) : r0;
  const q2 = head > 2 ? negQty(qtyPtr, 2) : 0.0;
  const r3 = head > 3 ? rowAt(pnlPtr, instPtr, 3, rowBytes, fromBytes) : r0;
  const q3 = head > 3 ? negQty(qtyPtr, 3) : 0.0;
  if (filter && last) return headPass(true, head, lossPtr, r0, r1, r2, r3, q0, q1, q2, q3, quads, bytes, t, from, candPtr, idxPtr, candCount, cap);
  headPass(false, head, lossPtr, r0, r1, r2, r3, q0, q1, q2, q3, quads, bytes, t, from, candPtr, idxPtr, candCount, cap);
  let c = candCount;
  for (let p = head; p < nPos; p += 4) {
    const s0 = rowAt(pnlPtr, instPtr, p, rowBytes, fromBytes);
    const s1 = rowAt(pnlPtr, instPtr, p + 1, rowBytes, fromBytes);
    const s2 = rowAt(pnlPtr, instPtr, p + 2, rowBytes, fromBytes);
    const s3 = rowAt(pnlPtr, instPtr, p + 3, rowBytes, fromBytes);
    const w0 = negQty(qtyPtr, p);
    const w1 = negQty(qtyPtr, p + 1);
    const w2 = negQty(qtyPtr, p + 2);
    const w3 = negQty(qtyPtr, p + 3);
    if (filter && p + 4 == nPos) c = rowsPass(4, false, true, lossPtr, s0, s1, s2, s3, w0, w1, w2, w3, quads, bytes, t, from, candPtr, idxPtr, c, cap);
    else rowsPass(4, false, false, lossPtr, s0, s1, s2, s3, w0, w1, w2, w3, quads, bytes, t, from, candPtr, idxPtr, c, cap);
  }
  return c;
}

/** loss[0..count) = -sum_p q_p pnl[inst_p][from .. from + count) over positions [0, nPos) (see lossPasses). */
export function chunkLosses(
  nPos: i32, instPtr: usize, qtyPtr: usize, pnlPtr: usize, M: i32, from: i32, count: i32, lossPtr: usize,
): void {
  lossPasses(false, nPos, instPtr, qtyPtr, pnlPtr, M, from, count, lossPtr, 0.0, 0, 0, 0, 0);
}

/**
 * chunkLosses, also appending the losses >= t to out[candCount..] and their scenario indices to
 * idx[candCount..] (see appendPair); returns the new count.
 */
export function chunkLossesAtLeast(
  nPos: i32, instPtr: usize, qtyPtr: usize, pnlPtr: usize, M: i32, from: i32, count: i32, lossPtr: usize,
  t: f64, candPtr: usize, idxPtr: usize, candCount: i32, cap: i32,
): i32 {
  return lossPasses(true, nPos, instPtr, qtyPtr, pnlPtr, M, from, count, lossPtr, t, candPtr, idxPtr, candCount, cap);
}

/** loss[m] = -sum_p q_p pnl[inst_p][m] for one account, every scenario m < M. */
export function accountLosses(nPos: i32, instPtr: usize, qtyPtr: usize, pnlPtr: usize, M: i32, lossPtr: usize): void {
  chunkLosses(nPos, instPtr, qtyPtr, pnlPtr, M, 0, M, lossPtr);
}

/**
 * Risk of accounts [aStart, aEnd), one at a time: losses into `scratchPtr` (2 M f64: losses, then
 * selection scratch), then tail statistics into `outPtr + a * TAIL_FIELDS * 8`. See tailStatistics
 * for the remaining parameters. (Used for single accounts; whole books use accountRiskBlocked.)
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

/**
 * One pass of `rows` (1..4, a constant) positions over list slots [s0, s1):
 * val[s] (+)= q0 r0[list[s]] + q1 r1[list[s]] + ..., in that order (`first` starts from 0), the
 * summation order of the full loss vector (assembly/aggregate.ts), so each loss has the same bits.
 * Two slots per step (the pair of gathered values in one f64x2).
 */
// @ts-ignore: decorator
@inline function gatherPass(
  rows: i32, first: bool, valPtr: usize, listPtr: usize, s0: i32, s1: i32,
  r0: usize, r1: usize, r2: usize, r3: usize, q0: f64, q1: f64, q2: f64, q3: f64,
): void {
  const v0 = f64x2.splat(q0);
  const v1 = f64x2.splat(q1);
  const v2 = f64x2.splat(q2);
  const v3 = f64x2.splat(q3);
  let s = s0;
  for (; s + 2 <= s1; s += 2) {
    const pair = v128.load64_zero(listPtr + (<usize>s << 2));
    const o0 = <usize>i32x4.extract_lane(pair, 0) << 3;
    const o1 = <usize>i32x4.extract_lane(pair, 1) << 3;
    const at = valPtr + (<usize>s << 3);
    let acc = first ? f64x2.splat(0.0) : v128.load(at);
    acc = f64x2.add(acc, f64x2.mul(v0, v128.load64_lane(r0 + o1, v128.load64_zero(r0 + o0), 1)));
    if (rows > 1) acc = f64x2.add(acc, f64x2.mul(v1, v128.load64_lane(r1 + o1, v128.load64_zero(r1 + o0), 1)));
    if (rows > 2) acc = f64x2.add(acc, f64x2.mul(v2, v128.load64_lane(r2 + o1, v128.load64_zero(r2 + o0), 1)));
    if (rows > 3) acc = f64x2.add(acc, f64x2.mul(v3, v128.load64_lane(r3 + o1, v128.load64_zero(r3 + o0), 1)));
    v128.store(at, acc);
  }
  if (s < s1) {
    const off = <usize>load<i32>(listPtr + (<usize>s << 2)) << 3;
    let acc = first ? 0.0 : load<f64>(valPtr + (<usize>s << 3));
    acc += q0 * load<f64>(r0 + off);
    if (rows > 1) acc += q1 * load<f64>(r1 + off);
    if (rows > 2) acc += q2 * load<f64>(r2 + off);
    if (rows > 3) acc += q3 * load<f64>(r3 + off);
    store<f64>(valPtr + (<usize>s << 3), acc);
  }
}

/** val[s] = -sum_p q_p pnl[inst_p][list[s]] for list slots [s0, s1) (positions in order, four per pass). */
export function gatherLosses(nPos: i32, instPtr: usize, qtyPtr: usize, pnlPtr: usize, M: i32, valPtr: usize, listPtr: usize, s0: i32, s1: i32): void {
  if (nPos == 0) {
    for (let s = s0; s < s1; s++) store<f64>(valPtr + (<usize>s << 3), 0.0);
    return;
  }
  const rowBytes = <usize>M << 3;
  const head = ((nPos - 1) & 3) + 1;
  const r0 = rowAt(pnlPtr, instPtr, 0, rowBytes, 0);
  const q0 = negQty(qtyPtr, 0);
  const r1 = head > 1 ? rowAt(pnlPtr, instPtr, 1, rowBytes, 0) : r0;
  const q1 = head > 1 ? negQty(qtyPtr, 1) : 0.0;
  const r2 = head > 2 ? rowAt(pnlPtr, instPtr, 2, rowBytes, 0) : r0;
  const q2 = head > 2 ? negQty(qtyPtr, 2) : 0.0;
  const r3 = head > 3 ? rowAt(pnlPtr, instPtr, 3, rowBytes, 0) : r0;
  const q3 = head > 3 ? negQty(qtyPtr, 3) : 0.0;
  if (head == 1) gatherPass(1, true, valPtr, listPtr, s0, s1, r0, r1, r2, r3, q0, q1, q2, q3);
  else if (head == 2) gatherPass(2, true, valPtr, listPtr, s0, s1, r0, r1, r2, r3, q0, q1, q2, q3);
  else if (head == 3) gatherPass(3, true, valPtr, listPtr, s0, s1, r0, r1, r2, r3, q0, q1, q2, q3);
  else gatherPass(4, true, valPtr, listPtr, s0, s1, r0, r1, r2, r3, q0, q1, q2, q3);
  for (let p = head; p < nPos; p += 4) {
    gatherPass(
      4, false, valPtr, listPtr, s0, s1,
      rowAt(pnlPtr, instPtr, p, rowBytes, 0), rowAt(pnlPtr, instPtr, p + 1, rowBytes, 0),
      rowAt(pnlPtr, instPtr, p + 2, rowBytes, 0), rowAt(pnlPtr, instPtr, p + 3, rowBytes, 0),
      negQty(qtyPtr, p), negQty(qtyPtr, p + 1), negQty(qtyPtr, p + 2), negQty(qtyPtr, p + 3),
    );
  }
}

/** The loss of one account in scenario m: -sum_p q_p pnl[inst_p][m]. */
export function scenarioLoss(nPos: i32, instPtr: usize, qtyPtr: usize, pnlPtr: usize, M: i32, m: i32): f64 {
  const rowBytes = <usize>M << 3;
  const off = <usize>m << 3;
  let loss = 0.0;
  for (let p = 0; p < nPos; p++) loss += negQty(qtyPtr, p) * load<f64>(rowAt(pnlPtr, instPtr, p, rowBytes, off));
  return loss;
}
