/**
 * A computed risk book: per-account Monte Carlo (or historical) VaR and ES with the instrument P&L
 * matrix kept in kernel memory, so one account can be recomputed in microseconds
 * (`updateAccount`) and the whole book after a market move (`reprice`).
 *
 * Pipeline: scenario log-returns (M x N) -> unit P&L of every instrument (I x M, each instrument
 * revalued once for all accounts) -> each account's losses from its sparse positions -> tail
 * statistics by partial selection. Scenario blocks run in parallel, then account blocks.
 */
import type { Compute } from '../compute.js';
import { AbortError, runSignal, type CancelOptions, type RunSignal } from '../pool/cancel.js';
import { InputError } from '../errors.js';
import { formatLimit, LIMIT_REASON, MAX_QUANTITY } from '../inputLimits.js';
import { assertFiniteFigures } from './finiteFigures.js';
import { cholesky } from '../linalg/cholesky.js';
import type { Market } from '../market/types.js';
import type { Account, Instrument, Portfolio, Position } from '../portfolio/types.js';
import { splitGuided } from '../volatility/panel.js';
import { HOT_COPY_BYTES } from '../wasm/hotAccounts.js';
import { BookLayout, bookBytes, CHUNK_SCENARIOS, TAIL_FIELDS, UPDATE_PATHS, type BookShape, type PositionArrays, type ScenarioSource } from '../wasm/bookLayout.js';
import { accountGreeks, greeksOfAccounts, instrumentGreeks, type AccountGreeks, type Greeks } from './greeks.js';
import { horizonScale, instrumentArrays } from './instrumentArrays.js';
import { PositionChange } from './listChange.js';
import { toMarket, type MarketInput } from './inputs.js';
import type { VarParams } from './options.js';
import { tailRanks, type TailRanks } from './tailRanks.js';

export interface AccountRisk {
  id: string;
  /** VaR at `confidence`: the k-th largest scenario loss, k = ceil((1 - c) M). */
  var: number;
  /** ES at `esConfidence`: mean of the ke largest scenario losses. */
  es: number;
  /** 95% Monte Carlo confidence interval of VaR (order statistics). */
  varCi: [number, number];
  /** 95% Monte Carlo confidence interval of ES (standard error of the tail mean). */
  esCi: [number, number];
  greeks: AccountGreeks;
  /** Set when a parametric approximation is unreliable for this account. */
  warning?: string;
}

export interface VarMeta {
  model: VarParams['model'];
  scenarios: number;
  seed: number;
  threads: number;
  backend: string;
  confidence: number;
  esConfidence: number;
  horizonDays: number;
  dof?: number;
  volShock: number;
  /** Set when the market has an implied-vol surface: how options on it moved in the scenarios. */
  surfaceDynamics?: VarParams['surfaceDynamics'];
  asOf: string;
  /** Tail ranks used: VaR is the k-th largest loss, ES the mean of the ke largest. */
  k: number;
  ke: number;
  /**
   * Scenario models: accounts whose losses were computed in every scenario. All of them, except in
   * a reprice, where the others were proven from their tail scenarios of the last run (the same
   * results, bit for bit).
   */
  accountsInFull?: number;
  /** Things the caller should know, e.g. hs returned fewer scenarios than asked (also on the CLI's stderr). */
  warnings?: string[];
  /**
   * Milliseconds: `computeMs` in all; `stages` split it (scenario generation + revaluation, then accounts).
   * `dynamargin var` adds `loadMs` (reading and validating the inputs) and `engineWaitMs` (the engine's
   * start left after them); its `computeMs` is the whole call.
   */
  timings: { computeMs: number; loadMs?: number; engineWaitMs?: number; stages?: { prepareMs: number; scenariosMs: number; accountsMs: number; resultsMs: number } };
}

/** Greeks of one unit of an instrument (multiplier included); units as in `AccountGreeks`. */
export interface InstrumentGreeks extends Greeks {
  id: string;
}

export interface VarResult {
  accounts: AccountRisk[];
  instruments: InstrumentGreeks[];
  meta: VarMeta;
}

/** Position as the API takes it: instrument id and signed quantity. */
export interface PositionInput {
  instrument: string;
  quantity: number;
}

/**
 * Largest relative vol move (any underlying, since the last run) after which a reprice still
 * starts from each account's tail scenarios. At W1 a 2% move leaves 20-70% of the accounts to
 * recompute in full; past about 30% every account fails and the attempt costs about 10%.
 */
