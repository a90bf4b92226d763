// Risk of many accounts by scenario chunks over blocks of accounts, keeping each account's tail
// candidates (scenario indices) so a later reprice can start from them (assembly/tracked.ts).
//
// Tracking state, per account a (persistent between calls; src/wasm/bookLayout.ts owns it):
//   bound[a]      f64: every scenario NOT on the account's list has a loss < bound[a] under the
//                 current P&L; +Infinity when the account is not tracked (its list means nothing)
//   listInfo[a]   2 i32: length of the list, and the scenario of its K-th largest loss (K =
//                 tailCount), a probe for the next reprice (assembly/tracked.ts)
//   list[a]       i32 x (cap + 2): scenario indices, ascending
import { accountLosses, appendAtLeast, chunkLosses, chunkLossesAtLeast, gatherLosses, scenarioLoss } from './aggregate';
import { compactHotCopy, fillHotCopy, hotLosses } from './hotCopy';
import { selectLargest, tailCount, tailFromCandidates, tailKth, tailStatistics, TAIL_FIELDS } from './tail';

/**
 * Scratch of one account group, in bytes from its start: chunk losses and a selection copy
 * (chunk f64 each), candidate losses (block x (cap + 2) f64), per-account counts, thresholds and
 * an account list (block x 8 bytes each), then a full loss vector with its selection scratch (2 M f64).
 */
// @ts-ignore: decorator
@inline export function candidatesAt(scratchPtr: usize, chunk: i32): usize {
  return scratchPtr + ((<usize>chunk << 1) << 3);
}
// @ts-ignore: decorator
@inline export function countsAt(scratchPtr: usize, chunk: i32, block: i32, cap: i32): usize {
  return candidatesAt(scratchPtr, chunk) + ((<usize>block * <usize>(cap + 2)) << 3);
}
// @ts-ignore: decorator
@inline export function thresholdsAt(scratchPtr: usize, chunk: i32, block: i32, cap: i32): usize {
  return countsAt(scratchPtr, chunk, block, cap) + (<usize>block << 3);
}
// @ts-ignore: decorator
@inline export function accountListAt(scratchPtr: usize, chunk: i32, block: i32, cap: i32): usize {
  return thresholdsAt(scratchPtr, chunk, block, cap) + (<usize>block << 3);
}
// @ts-ignore: decorator
@inline export function fullLossAt(scratchPtr: usize, chunk: i32, block: i32, cap: i32): usize {
  return accountListAt(scratchPtr, chunk, block, cap) + (<usize>block << 3);
}

/** Account j of a block: listPtr[j], or first + j without a list. */
// @ts-ignore: decorator
@inline export function blockAccount(listPtr: usize, first: i32, j: i32): i32 {
  return listPtr ? load<i32>(listPtr + (<usize>j << 2)) : first + j;
}

/**
 * After tailFromCandidates on the losses val[0..count) of the listed scenarios: store the list
 * length and the scenario of the K-th largest loss (the first listed with that loss) as account a's listInfo.
 */
// @ts-ignore: decorator
@inline export function storeListInfo(listInfoPtr: usize, a: i32, valPtr: usize, listPtr: usize, count: i32): void {
  const kth = tailKth;
  let s = 0;
  while (s < count && load<f64>(valPtr + (<usize>s << 3)) != kth) s++;
  const at = listInfoPtr + (<usize>a << 3);
  store<i32>(at, count);
  store<i32>(at, s < count ? load<i32>(listPtr + (<usize>s << 2)) : -1, 4);
}

/**
 * Keep, in order, the slots s < count whose value val[s] >= t, moving each value and its scenario
 * list[s] down; returns how many were kept.
 */
export function keepAtLeast(valPtr: usize, listPtr: usize, count: i32, t: f64): i32 {
  let kept = 0;
  for (let s = 0; s < count; s++) {
    const v = load<f64>(valPtr + (<usize>s << 3));
    store<f64>(valPtr + (<usize>kept << 3), v);
    store<i32>(listPtr + (<usize>kept << 2), load<i32>(listPtr + (<usize>s << 2)));
    kept += <i32>(v >= t);
  }
  return kept;
}

