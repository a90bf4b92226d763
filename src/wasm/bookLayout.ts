/**
 * Memory layout of a risk book: everything the Monte Carlo pipeline keeps in kernel memory.
 *
 *   chol    N x N   lower Cholesky factor of the correlation (row-major)
 *   scale   N       horizon standard deviation of each underlying's log-return
 *   x       M x N   scenario log-returns, scenario-major (generated, or given for hs/fhs)
 *   xt      N x M   the same, factor-major (rows feed instrument revaluation)
 *   et      N x M   exp(xt): each underlying's price ratio, shared by its options
 *   inst    I       instrument arrays (kind, factor, spot, multiplier, strike, expiry, ...)
 *   smile   I x 9   per option on a moving smile (sticky moneyness): its SVI smile (SMILE_FIELDS)
 *   pnl     I x M   unit P&L, instrument-major: computed once, reused by every account; two
 *                   buffers, stage A writing the one not in use (the old rows stay readable)
 *   change  S x I x 3  per stage-A block: each instrument's largest rise and fall of its P&L
 *                   and largest |P&L| between the two buffers (for a tracked reprice)
 *   pos     CSR     account offsets (A + 1), instrument indices and quantities
 *   out     A x 6   VaR, ES and their confidence bounds per account
 *   track   A x (1 f64 + 2 i32 + (cap + 2) i32)  per account: bound, count, K-th scenario and the
 *                   scenario indices of its tail candidates (assembly/blocked.ts), kept between runs
 *   scratch T x ... per running stage-B task (slot): a scenario chunk, tail candidates of a block of accounts
 *                   and one full loss vector (see accountBlocking); then, for `updateAccount`, 2M
 *                   plus room for one account's tail candidates (updateScratchBytes)
 *   hot     <= hotCopyBytes (16 MiB), 1/8 of the rest: copies of recently updated accounts' listed P&L (hotAccounts.ts)
 *
 * Stage A (scenario blocks in parallel) fills x, xt, et and pnl; stage B (account groups in parallel)
 * fills out and track. `updateAccount` reuses pnl on the calling thread. A reprice whose scenarios
 * stay can run tracked: stage A also fills change, stage B starts from track (assembly/tracked.ts).
 */
import type { TailRanks } from '../montecarlo/tailRanks.js';
import type { ListChange } from '../montecarlo/listChange.js';
import { SMILE_FIELDS, type InstrumentArrays } from '../twin/revalue.js';
import type { Heap } from './heap.js';
import { HOT_NONE, HotAccounts } from './hotAccounts.js';
import type { KernelCall } from './runtime.js';

export const TAIL_FIELDS = 6;
/** How accountRiskFrom found an account's tail (assembly/blocked.ts, UPDATE_IN_FULL ..): every scenario, those above the threshold guess, or its tracking list. */
export const UPDATE_PATHS = ['inFull', 'fromThreshold', 'fromList'] as const;
/** accountRiskFrom's output: the tail figures, the hint for the next update, the path (UPDATE_PATHS), whether the hot copy is valid. */
const UPDATE_OUT_FIELDS = TAIL_FIELDS + 3;
const MODEL_CODE = { normal: 0, 'student-t': 1 } as const;

/** A position as the kernels take it: an instrument's index in the book and a quantity. */
export interface Held {
  instrumentIndex: number;
  quantity: number;
}

/** CSR positions of every account. */
export interface PositionArrays {
  offsets: Int32Array;
  instrument: Int32Array;
  quantity: Float64Array;
}

/** Where the scenario log-returns come from. */
export type ScenarioSource =
  | { kind: 'generated'; model: keyof typeof MODEL_CODE; seed: number; dof: number; chol: Float64Array; scale: Float64Array }
  | { kind: 'given'; returns: Float64Array };

export interface BookShape {
  scenarios: number;
  factors: number;
  instruments: number;
  accounts: number;
  positions: number;
  /** Scenario blocks of stage A and account groups of stage B. */
  blocks: number;
  /** Stage-B tasks running at once (the engine's threads): one scratch region each. */
  slots: number;
  /** K: how many of the largest losses the tail statistics read (max(ke, kHi), at most M). */
  tail: number;
  /** Scenarios of one stage-B chunk (M when the scenarios are given, e.g. a price history in time order). */
  chunk: number;
  /** Most kernel memory for hot copies (hotAccounts.ts), bytes; at most 1/8 of the rest is used. */
  hotCopyBytes: number;
}