const TRACKED_VOL_MOVE = 0.05;

/** Kernel memory a book may use unless told otherwise: the wasm32 limit less headroom. */
export const DEFAULT_MEMORY_LIMIT_BYTES = 3.5 * 2 ** 30;

export interface BookSetup {
  portfolio: Portfolio;
  market: Market;
  params: VarParams;
  /** Scenario returns for hs / fhs (M x N, scenario-major), built from price history by the caller. */
  historical?: Float64Array;
  memoryLimitBytes?: number;
  /** Most kernel memory for hot copies of recently updated accounts (default HOT_COPY_BYTES; 0: none). */
  hotCopyBytes?: number;
  /** Called as work completes, with the fraction done (0..1]. */
  onProgress?: (fraction: number) => void;
  /** Each group of accounts' results as soon as they are final (see OnAccounts). */
  onAccounts?: OnAccounts;
  /** Cancels the computation (rejects with AbortError / TimeoutError; the book's memory is released). */
  signal?: AbortSignal;
}

export class RiskBook {
  private readonly accounts: Account[];
  private readonly accountIndex: Map<string, number>;
  private readonly instrumentIndex: Map<string, number>;
  private unitGreeks: Greeks[];
  private readonly ranks: TailRanks;
  private readonly layout: BookLayout;
  /** Scratch of updateAccount's list path: how far a change of positions can move each loss. */
  private readonly positionChange: PositionChange;
  private released = false;
  private latest!: VarResult;

  private constructor(
    private readonly compute: Compute,
    private market: Market,
    private readonly instruments: readonly Instrument[],
    accounts: readonly Account[],
    private readonly params: VarParams,
    private readonly source: ScenarioSource,
    readonly scenarios: number,
    memoryLimitBytes: number,
    hotCopyBytes: number,
  ) {
    this.accounts = accounts.map((a) => ({ ...a, positions: [...a.positions] }));
    this.accountIndex = new Map(this.accounts.map((a, i) => [a.id, i]));
    this.instrumentIndex = new Map(instruments.map((ins, i) => [ins.id, i]));
    this.unitGreeks = instrumentGreeks(instruments, market);
    this.ranks = tailRanks(scenarios, params.confidence, params.esConfidence);
    const shapeFor = (M: number): BookShape => ({
      scenarios: M,
      factors: market.symbols.length,
      instruments: instruments.length,
      accounts: this.accounts.length,
      positions: this.accounts.reduce((n, a) => n + a.positions.length, 0),
      blocks: 4 * compute.threads,
      slots: compute.threads,
      tail: Math.min(M, Math.ceil((Math.max(this.ranks.ke, this.ranks.kHi) * M) / scenarios)),
      chunk: source.kind === 'given' ? M : CHUNK_SCENARIOS,
      hotCopyBytes,
    });
    const shape = shapeFor(scenarios);
    const need = bookBytes(shape);
    const have = compute.heap.allocatedBytes;
    if (need + have > memoryLimitBytes) {
      const fit = largestFitting(scenarios, (M) => bookBytes(shapeFor(M)) + have <= memoryLimitBytes);
      throw new InputError(
        `${scenarios} scenarios x ${shape.instruments} instruments x ${shape.accounts} accounts need ` +
          `${gib(need)} GiB of kernel memory, over the ${gib(memoryLimitBytes)} GiB limit; at most ${Math.max(0, fit)} scenarios fit`,
        { column: 'scenarios' },
      );
    }
    this.layout = new BookLayout(compute.heap, shape);
    this.positionChange = new PositionChange(shape.instruments, (i) => this.layout.maxAbsPnl(i));
    this.updateHints = new Float64Array(this.accounts.length).fill(NaN);
  }

  static async create(compute: Compute, setup: BookSetup): Promise<RiskBook> {
    const { market, portfolio, params } = setup;
    const source = scenarioSource(market, params, setup.historical);
    const scenarios = source.kind === 'given' ? source.returns.length / market.symbols.length : params.scenarios;
    const tail = Math.max(params.confidence, params.esConfidence);
    const needed = Math.ceil(1 / (1 - tail) - 1e-9);
    if (scenarios < needed) {
      throw new InputError(
        `the price history gives ${scenarios} ${params.model} scenarios; the ${tail} tail needs at least ${needed} (longer history or lower confidence)`,
        { column: 'scenarios' },
      );
    }
    const book = new RiskBook(
      compute, market, portfolio.instruments, portfolio.accounts, params, source, scenarios,
      setup.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT_BYTES, setup.hotCopyBytes ?? HOT_COPY_BYTES,
    );
    try {
      await book.computeAll(setup.onProgress, setup.signal, false, false, setup.onAccounts);
    } catch (err) {
      book.release();
      throw err;
    }
    return book;
  }

