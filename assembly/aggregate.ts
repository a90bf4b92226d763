// Account losses from sparse positions over the instrument P&L matrix, fused with tail statistics.
//
// Layouts: pnl is instrument-major, nInstruments x M f64 (row i = unit P&L of instrument i in every
// scenario). Positions are CSR: account a owns positions posOffsets[a] .. posOffsets[a+1]-1, each an
// instrument index (i32) and a signed quantity (f64).
//
// Summation order (fixed, mirrored by the TS twin): every loss element accumulates its terms in
// position order, ((0 + t_0) + t_1) + ..., t_p = (-q_p) * pnl[inst_p][m], whatever the chunking,
// fusion or split, so every backend and thread count gives bit-identical losses.
import { selectLargest, tailCount, tailFromCandidates, tailStatistics, TAIL_FIELDS } from './tail';

// @ts-ignore: decorator
@inline function rowAt(pnlPtr: usize, instPtr: usize, p: i32, rowBytes: usize, fromBytes: usize): usize {
  return pnlPtr + <usize>load<i32>(instPtr + (<usize>p << 2)) * rowBytes + fromBytes;
}

// @ts-ignore: decorator
@inline function negQty(qtyPtr: usize, p: i32): f64 {
  return -load<f64>(qtyPtr + (<usize>p << 3));
}

/** loss[..] (+)= q0 r0[..] + q1 r1[..] + q2 r2[..] + q3 r3[..], in that order; `first` starts from 0 instead of loss. */
// @ts-ignore: decorator
@inline function fourRows(
  lossPtr: usize, r0: usize, r1: usize, r2: usize, r3: usize, q0: f64, q1: f64, q2: f64, q3: f64,
  quads: usize, bytes: usize, first: bool,
): void {
  const v0 = f64x2.splat(q0);
  const v1 = f64x2.splat(q1);
  const v2 = f64x2.splat(q2);
  const v3 = f64x2.splat(q3);
  let off: usize = 0;
  for (; off < quads; off += 32) {
    let a = first ? f64x2.splat(0.0) : v128.load(lossPtr + off);
    let b = first ? f64x2.splat(0.0) : v128.load(lossPtr + off, 16);
    a = f64x2.add(a, f64x2.mul(v0, v128.load(r0 + off)));
    b = f64x2.add(b, f64x2.mul(v0, v128.load(r0 + off, 16)));
    a = f64x2.add(a, f64x2.mul(v1, v128.load(r1 + off)));
    b = f64x2.add(b, f64x2.mul(v1, v128.load(r1 + off, 16)));
    a = f64x2.add(a, f64x2.mul(v2, v128.load(r2 + off)));
    b = f64x2.add(b, f64x2.mul(v2, v128.load(r2 + off, 16)));
    a = f64x2.add(a, f64x2.mul(v3, v128.load(r3 + off)));
    b = f64x2.add(b, f64x2.mul(v3, v128.load(r3 + off, 16)));
    v128.store(lossPtr + off, a);
    v128.store(lossPtr + off, b, 16);
  }
  for (; off < bytes; off += 8) {
    let acc = first ? 0.0 : load<f64>(lossPtr + off);
    acc += q0 * load<f64>(r0 + off);
    acc += q1 * load<f64>(r1 + off);
    acc += q2 * load<f64>(r2 + off);
    acc += q3 * load<f64>(r3 + off);
    store<f64>(lossPtr + off, acc);
  }
}

/**
 * loss[0..count) = -sum_p q_p pnl[inst_p][from .. from + count) over positions [0, nPos).
 * Four positions per pass (the loss chunk is read and written once per four rows; the first pass
 * does not read it), four scenarios per step (two f64x2), scalar for the last count % 4.
 */