/** Scenario chunk of stage B for generated scenarios: its rows of all instruments (4 MB at I = 500) stay in cache. */
export const CHUNK_SCENARIOS = 1024;
/** Most accounts whose tail candidates stage B keeps at once (each pass over the P&L chunks serves a whole block). */
const MAX_BLOCK_ACCOUNTS = 2048;
/** Position of scratchPtr in the arguments of accountRiskBlocked and accountRiskTracked. */
const SCRATCH_ARG = 16;

/**
 * Parameters of accountRiskBlocked (assembly/blocked.ts): the scenario chunk, the account block
 * and the per-account candidate capacity. The first chunk's threshold rank r admits about
 * r M / chunk candidates in all; the capacity allows half as many again (plus 16), so only a
 * threshold far off (or heavy ties) sends an account to the full recomputation.
 */
export function accountBlocking(s: BookShape): { chunk: number; block: number; cap: number; scratchBytes: number } {
  const M = s.scenarios;
  const chunk = Math.max(1, Math.min(s.chunk, M));
  const r = Math.min(chunk, Math.ceil((1.5 * s.tail * chunk) / M) + 8);
  const cap = Math.min(M, Math.ceil((1.5 * r * M) / chunk) + 16);
  const block = Math.max(1, Math.min(MAX_BLOCK_ACCOUNTS, Math.ceil((1.5 * s.accounts) / s.blocks)));
  return { chunk, block, cap, scratchBytes: 8 * (2 * chunk + block * (cap + 2) + 3 * block + 2 * M) };
}

/** Bytes a book of this shape places in kernel memory (to refuse a run before allocating). */
export function bookBytes(s: BookShape): number {
  const base = bookBytesBeforeHot(s);
  return base + hotBudget(s, base);
}

/** The hot copies' budget of a book whose other memory is `base` bytes: s.hotCopyBytes, at most 1/8 of `base`. */
function hotBudget(s: BookShape, base = bookBytesBeforeHot(s)): number {
  return Math.min(s.hotCopyBytes, Math.floor(base / 8));
}

function bookBytesBeforeHot(s: BookShape): number {
  const f64 = 8;
  return (
    f64 * (s.factors * s.factors + s.factors) +
    3 * f64 * s.scenarios * s.factors +
    f64 * s.instruments * (7 + SMILE_FIELDS + 2 * s.scenarios) + 8 * s.instruments + 3 * f64 * s.blocks * s.instruments +
    4 * (s.accounts + 1) + 12 * s.positions +
    f64 * TAIL_FIELDS * s.accounts + s.accounts * (16 + 4 * (accountBlocking(s).cap + 2)) + 4 * s.blocks +
    accountBlocking(s).scratchBytes * s.slots +
    updateScratchBytes(s.scenarios, accountBlocking(s).cap)
  );
}

/** Scratch of accountRiskFrom (assembly/blocked.ts): 2 M f64, then cap + 2 candidates (f64 + i32 each). */
function updateScratchBytes(M: number, cap: number): number {
  return 8 * (2 * M) + 12 * (cap + 2);
}

const INSTRUMENT_FIELDS = ['kind', 'factor', 'spot', 'multiplier', 'strike', 'expiryYears', 'expiryAfterYears', 'iv', 'ivAfter'] as const;

export class BookLayout {
  private readonly blocks = new Set<number>();
  private readonly ptr: Record<string, number> = {};
  private readonly inst: Record<(typeof INSTRUMENT_FIELDS)[number], number>;
  private readonly blocking: ReturnType<typeof accountBlocking>;
  /** Per instrument: max |P&L| over the scenarios of the buffer in use; NaN until first needed after it changed. */
  private readonly rowMax: Float64Array;
  private readonly hot: HotAccounts;