  /**
   * How `updateAccount` found each account's tail so far: from its tracked tail scenarios alone
   * (`fromList`), from the losses above a guess of its K-th largest (`fromThreshold`), or in every
   * scenario (`inFull`); the same bits each way, at different costs.
   */
  readonly updatePaths: Record<(typeof UPDATE_PATHS)[number], number> = { inFull: 0, fromThreshold: 0, fromList: 0 };

  /**
   * Updates whose tracked tail scenarios' P&L came from the account's hot copy (made by its previous
   * update, valid until the next reprice or a change of its instruments): a read in sequence of
   * n x ~300 values instead of a gather across n rows. Same bits either way.
   */
  get hotCopyUpdates(): number {
    return this.layout.hotCopyReads;
  }

  /** The latest full result (after `create` or `reprice`, with `updateAccount` changes applied). */
  get result(): VarResult {
    return this.latest;
  }

  /**
   * Touch the memory the first reprice writes (the second P&L buffer, I x M f64) so its page faults
   * are paid now: at W1 they made the first tick about 0.1-0.2 s slower than the next ones.
   */
  prepareReprice(): void {
    this.assertOpen();
    this.layout.touchRepriceBuffers();
  }

  /** Replace one account's positions and recompute its risk from the cached instrument P&L. */
  updateAccount(id: string, positions: readonly PositionInput[]): AccountRisk {
    this.assertOpen();
    const a = this.accountIndex.get(id);
    if (a === undefined) throw new InputError(`unknown account "${id}"`, { column: 'id' });
    const resolved: Position[] = new Array(positions.length);
    const before = this.accounts[a].positions;
    for (let j = 0; j < positions.length; j++) {
      const p = positions[j];
      // a position the change left as it was (same place, instrument and quantity bits) keeps its object
      const same = before[j];
      if (same !== undefined && same.instrument === p.instrument && Object.is(same.quantity, p.quantity)) {
        resolved[j] = same;
        continue;
      }
      const i = this.instrumentIndex.get(p.instrument);
      if (i === undefined) throw positionError(j, `instrument: unknown instrument "${p.instrument}"`);
      if (typeof p.quantity !== 'number' || !Number.isFinite(p.quantity)) throw positionError(j, `quantity: must be a finite number; got ${String(p.quantity)}`);
      if (Math.abs(p.quantity) > MAX_QUANTITY) {
        throw positionError(j, `quantity: must be in [-${formatLimit(MAX_QUANTITY)}, ${formatLimit(MAX_QUANTITY)}] ${LIMIT_REASON}; got ${p.quantity}`);
      }
      resolved[j] = { instrument: p.instrument, instrumentIndex: i, quantity: p.quantity };
    }
    // the tail from a's tracked tail scenarios when the change of positions cannot have moved it off
    // them; else from the losses above a guess of its K-th largest (its last update's hint, or the
    // last stage B's bound); else every scenario. Each way renews a's tail candidates, so the next
    // reprice need not recompute it in full
    const bound = this.layout.trackedBound(a);
    const change = this.positionChange.of(before, resolved, bound);
    const guess = Number.isNaN(this.updateHints[a]) ? bound : this.updateHints[a];
    this.compute.runLocal([this.layout.updateCall(resolved, this.ranks, guess, a, change)]);
    this.accounts[a] = { ...this.accounts[a], positions: resolved };
    const tails = this.layout.updateResult();
    this.updateHints[a] = tails[TAIL_FIELDS];
    this.updatePaths[UPDATE_PATHS[tails[TAIL_FIELDS + 1]]]++;
    const risk = this.updatedRisk(a, tails);
    this.latest.accounts[a] = risk;
    this.positionsDirty = true;
    assertFiniteFigures([risk], [this.accounts[a]], this.instruments, this.latest.instruments, this.market, a);
    return risk;
  }