/** The i32 list of account a (cap + 2 slots each). */
// @ts-ignore: decorator
@inline export function listOf(listsPtr: usize, a: i32, cap: i32): usize {
  return listsPtr + ((<usize>a * <usize>(cap + 2)) << 2);
}

/**
 * Risk of the n accounts blockAccount(listPtr, first, 0 .. n) (n <= block), by scenario chunks:
 * each chunk of every instrument row is read from cache by all accounts of the block (the rows
 * stay resident; a per-account pass would stream the whole P&L matrix from memory once per account).
 *
 * The first chunk of an account sets a threshold t: its r-th largest loss, r = ceil(1.5 K c / M) + 8
 * for a first chunk of c scenarios, so about 1.5 K of all losses are >= t (K = tailCount). Losses
 * >= t are kept, in scenario order, with their scenario indices, as the account's candidates (at
 * most `cap`); the tail statistics then read only those (tailFromCandidates), and the indices
 * become the account's tracking list with bound t. An account whose threshold missed (fewer than
 * K candidates, or more than cap, e.g. many ties) is recomputed over all M scenarios and left
 * untracked. The results depend only on the loss vector, so they are the same whichever path runs.
 */
export function blockRisk(
  listPtr: usize, first: i32, n: i32, posOffsetsPtr: usize, posInstPtr: usize, posQtyPtr: usize,
  pnlPtr: usize, M: i32, k: i32, ke: i32, kLo: i32, kHi: i32, esAlpha: f64, zCrit: f64,
  chunk: i32, block: i32, cap: i32, scratchPtr: usize, outPtr: usize, boundPtr: usize, listInfoPtr: usize, listsPtr: usize,
): void {
  const K = tailCount(M, ke, kHi);
  const c = chunk < M ? chunk : M;
  let r = <i32>Math.ceil((1.5 * <f64>K * <f64>c) / <f64>M) + 8;
  if (r > c) r = c;
  const chunkPtr = scratchPtr;
  const selectPtr = chunkPtr + (<usize>chunk << 3);
  const candPtr = candidatesAt(scratchPtr, chunk);
  const countPtr = countsAt(scratchPtr, chunk, block, cap);
  const thresholdPtr = thresholdsAt(scratchPtr, chunk, block, cap);
  const fullPtr = fullLossAt(scratchPtr, chunk, block, cap);
  // the lists are rewritten below: untracked until each account is done
  for (let j = 0; j < n; j++) store<f64>(boundPtr + (<usize>blockAccount(listPtr, first, j) << 3), Infinity);
  for (let c0 = 0; c0 < M; c0 += chunk) {
    const len = min(chunk, M - c0);
    for (let j = 0; j < n; j++) {
      const a = blockAccount(listPtr, first, j);
      const jj = <usize>j;
      const p0 = load<i32>(posOffsetsPtr + (<usize>a << 2));
      const nPos = load<i32>(posOffsetsPtr + (<usize>(a + 1) << 2)) - p0;
      const inst = posInstPtr + (<usize>p0 << 2);
      const qty = posQtyPtr + (<usize>p0 << 3);
      const cand = candPtr + ((jj * <usize>(cap + 2)) << 3);
      const list = listOf(listsPtr, a, cap);
      let count: i32;
      if (c0 == 0) {
        // the threshold from this chunk, then its candidates
        chunkLosses(nPos, inst, qty, pnlPtr, M, c0, len, chunkPtr);
        memory.copy(selectPtr, chunkPtr, <usize>len << 3);
        selectLargest(selectPtr, len, r);
        const t = load<f64>(selectPtr + (<usize>(r - 1) << 3));
        store<f64>(thresholdPtr + (jj << 3), t);
        count = appendAtLeast(chunkPtr, len, c0, t, cand, list, 0, cap);
      } else {
        const t = load<f64>(thresholdPtr + (jj << 3));
        count = chunkLossesAtLeast(nPos, inst, qty, pnlPtr, M, c0, len, chunkPtr, t, cand, list, load<i32>(countPtr + (jj << 3)), cap);
      }
      store<i32>(countPtr + (jj << 3), count);
    }
  }
  for (let j = 0; j < n; j++) {
    const a = blockAccount(listPtr, first, j);
    const jj = <usize>j;
    const count = load<i32>(countPtr + (jj << 3));
    const out = outPtr + ((<usize>a * TAIL_FIELDS) << 3);
    if (count >= K && count <= cap) {
      const cand = candPtr + ((jj * <usize>(cap + 2)) << 3);
      tailFromCandidates(cand, count, M, k, ke, kLo, kHi, esAlpha, zCrit, out, fullPtr);
      storeListInfo(listInfoPtr, a, cand, listOf(listsPtr, a, cap), count);
      store<f64>(boundPtr + (<usize>a << 3), load<f64>(thresholdPtr + (jj << 3)));
    } else {
      const p0 = load<i32>(posOffsetsPtr + (<usize>a << 2));
      const p1 = load<i32>(posOffsetsPtr + (<usize>(a + 1) << 2));
      accountLosses(p1 - p0, posInstPtr + (<usize>p0 << 2), posQtyPtr + (<usize>p0 << 3), pnlPtr, M, fullPtr);
      tailStatistics(fullPtr, M, k, ke, kLo, kHi, esAlpha, zCrit, out, fullPtr + (<usize>M << 3));
      store<i32>(listInfoPtr + (<usize>a << 3), 0);
      store<i32>(listInfoPtr + (<usize>a << 3), -1, 4);
    }
  }
}