  constructor(
    private readonly heap: Heap,
    readonly shape: BookShape,
  ) {
    const { scenarios: M, factors: N, instruments: I, accounts: A, blocks } = shape;
    this.ptr.chol = this.alloc(8 * N * N);
    this.ptr.scale = this.alloc(8 * N);
    this.ptr.x = this.alloc(8 * M * N);
    this.ptr.xt = this.alloc(8 * N * M);
    this.ptr.et = this.alloc(8 * N * M);
    this.ptr.pnl = this.alloc(8 * I * M);
    this.ptr.pnlNext = this.alloc(8 * I * M);
    this.ptr.change = this.alloc(3 * 8 * blocks * I);
    this.ptr.out = this.alloc(8 * TAIL_FIELDS * A);
    this.blocking = accountBlocking(shape);
    this.ptr.bound = this.alloc(8 * A);
    this.heap.f64(this.ptr.bound, A).fill(Infinity);
    this.ptr.listInfo = this.alloc(8 * A);
    this.ptr.lists = this.alloc(4 * A * (this.blocking.cap + 2));
    this.ptr.fullCounts = this.alloc(4 * blocks);
    this.ptr.scratch = this.alloc(this.blocking.scratchBytes * shape.slots);
    this.ptr.updateScratch = this.alloc(updateScratchBytes(M, this.blocking.cap));
    this.inst = Object.fromEntries(INSTRUMENT_FIELDS.map((f) => [f, this.alloc(8 * I)])) as BookLayout['inst'];
    this.ptr.smile = this.alloc(8 * SMILE_FIELDS * I);
    this.ptr.update = 0;
    this.rowMax = new Float64Array(I).fill(NaN);
    this.hot = new HotAccounts(this.blocking.cap, hotBudget(shape), { alloc: (bytes) => this.alloc(bytes), free: (p) => this.free(p) });
  }

  /** Write the scenario inputs (generator parameters, or the given returns into x). */
  setScenarios(source: ScenarioSource): void {
    const { scenarios: M, factors: N } = this.shape;
    if (source.kind === 'generated') {
      this.heap.f64(this.ptr.chol, N * N).set(source.chol);
      this.heap.f64(this.ptr.scale, N).set(source.scale);
    } else {
      this.heap.f64(this.ptr.x, M * N).set(source.returns);
    }
  }

  setInstruments(arrays: InstrumentArrays): void {
    const I = this.shape.instruments;
    for (const f of INSTRUMENT_FIELDS) {
      const src = arrays[f];
      if (src instanceof Int32Array) this.heap.i32(this.inst[f], I).set(src);
      else this.heap.f64(this.inst[f], I).set(src);
    }
    // read only for kinds with KIND_SMILE, which come with it
    if (arrays.smile) this.heap.f64(this.ptr.smile, SMILE_FIELDS * I).set(arrays.smile);
  }

  /** (Re)place the CSR positions; their size may change between calls. */
  setPositions(pos: PositionArrays): void {
    for (const key of ['offsets', 'posInst', 'posQty']) {
      if (this.ptr[key]) this.free(this.ptr[key]);
    }
    this.ptr.offsets = this.copy(pos.offsets);
    this.ptr.posInst = this.copy(pos.instrument);
    this.ptr.posQty = this.copy(pos.quantity);
  }

  /**
   * Stage A: one group per scenario block [bounds[b], bounds[b+1]), writing the P&L buffer not in
   * use (`usePnl` then switches to it). Without a source the scenario rows (x, xt, et) are kept as
   * they are and only the instruments are revalued. With `tracked`, each block also summarizes
   * how the rows changed from the buffer in use (for accountCalls with `tracked`).
   */
  scenarioCalls(bounds: readonly number[], source: ScenarioSource | undefined, rate: number, tracked = false): KernelCall[][] {
    const { scenarios: M, factors: N, instruments: I } = this.shape;
    const p = this.ptr;
    const inst = this.inst;
    if (bounds.length - 1 > this.shape.blocks) throw new RangeError(`book: ${bounds.length - 1} scenario blocks, room for ${this.shape.blocks}`);
    return bounds.slice(0, -1).map((m0, b) => {
      const count = bounds[b + 1] - m0;
      const calls: KernelCall[] = [];
      if (source?.kind === 'generated') {
        const seedLo = source.seed % 2 ** 32;
        const seedHi = Math.floor(source.seed / 2 ** 32);
        calls.push({
          kernel: 'scenarioReturns',
          args: [seedLo, seedHi, m0, count, N, p.chol, p.scale, MODEL_CODE[source.model], source.dof, p.x + 8 * m0 * N],
        });
      }
      if (source) calls.push({ kernel: 'transposeScenarios', args: [N, M, m0, count, p.x, p.xt, p.et] });
      calls.push({
        kernel: 'instrumentPnl',
        args: [
          I, M, m0, count, p.xt, p.et, inst.kind, inst.factor, inst.spot, inst.multiplier, inst.strike,
          inst.expiryYears, inst.expiryAfterYears, inst.iv, inst.ivAfter, rate, p.pnlNext,
          p.pnl, tracked ? p.change + 3 * 8 * I * b : 0, p.smile,
        ],
      });
      return calls;
    });
  }