  /**
   * Recompute every account under a new market (same underlyings in the same order). If it fails
   * or is cancelled (`options.signal`, `options.timeoutMs`), the book keeps its previous `result`
   * but its P&L cache is half updated: `updateAccount` and `instrumentPnl` refuse until a reprice succeeds.
   */
  async reprice(input: MarketInput, options?: RepriceOptions): Promise<VarResult> {
    this.assertOpen(true);
    const market = toMarket(input);
    const same = market.symbols.length === this.market.symbols.length && market.symbols.every((s, i) => s === this.market.symbols[i]);
    if (!same) throw new InputError('must list the same underlyings in the same order as the book', { column: 'market.underlyings' });
    const cancel = runSignal(options, 'reprice');
    // one reprice at a time, in call order: two at once would rewrite the same scenario and P&L
    // rows under each other (a deadline counts the wait)
    const run = this.work.then(() => this.repriceNow(market, cancel, options?.onAccounts));
    this.work = run.then(noop, noop);
    try {
      return await run;
    } finally {
      cancel.dispose();
    }
  }

  private async repriceNow(market: Market, cancel: RunSignal, onAccounts?: OnAccounts): Promise<VarResult> {
    if (this.released) throw new Error('dynamargin: this book was released');
    cancel.throwIfAborted();
    this.busy = true;
    try {
      // after a failed or cancelled reprice the scenario rows may be half rewritten
      const scenariosIntact = !this.incomplete;
      this.incomplete = true;
      this.market = market;
      this.unitGreeks = instrumentGreeks(this.instruments, market);
      // the scenario log-returns depend on the vols and correlations only: a move in prices alone keeps them
      let keepScenarios = scenariosIntact && this.source.kind === 'given';
      // each account's tail scenarios of the last (completed) run stay valid whatever moved (the
      // tracked stage B proves from the rows' change which accounts they still serve), but after
      // a large vol or any correlation move nearly every account fails the proof: then go straight
      // to the full pass
      let tracked = keepScenarios;
      const source = this.source;
      if (source.kind === 'generated') {
        const next = scenarioSource(market, this.params, undefined) as typeof source;
        const sameChol = sameValues(next.chol, source.chol);
        keepScenarios = scenariosIntact && sameChol && sameValues(next.scale, source.scale);
        tracked = scenariosIntact && sameChol && next.scale.every((x, u) => Math.abs(x / source.scale[u] - 1) <= TRACKED_VOL_MOVE);
        Object.assign(source, next);
      }
      const signal = cancel.signal ? AbortSignal.any([cancel.signal, this.releasing.signal]) : this.releasing.signal;
      await this.computeAll(undefined, signal, keepScenarios, tracked, onAccounts);
      this.incomplete = false;
      return this.latest;
    } finally {
      this.busy = false;
    }
  }

  /** One instrument's unit P&L in every scenario (e.g. for charts). */
  instrumentPnl(instrumentId: string): Float64Array {
    this.assertOpen();
    const i = this.instrumentIndex.get(instrumentId);
    if (i === undefined) throw new InputError(`unknown instrument "${instrumentId}"`, { column: 'instrument' });
    return this.layout.instrumentPnl(i);
  }

  /**
   * Give the book's kernel memory back. A running reprice is cancelled (it rejects with an
   * `AbortError`) and the memory is freed once its running kernel calls have finished: the promise
   * resolves then. Reprices queued behind it reject.
   */
  release(): Promise<void> {
    if (!this.released) {
      this.released = true;
      this.releasing.abort(new AbortError('dynamargin: this book was released during the reprice'));
      if (this.busy) this.freed = this.work.then(() => this.layout.release());
      else this.layout.release();
    }
    return this.freed;
  }

  /** The book's reprices, chained: each starts once the previous one has settled. */
  private work: Promise<void> = Promise.resolve();
  /** Set while a reprice computes (its kernel calls may be writing the book's memory). */
  private busy = false;
  private readonly releasing = new AbortController();
  private freed: Promise<void> = Promise.resolve();

  /** Per account: the threshold hint its last `updateAccount` left (NaN: none since the last full run). */
  private updateHints: Float64Array;
  private positionsDirty = true;
  private positions!: PositionArrays;