export function chunkLosses(
  nPos: i32, instPtr: usize, qtyPtr: usize, pnlPtr: usize, M: i32, from: i32, count: i32, lossPtr: usize,
): void {
  const rowBytes = <usize>M << 3;
  const fromBytes = <usize>from << 3;
  const bytes = <usize>count << 3;
  const quads = <usize>(count & ~3) << 3;
  let p = 0;
  for (; p + 4 <= nPos; p += 4) {
    const r0 = rowAt(pnlPtr, instPtr, p, rowBytes, fromBytes);
    const r1 = rowAt(pnlPtr, instPtr, p + 1, rowBytes, fromBytes);
    const r2 = rowAt(pnlPtr, instPtr, p + 2, rowBytes, fromBytes);
    const r3 = rowAt(pnlPtr, instPtr, p + 3, rowBytes, fromBytes);
    const q0 = negQty(qtyPtr, p);
    const q1 = negQty(qtyPtr, p + 1);
    const q2 = negQty(qtyPtr, p + 2);
    const q3 = negQty(qtyPtr, p + 3);
    if (p == 0) fourRows(lossPtr, r0, r1, r2, r3, q0, q1, q2, q3, quads, bytes, true);
    else fourRows(lossPtr, r0, r1, r2, r3, q0, q1, q2, q3, quads, bytes, false);
  }
  if (p == 0) memory.fill(lossPtr, 0, bytes);
  for (; p < nPos; p++) {
    const row = rowAt(pnlPtr, instPtr, p, rowBytes, fromBytes);
    const q = negQty(qtyPtr, p);
    const vq = f64x2.splat(q);
    let off: usize = 0;
    for (; off < quads; off += 32) {
      v128.store(lossPtr + off, f64x2.add(v128.load(lossPtr + off), f64x2.mul(vq, v128.load(row + off))));
      v128.store(lossPtr + off, f64x2.add(v128.load(lossPtr + off, 16), f64x2.mul(vq, v128.load(row + off, 16))), 16);
    }
    for (; off < bytes; off += 8) store<f64>(lossPtr + off, load<f64>(lossPtr + off) + q * load<f64>(row + off));
  }
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

/** Append the values >= t of loss[0..n) to out[count..], in order; returns the new count (stores stop at cap, counting does not). */
// @ts-ignore: decorator
@inline function appendAtLeast(lossPtr: usize, n: i32, t: f64, outPtr: usize, count: i32, cap: i32): i32 {
  const tv = f64x2.splat(t);
  const pairs = n & ~1;
  let i = 0;
  for (; i < pairs; i += 2) {
    const v = v128.load(lossPtr + (<usize>i << 3));
    if (v128.any_true(f64x2.ge(v, tv))) {
      const x0 = f64x2.extract_lane(v, 0);
      const x1 = f64x2.extract_lane(v, 1);
      if (x0 >= t) {
        if (count < cap) store<f64>(outPtr + (<usize>count << 3), x0);
        count++;
      }
      if (x1 >= t) {
        if (count < cap) store<f64>(outPtr + (<usize>count << 3), x1);
        count++;
      }
    }
  }
  if (i < n) {
    const x = load<f64>(lossPtr + (<usize>i << 3));
    if (x >= t) {
      if (count < cap) store<f64>(outPtr + (<usize>count << 3), x);
      count++;
    }
  }
  return count;
}

/**
 * Risk of accounts [aStart, aEnd) in near-equal blocks of at most `block` accounts, by scenario chunks of `chunk`:
 * each chunk of every instrument row is read from cache by all accounts of a block (the rows stay
 * resident; a per-account pass would stream the whole P&L matrix from memory once per account).
 *
 * The first chunk of an account sets a threshold t: its r-th largest loss, r = ceil(1.5 K c / M) + 8
 * for a first chunk of c scenarios, so about 1.5 K of all losses are >= t (K = tailCount). Losses
 * >= t are kept, in scenario order, as the account's candidates (at most `cap`); the tail
 * statistics then read only those (tailFromCandidates). An account whose threshold missed (fewer
 * than K candidates, or more than cap, e.g. many ties) is recomputed over all M scenarios. The
 * results depend only on the loss vector, so they are the same whichever path runs.
 *
 * scratchPtr: 8 (2 chunk + block cap + 2 block + 2 M) bytes (src/wasm/bookLayout.ts), laid out as chunk losses (chunk f64),
 * selection scratch (chunk f64), candidates (block x cap f64), counts and thresholds (block f64
 * each), and a full loss vector with its selection scratch (2 M f64).
 */
export function accountRiskBlocked(
  aStart: i32, aEnd: i32, posOffsetsPtr: usize, posInstPtr: usize, posQtyPtr: usize,
  pnlPtr: usize, M: i32, k: i32, ke: i32, kLo: i32, kHi: i32, esAlpha: f64, zCrit: f64,
  chunk: i32, block: i32, cap: i32, scratchPtr: usize, outPtr: usize,
): void {
  const K = tailCount(M, ke, kHi);
  const first = chunk < M ? chunk : M;
  let r = <i32>Math.ceil((1.5 * <f64>K * <f64>first) / <f64>M) + 8;
  if (r > first) r = first;
  const chunkPtr = scratchPtr;
  const selectPtr = chunkPtr + (<usize>chunk << 3);
  const candPtr = selectPtr + (<usize>chunk << 3);
  const countPtr = candPtr + ((<usize>block * <usize>cap) << 3);
  const thresholdPtr = countPtr + (<usize>block << 3);
  const fullPtr = thresholdPtr + (<usize>block << 3);
  // near-equal blocks of at most `block` accounts
  const blocks = (aEnd - aStart + block - 1) / block;
  const size = blocks > 0 ? (aEnd - aStart + blocks - 1) / blocks : 1;
  for (let b0 = aStart; b0 < aEnd; b0 += size) {
    const b1 = min(b0 + size, aEnd);
    for (let c0 = 0; c0 < M; c0 += chunk) {
      const n = min(chunk, M - c0);
      for (let a = b0; a < b1; a++) {
        const j = <usize>(a - b0);
        const p0 = load<i32>(posOffsetsPtr + (<usize>a << 2));
        const p1 = load<i32>(posOffsetsPtr + (<usize>(a + 1) << 2));
        chunkLosses(p1 - p0, posInstPtr + (<usize>p0 << 2), posQtyPtr + (<usize>p0 << 3), pnlPtr, M, c0, n, chunkPtr);
        let t: f64;
        let count = 0;
        if (c0 == 0) {
          memory.copy(selectPtr, chunkPtr, <usize>n << 3);
          selectLargest(selectPtr, n, r);
          t = load<f64>(selectPtr + (<usize>(r - 1) << 3));
          store<f64>(thresholdPtr + (j << 3), t);
        } else {
          t = load<f64>(thresholdPtr + (j << 3));
          count = load<i32>(countPtr + (j << 3));
        }
        count = appendAtLeast(chunkPtr, n, t, candPtr + ((j * <usize>cap) << 3), count, cap);
        store<i32>(countPtr + (j << 3), count);
      }
    }
    for (let a = b0; a < b1; a++) {
      const j = <usize>(a - b0);
      const count = load<i32>(countPtr + (j << 3));
      const out = outPtr + ((<usize>a * TAIL_FIELDS) << 3);
      if (count >= K && count <= cap) {
        tailFromCandidates(candPtr + ((j * <usize>cap) << 3), count, M, k, ke, kLo, kHi, esAlpha, zCrit, out, fullPtr);
      } else {
        const p0 = load<i32>(posOffsetsPtr + (<usize>a << 2));
        const p1 = load<i32>(posOffsetsPtr + (<usize>(a + 1) << 2));
        accountLosses(p1 - p0, posInstPtr + (<usize>p0 << 2), posQtyPtr + (<usize>p0 << 3), pnlPtr, M, fullPtr);
        tailStatistics(fullPtr, M, k, ke, kLo, kHi, esAlpha, zCrit, out, fullPtr + (<usize>M << 3));
      }
    }
  }
}