  /** Write the P&L buffer not in use (stage A of a reprice overwrites it): its pages are mapped from now on. */
  touchRepriceBuffers(): void {
    this.heap.f64(this.ptr.pnlNext, this.shape.instruments * this.shape.scenarios).fill(0);
  }

  /** After stage A completed: the buffer it wrote becomes the P&L in use. */
  usePnl(): void {
    [this.ptr.pnl, this.ptr.pnlNext] = [this.ptr.pnlNext, this.ptr.pnl];
    this.rowMax.fill(NaN);
    this.hot.invalidate();
  }

  /** After a tracked stage A of `blocks` scenario blocks: each instrument's extremes over all of them, in block 0's place. */
  mergeChanges(blocks: number): void {
    const n = 3 * this.shape.instruments;
    const all = this.heap.f64(this.ptr.change, blocks * n);
    for (let b = 1; b < blocks; b++) for (let j = 0; j < n; j++) all[j] = Math.max(all[j], all[b * n + j]);
  }

  /**
   * Stage B: one group per account group [bounds[g], bounds[g+1]), each in the scratch region of
   * the slot it runs in: one region per running task, not per group (at W1, 2 threads: 21 MB
   * instead of 85 MB of first-touch page faults).
   * With `tracked` (after a tracked stage A and mergeChanges), each account starts from its tail
   * candidates of the last run (accountRiskTracked).
   */
  accountCalls(bounds: readonly number[], r: TailRanks, tracked = false): KernelCall[][] {
    const M = this.shape.scenarios;
    const p = this.ptr;
    const { chunk, block, cap, scratchBytes } = this.blocking;
    if (bounds.length - 1 > this.shape.blocks) throw new RangeError(`book: ${bounds.length - 1} groups, room for ${this.shape.blocks}`);
    return bounds.slice(0, -1).map((a0, g) => {
      const args = [
        a0, bounds[g + 1], p.offsets, p.posInst, p.posQty, p.pnl, M, r.k, r.ke, r.kLo, r.kHi, r.esAlpha, r.zCrit,
        chunk, block, cap, p.scratch, p.out, p.bound, p.listInfo, p.lists,
      ];
      const scratch = { arg: SCRATCH_ARG, bytes: scratchBytes };
      return tracked
        ? [{ kernel: 'accountRiskTracked', args: [...args, p.change, 1, this.shape.instruments, p.fullCounts + 4 * g], scratch }]
        : [{ kernel: 'accountRiskBlocked', args, scratch }];
    });
  }

  /** After a tracked stage B of `groups` groups: how many accounts were recomputed in every scenario. */
  accountsInFull(groups: number): number {
    return this.heap.i32(this.ptr.fullCounts, groups).reduce((n, x) => n + x, 0);
  }

  /** Tail results of accounts [first, end) (default every account): TAIL_FIELDS values per account (a copy). */
  results(first = 0, end = this.shape.accounts): Float64Array {
    return this.heap.f64(this.ptr.out + 8 * TAIL_FIELDS * first, TAIL_FIELDS * (end - first)).slice();
  }