  private async computeAll(onProgress?: (fraction: number) => void, signal?: AbortSignal, keepScenarios = false, tracked = false, onAccounts?: OnAccounts): Promise<void> {
    const t0 = performance.now();
    const { layout, compute, market, params } = this;
    if (!keepScenarios) layout.setScenarios(this.source);
    layout.setInstruments(instrumentArrays(this.instruments, market, params));
    if (this.positionsDirty) {
      this.positions = positionArrays(this.accounts);
      layout.setPositions(this.positions);
      this.positionsDirty = false;
    }
    // more scenario blocks than threads: a worker slowed by the calling thread (the Greeks below)
    // takes fewer. Tracked, stage B starts from every account's tail scenarios of the last run
    // (assembly/tracked.ts; the same bits as a full pass)
    const scenarioBlocks = evenSplit(this.scenarios, layout.shape.blocks);
    const stageA = layout.scenarioCalls(scenarioBlocks, keepScenarios ? undefined : this.source, market.rate, tracked);
    // a tracked stage B recomputes its failed accounts together, a block at a time: fewer, larger
    // groups make those passes over the rows serve more accounts each. Shrinking groups, so that
    // the workers finish together
    const accountGroups = splitGuided(this.accounts.map((a) => a.positions.length + 1), tracked ? 2 * compute.threads : layout.shape.blocks, compute.threads);
    // stage A revalues I x M, stage B aggregates about (positions / accounts + 3) rows per account
    const weightA = this.instruments.length / (this.instruments.length + this.accounts.length * 3 + layout.shape.positions);
    let done = 0;
    const step = (weight: number, groups: number) => () => onProgress?.(Math.min(1, (done += weight / groups)));
    const tA = performance.now();
    const scenarioStage = compute.run(stageA, { stage: 'stage A (scenarios and instrument P&L)', onGroupDone: step(weightA, stageA.length), signal });
    // the Greeks need no scenarios: the calling thread computes them while the workers run
    const greeks = greeksOfAccounts(this.positions, this.unitGreeks, this.instruments, market);
    await scenarioStage;
    layout.usePnl();
    if (tracked) layout.mergeChanges(scenarioBlocks.length - 1);
    const stageB = layout.accountCalls(accountGroups, this.ranks, tracked);
    const instruments = this.instruments.map((ins, i) => ({ id: ins.id, ...this.unitGreeks[i] }));
    // each group's accounts, once final (for onAccounts as groups complete, else all at the end)
    const accounts: AccountRisk[] = new Array(this.accounts.length);
    const groupRisks = (g: number): AccountRisk[] => {
      const [a0, a1] = [accountGroups[g], accountGroups[g + 1]];
      const tails = layout.results(a0, a1);
      for (let a = a0; a < a1; a++) accounts[a] = this.accountRisk(a, tails, (a - a0) * TAIL_FIELDS, greeks[a]);
      const risks = accounts.slice(a0, a1);
      assertFiniteFigures(risks, this.accounts.slice(a0, a1), this.instruments, instruments, market, a0);
      return risks;
    };
    const stepB = step(1 - weightA, stageB.length);
    const groupDone = onAccounts
      ? (g: number) => {
        stepB();
        onAccounts(accountGroups[g], groupRisks(g));
      }
      : stepB;
    const tB = performance.now();
    await compute.run(stageB, { stage: 'stage B (account losses and tails)', onGroupDone: groupDone, signal });
    const tC = performance.now();
    this.updateHints.fill(NaN); // stage B left every account a fresh bound
    if (!onAccounts) for (let g = 0; g + 1 < accountGroups.length; g++) groupRisks(g);
    const end = performance.now();
    const inFull = tracked ? layout.accountsInFull(stageB.length) : this.accounts.length;
    this.latest = { accounts, instruments, meta: this.meta(end - t0, inFull) };
    this.latest.meta.timings.stages = { prepareMs: tA - t0, scenariosMs: tB - tA, accountsMs: tC - tB, resultsMs: end - tC };
  }

  /** Account a's result in a whole run, from its tail figures at tails[at ..] and its Greeks. */
  private accountRisk(a: number, tails: Float64Array, at: number, greeks: AccountGreeks): AccountRisk {
    return { id: this.accounts[a].id, var: tails[at], es: tails[at + 1], varCi: [tails[at + 2], tails[at + 3]], esCi: [tails[at + 4], tails[at + 5]], greeks };
  }

  /**
   * accountRisk for one update, from an object literal of its own: V8 pretenures the objects of a
   * literal whose objects mostly survive, as a whole run's do, and would make every update's in the
   * old generation (see greeks.ts, SINGLE).
   */
  private updatedRisk(a: number, tails: Float64Array): AccountRisk {
    const greeks = accountGreeks(this.accounts[a], this.unitGreeks, this.instruments, this.market);
    return { id: this.accounts[a].id, var: tails[0], es: tails[1], varCi: [tails[2], tails[3]], esCi: [tails[4], tails[5]], greeks };
  }