/** Near-equal blocks of at most `block` accounts over [aStart, aEnd): the size of each. */
// @ts-ignore: decorator
@inline export function blockSize(aStart: i32, aEnd: i32, block: i32): i32 {
  const blocks = (aEnd - aStart + block - 1) / block;
  return blocks > 0 ? (aEnd - aStart + blocks - 1) / blocks : 1;
}

/**
 * Risk of accounts [aStart, aEnd) in near-equal blocks of at most `block` accounts (blockRisk),
 * each account's tracking state rewritten. scratchPtr: see candidatesAt .. fullLossAt
 * (src/wasm/bookLayout.ts sizes it); boundPtr, listInfoPtr, listsPtr: the tracking state (top of this file).
 */
export function accountRiskBlocked(
  aStart: i32, aEnd: i32, posOffsetsPtr: usize, posInstPtr: usize, posQtyPtr: usize,
  pnlPtr: usize, M: i32, k: i32, ke: i32, kLo: i32, kHi: i32, esAlpha: f64, zCrit: f64,
  chunk: i32, block: i32, cap: i32, scratchPtr: usize, outPtr: usize, boundPtr: usize, listInfoPtr: usize, listsPtr: usize,
): void {
  const size = blockSize(aStart, aEnd, block);
  for (let b0 = aStart; b0 < aEnd; b0 += size) {
    blockRisk(
      0, b0, min(size, aEnd - b0), posOffsetsPtr, posInstPtr, posQtyPtr, pnlPtr, M, k, ke, kLo, kHi, esAlpha, zCrit,
      chunk, block, cap, scratchPtr, outPtr, boundPtr, listInfoPtr, listsPtr,
    );
  }
}

/**
 * Risk of one account (positions [0, nPos)) from a threshold guess `t`, e.g. the hint this kernel
 * left for the account's last computation: the last pass over the positions also keeps the losses
 * >= t (at most `cap`), and when at least K = tailCount of them pass, t is at most the K-th largest
 * loss, so they hold every loss the statistics read (tailFromCandidates). Otherwise (or t NaN) the
 * full loss vector goes through tailStatistics. Either way the same bits: the results depend on the
 * loss vector alone. Then out[TAIL_FIELDS] = the hint for the next call, K-th largest loss less half
 * its distance to VaR (room for a small change of positions or market), and out[TAIL_FIELDS + 1]
 * how the tail was found (UPDATE_IN_FULL, UPDATE_FROM_THRESHOLD or UPDATE_FROM_LIST).
 * With a >= 0, the candidates also become book account a's tracking state (assembly/blocked.ts:
 * bound, listInfo, list; `cap` must be the book's), so the book's next reprice can start from them;
 * when no threshold between the hint and the K-th largest loss keeps at most `cap`, a is untracked.
 *
 * Before all that, with a >= 0 and `listRise` not NaN, the account's tracking list is tried (see
 * listedRisk): any scenario's loss is now at most listScale x its loss under the positions the list
 * was made for + listRise, so only the listed scenarios' losses are computed when they prove the tail,
 * from the account's hot copy of their P&L when it has one (hotPtr, hotState; assembly/hotCopy.ts).
 * scratchPtr: losses and selection scratch (2 M f64), candidates (cap + 2 f64), their scenarios (cap + 2 i32).
 */