  /**
   * The call that computes one account with the given positions into a private result slot, using
   * its own scratch vector (reserved for the calling thread). Read the result with `updateResult`.
   * `threshold`: a guess of a loss at most the account's K-th largest (`bound`, or the hint of the
   * last update), NaN for none; only the losses above it reach the selection when it holds (the
   * same bits either way: accountRiskFrom). With `account`, the call also renews that account's
   * tracking state from the new positions (the book's next reprice starts from its tail candidates),
   * and with `list` (listChange.ts) it first tries to prove the tail from the account's tracking list.
   */
  updateCall(positions: readonly Held[], r: TailRanks, threshold = NaN, account = -1, list: ListChange = { scale: 1, rise: NaN }): KernelCall {
    const n = positions.length;
    const need = 8 + 4 * n + 8 * n + 8 * UPDATE_OUT_FIELDS + 64;
    if (need > this.updateBytes) {
      if (this.ptr.update) this.free(this.ptr.update);
      this.updateBytes = Math.max(need, 2 * this.updateBytes, 4096);
      this.ptr.update = this.alloc(this.updateBytes);
    }
    const base = this.ptr.update;
    const outPtr = base;
    const offsetsPtr = base + 8 * UPDATE_OUT_FIELDS;
    const instPtr = offsetsPtr + 8;
    const qtyPtr = instPtr + 8 * Math.ceil((4 * n) / 8);
    // written in place: no typed arrays of their own per call (see greeks.ts, `single`)
    const inst = this.heap.i32(instPtr, n);
    const qty = this.heap.f64(qtyPtr, n);
    for (let j = 0; j < n; j++) {
      inst[j] = positions[j].instrumentIndex;
      qty[j] = positions[j].quantity;
    }
    const M = this.shape.scenarios;
    // the list path of a book account reads its hot copy (filled now if it has none for these instruments)
    const hot = account >= 0 && !Number.isNaN(list.rise) ? this.hot.take(account, positions) : { ptr: 0, state: HOT_NONE };
    return {
      kernel: 'accountRiskFrom',
      args: [
        n, instPtr, qtyPtr, this.ptr.pnl, M, r.k, r.ke, r.kLo, r.kHi, r.esAlpha, r.zCrit, threshold, this.blocking.cap, this.ptr.updateScratch, outPtr,
        account, this.ptr.bound, this.ptr.listInfo, this.ptr.lists, list.rise, list.scale, hot.ptr, hot.state,
      ],
    };
  }

  /** max |P&L| of instrument i over every scenario of the buffer in use (computed once per buffer). */
  maxAbsPnl(i: number): number {
    let m = this.rowMax[i];
    if (Number.isNaN(m)) {
      const M = this.shape.scenarios;
      const row = this.heap.f64(this.ptr.pnl + 8 * M * i, M);
      m = 0;
      for (let j = 0; j < M; j++) m = Math.max(m, Math.abs(row[j]));
      this.rowMax[i] = m;
    }
    return m;
  }

  /**
   * The result of the last `updateCall`: TAIL_FIELDS values, the threshold hint for the account's
   * next one, and how the tail was found (an index of UPDATE_PATHS). A copy, valid until the next
   * call (reused: a slice of shared memory costs about 1 us, a tenth of a whole update).
   */
  updateResult(): Float64Array {
    const out = this.updateOut;
    out.set(this.heap.f64(this.ptr.update, UPDATE_OUT_FIELDS));
    this.hot.settle(out[TAIL_FIELDS + 2] === 1);
    return out;
  }

  /** Updates whose list path read the account's hot copy instead of the P&L rows (hotAccounts.ts). */
  get hotCopyReads(): number {
    return this.hot.reads;
  }

  /** Account a's tail bound of the last stage B (a loss below its K-th largest), NaN when untracked. */
  trackedBound(a: number): number {
    const b = this.heap.f64(this.ptr.bound + 8 * a, 1)[0];
    return b === Infinity ? NaN : b;
  }

  /** One instrument's unit P&L in every scenario (a copy). */
  instrumentPnl(i: number): Float64Array {
    const M = this.shape.scenarios;
    return this.heap.f64(this.ptr.pnl + 8 * M * i, M).slice();
  }

  /** Scenario log-returns, scenario-major M x N (a copy). */
  scenarioReturns(): Float64Array {
    return this.heap.f64(this.ptr.x, this.shape.scenarios * this.shape.factors).slice();
  }

  release(): void {
    for (const p of this.blocks) this.heap.release(p);
    this.blocks.clear();
  }

  private updateBytes = 0;
  private readonly updateOut = new Float64Array(UPDATE_OUT_FIELDS);

  private alloc(bytes: number): number {
    const p = this.heap.alloc(Math.max(bytes, 8));
    this.blocks.add(p);
    return p;
  }

  private copy(data: Float64Array | Int32Array): number {
    const p = this.heap.allocCopy(data.length ? data : new Int32Array(1));
    this.blocks.add(p);
    return p;
  }

  private free(p: number): void {
    this.heap.release(p);
    this.blocks.delete(p);
  }
}