  private meta(computeMs: number, accountsInFull: number): VarMeta {
    const p = this.params;
    return {
      model: p.model,
      scenarios: this.scenarios,
      seed: p.seed,
      threads: this.compute.threads,
      backend: this.compute.backend,
      confidence: p.confidence,
      esConfidence: p.esConfidence,
      horizonDays: p.horizonDays,
      ...(p.model === 'student-t' ? { dof: p.dof } : {}),
      volShock: p.volShock,
      ...(this.market.surfaces ? { surfaceDynamics: p.surfaceDynamics } : {}),
      asOf: this.market.asOf,
      k: this.ranks.k,
      ke: this.ranks.ke,
      accountsInFull,
      ...(p.model === 'hs' && this.scenarios < p.scenarios ? { warnings: [hsShortfall(this.scenarios, p.scenarios, p.horizonDays)] } : {}),
      timings: { computeMs },
    };
  }

  /** Set while a reprice runs and after one failed: the P&L cache then mixes two markets. */
  private incomplete = false;

  private assertOpen(forReprice = false): void {
    if (this.released) throw new Error('dynamargin: this book was released');
    if (this.incomplete && !forReprice) throw new Error('dynamargin: the last reprice of this book failed or was cancelled; reprice it again before using it');
  }
}

/**
 * Called by a computation (a reprice, or `valueAtRisk` / `engine.book` with `onAccounts`) as each group of accounts is final, with the index of its first account and
 * their results (in order), while the other groups still compute: a caller can work on them
 * meanwhile (the service computes their margins). The reprice's `result` holds them once it resolves;
 * if it fails, the ones passed so far belong to no result.
 */
export type OnAccounts = (firstAccount: number, risks: readonly AccountRisk[]) => void;

/** Options of `RiskBook.reprice`. */
export interface RepriceOptions extends CancelOptions {
  /** (function) each group of accounts' results as soon as they are final: see OnAccounts. */
  onAccounts?: OnAccounts;
}

/** hs uses one overlapping h-day return per common close after the first h: M scenarios need M + h closes. */
function hsShortfall(got: number, asked: number, horizonDays: number): string {
  return `hs: ${got} scenarios, not the ${asked} asked: the price history has ${got + horizonDays} common closes; ` +
    `${asked} ${horizonDays}-day returns need ${asked + horizonDays}`;
}

function scenarioSource(market: Market, params: VarParams, historical: Float64Array | undefined): ScenarioSource {
  if (params.model === 'hs' || params.model === 'fhs') {
    if (!historical) throw new InputError(`the ${params.model} model needs price histories (--prices)`, { column: 'model' });
    return { kind: 'given', returns: historical };
  }
  if (params.model !== 'normal' && params.model !== 'student-t') {
    throw new InputError(`"${params.model}" is a parametric model, not a scenario model`, { column: 'model' });
  }
  const n = market.symbols.length;
  return {
    kind: 'generated',
    model: params.model,
    seed: params.seed,
    dof: params.dof,
    chol: cholesky(market.correlation, n, { symbols: market.symbols }),
    scale: horizonScale(market, params.horizonDays),
  };
}

/** The positions of `accounts` as CSR typed arrays (account a's are offsets[a] .. offsets[a + 1] - 1). */
export function positionArrays(accounts: readonly Account[]): PositionArrays {
  const offsets = new Int32Array(accounts.length + 1);
  accounts.forEach((a, i) => (offsets[i + 1] = offsets[i] + a.positions.length));
  const instrument = new Int32Array(offsets[accounts.length]);
  const quantity = new Float64Array(offsets[accounts.length]);
  accounts.forEach((a, i) =>
    a.positions.forEach((p, j) => {
      instrument[offsets[i] + j] = p.instrumentIndex;
      quantity[offsets[i] + j] = p.quantity;
    }),
  );
  return { offsets, instrument, quantity };
}

/** Bounds of `parts` near-equal contiguous blocks of [0, n). */
function evenSplit(n: number, parts: number): number[] {
  const p = Math.max(1, Math.min(parts, n));
  return Array.from({ length: p + 1 }, (_, i) => Math.round((n * i) / p));
}

function noop(): void {}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

/** Largest M in [0, upTo) with fits(M) (fits is monotone), by bisection; 0 when none does. */
function largestFitting(upTo: number, fits: (M: number) => boolean): number {
  let lo = 0;
  let hi = upTo;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

function gib(bytes: number): string {
  return (bytes / 2 ** 30).toFixed(2);
}

/** updateAccount's error for positions[j]. */
function positionError(j: number, problem: string): InputError {
  return new InputError(problem, { column: `positions[${j}]` });
}