export function accountRiskFrom(
  nPos: i32, instPtr: usize, qtyPtr: usize, pnlPtr: usize, M: i32, k: i32, ke: i32, kLo: i32, kHi: i32, esAlpha: f64, zCrit: f64,
  t: f64, cap: i32, scratchPtr: usize, outPtr: usize,
  a: i32, boundPtr: usize, listInfoPtr: usize, listsPtr: usize, listRise: f64, listScale: f64,
  hotPtr: usize, hotState: i32,
): void {
  store<f64>(outPtr + (<usize>(TAIL_FIELDS + 2) << 3), 0.0);
  const lossPtr = scratchPtr;
  const bufPtr = lossPtr + (<usize>M << 3);
  const candPtr = bufPtr + (<usize>M << 3);
  const idxPtr = candPtr + (<usize>(cap + 2) << 3);
  const K = tailCount(M, ke, kHi);
  if (a >= 0 && listRise == listRise && listedRisk(nPos, instPtr, qtyPtr, pnlPtr, M, k, ke, kLo, kHi, esAlpha, zCrit, K, cap, candPtr, bufPtr, outPtr, a, boundPtr, listInfoPtr, listsPtr, listRise, listScale, hotPtr, hotState)) {
    store<f64>(outPtr + (<usize>(TAIL_FIELDS + 1) << 3), UPDATE_FROM_LIST);
    store<f64>(outPtr + (<usize>(TAIL_FIELDS + 2) << 3), hotState == HOT_NONE ? 0.0 : 1.0);
    return;
  }
  let count = 0;
  if (t == t) count = chunkLossesAtLeast(nPos, instPtr, qtyPtr, pnlPtr, M, 0, M, lossPtr, t, candPtr, idxPtr, 0, cap);
  else chunkLosses(nPos, instPtr, qtyPtr, pnlPtr, M, 0, M, lossPtr);
  const fromCandidates = count >= K && count <= cap;
  if (fromCandidates) tailFromCandidates(candPtr, count, M, k, ke, kLo, kHi, esAlpha, zCrit, outPtr, bufPtr);
  else tailStatistics(lossPtr, M, k, ke, kLo, kHi, esAlpha, zCrit, outPtr, bufPtr);
  const kth = tailKth;
  const hint = storeHint(outPtr);
  store<f64>(outPtr + (<usize>(TAIL_FIELDS + 1) << 3), fromCandidates ? UPDATE_FROM_THRESHOLD : UPDATE_IN_FULL);
  if (a < 0) return;
  let bound = t;
  if (!fromCandidates) {
    // every loss >= the hint (<= the K-th largest, so at least K), else >= the K-th largest itself
    bound = hint;
    count = appendAtLeast(lossPtr, M, 0, bound, candPtr, idxPtr, 0, cap);
    if (count > cap) {
      bound = kth;
      count = appendAtLeast(lossPtr, M, 0, bound, candPtr, idxPtr, 0, cap);
    }
  }
  if (count < K || count > cap || !(bound == bound)) {
    store<f64>(boundPtr + (<usize>a << 3), Infinity);
    store<i32>(listInfoPtr + (<usize>a << 3), 0);
    store<i32>(listInfoPtr + (<usize>a << 3), -1, 4);
    return;
  }
  const list = listOf(listsPtr, a, cap);
  memory.copy(list, idxPtr, <usize>count << 2);
  storeListInfo(listInfoPtr, a, candPtr, list, count);
  store<f64>(boundPtr + (<usize>a << 3), bound);
}

/** How accountRiskFrom found the tail (out[TAIL_FIELDS + 1]): every scenario, those above `t`, or the tracking list. */
const UPDATE_IN_FULL: f64 = 0;
const UPDATE_FROM_THRESHOLD: f64 = 1;
const UPDATE_FROM_LIST: f64 = 2;

/**
 * accountRiskFrom's `hotState`: no hot copy (hotPtr unused), one to fill from the P&L (its list is
 * new to it), or a valid one (made for this list, these instruments and this P&L). out[TAIL_FIELDS + 2]
 * is 1 when the copy at hotPtr is valid after the call (the list path succeeded and kept it in step), else 0.
 */
const HOT_NONE = 0;
const HOT_FILL = 1;

/** out[TAIL_FIELDS] = the hint for an account's next update: its K-th largest loss less half its distance to VaR. */
// @ts-ignore: decorator
@inline function storeHint(outPtr: usize): f64 {
  const kth = tailKth;
  const hint = kth - 0.5 * (load<f64>(outPtr) - kth);
  store<f64>(outPtr + (<usize>TAIL_FIELDS << 3), hint);
  return hint;
}

/**
 * accountRiskFrom from book account a's tracking list (assembly/tracked.ts argues the same for a
 * reprice): every scenario off the list had a loss < bound[a] under the positions the list was made
 * for; with these positions a scenario's loss is at most listScale (>= 0) x its old loss + listRise
 * (the host's bound, src/montecarlo/listChange.ts: sum over instruments of |new quantity - scale x
 * old| x max |P&L|, plus rounding), so off-list losses are now < listScale x bound + listRise. The
 * listed scenarios' losses are gathered (positions in order: the bits of the full loss vector);
 * when at least K reach the new bound, the tail lies among them, and they become the list. Returns false when the list cannot prove it (the list is then left compacted:
 * the caller must rewrite it or untrack the account, as accountRiskFrom does).
 */
function listedRisk(
  nPos: i32, instPtr: usize, qtyPtr: usize, pnlPtr: usize, M: i32, k: i32, ke: i32, kLo: i32, kHi: i32, esAlpha: f64, zCrit: f64,
  K: i32, cap: i32, candPtr: usize, bufPtr: usize, outPtr: usize,
  a: i32, boundPtr: usize, listInfoPtr: usize, listsPtr: usize, listRise: f64, listScale: f64,
  hotPtr: usize, hotState: i32,
): bool {
  const bound = load<f64>(boundPtr + (<usize>a << 3));
  const count = load<i32>(listInfoPtr + (<usize>a << 3));
  if (!(bound < Infinity) || !(listScale >= 0) || count < K || count > cap) return false;
  const scaled = listScale * bound;
  const next = scaled + listRise + 4.440892098500626e-16 * (Math.abs(scaled) + Math.abs(listRise));
  if (!(next < Infinity)) return false;
  // a probe: if the scenario of the K-th largest loss falls below the new bound, the list most
  // likely fails; leave it without gathering
  const probe = load<i32>(listInfoPtr + (<usize>a << 3), 4);
  if (probe >= 0 && probe < M && scenarioLoss(nPos, instPtr, qtyPtr, pnlPtr, M, probe) < next) return false;
  const list = listOf(listsPtr, a, cap);
  if (hotState == HOT_NONE) gatherLosses(nPos, instPtr, qtyPtr, pnlPtr, M, candPtr, list, 0, count);
  else {
    if (hotState == HOT_FILL) fillHotCopy(nPos, instPtr, pnlPtr, M, list, count, hotPtr, cap);
    hotLosses(nPos, qtyPtr, hotPtr, cap, candPtr, count);
    compactHotCopy(nPos, hotPtr, cap, candPtr, count, next); // in step with the list
  }
  // compacted in place: when it cannot prove the tail, accountRiskFrom rewrites the list or untracks a
  const kept = keepAtLeast(candPtr, list, count, next);
  if (kept < K) return false;
  tailFromCandidates(candPtr, kept, M, k, ke, kLo, kHi, esAlpha, zCrit, outPtr, bufPtr);
  storeHint(outPtr);
  storeListInfo(listInfoPtr, a, candPtr, list, kept);
  store<f64>(boundPtr + (<usize>a << 3), next);
  return true;
}
