/**
 * A live book: the engine's `RiskBook` (per-account VaR / ES kept incrementally) plus what the
 * margin policy needs around it: each account's collateral, the policy's view of the market, the
 * anti-procyclicality state of the last end of day and the regimes. Every account's margin, health
 * and breakdown is recomputed when its positions change (`apply`, through `book.updateAccount`),
 * when the market moves (`reprice`) and at the end of the day (`endOfDay`). Not thread-safe and not
 * re-entrant: the caller runs one operation at a time (see serialQueue.ts).
 */
import type { Engine } from '../engine.js';
import { InputError } from '../errors.js';
import type { MarketFile } from '../market/schema.js';
import type { Market } from '../market/types.js';
import type { AccountRisk, PositionInput, RiskBook } from '../montecarlo/book.js';
import { parseMarket } from '../market/parseMarket.js';
import type { ApcState } from '../policy/antiProcyclicality.js';
import type { PolicyConfig } from '../policy/config.js';
import { policyInputsFromRisk, riskOptionsFor } from '../policy/engineInputs.js';
import { prepareMarket, type MarketSnapshot, type PolicyMarket } from '../policy/market.js';
import { deltaPositions, instrumentDeltas, type PolicyBook } from '../policy/bookMargins.js';
import { accountRequirement, type AccountRequirement, type AccountRequirementStep } from '../policy/requirement.js';
import type { Instrument } from '../portfolio/types.js';
import type { BookInputs } from './bookInputs.js';
import { NotFoundError } from './errors.js';
import { BODY, type PositionsBody } from './requests.js';

/** An account as the service holds it. */
export interface AccountState {
  id: string;
  positions: PositionInput[];
  collateral: Record<string, number>;
}

/** The policy's memory from one end of day to the next. */
export interface PolicyState {
  /** Per account (book order): its APC state of the last end of day; undefined before its first. */
  states: (ApcState | undefined)[];
  /** Regime by underlying after the last end of day. */
  regimes: Record<string, number>;
}

/** One account's figures as the API returns them. */
export interface AccountView {
  id: string;
  positions: PositionInput[];
  collateral: Record<string, number>;
  risk: Omit<AccountRisk, 'id'>;
  margin: AccountRequirement;
}

/** An account's margin figures without their explanation. */
export type MarginFigures = Pick<AccountRequirement, 'initialMarginUsd' | 'maintenanceMarginUsd' | 'equityUsd' | 'health'>;

/** The figures a margin history row keeps. */
export interface MarginRow {
  account: string;
  initialMarginUsd: number;
  maintenanceMarginUsd: number;
  equityUsd: number;
  status: AccountRequirement['health']['status'];
}

export class LiveBook {
  private readonly index: Map<string, number>;
  private readonly instrumentIds: Set<string>;
  private policyMarket: PolicyMarket;
  /**
   * Each account's figures; the full explanation (breakdown, collateral lines) is recomputed from the
   * same inputs when an account is viewed, so a tick keeps no per-component objects alive.
   */
  private margins: MarginFigures[] = [];
  /** The state each account's latest computation would leave for tomorrow. */
  private nextStates: ApcState[] = [];

  private constructor(
    private readonly book: RiskBook,
    readonly instruments: readonly Instrument[],
    private readonly accounts: AccountState[],
    private marketFile: MarketFile,
    private deltas: PolicyBook['instruments'],
    readonly config: PolicyConfig,
    readonly longRunVol: Record<string, number>,
    readonly settings: { scenarios: number; seed: number },
    private policy: PolicyState,
  ) {
    this.index = new Map(accounts.map((a, i) => [a.id, i]));
    this.instrumentIds = new Set(instruments.map((i) => i.id));
    this.policyMarket = this.preparePolicyMarket();
    this.recomputeAll();
  }

  /** Compute the book (one full Monte Carlo pass) and every account's margin. */
  static async create(engine: Engine, inputs: BookInputs, policy?: PolicyState): Promise<LiveBook> {
    const market = parseMarket(inputs.market, 'market');
    const book = await engine.book(inputs.portfolio, market, { ...riskOptionsFor(inputs.config), scenarios: inputs.scenarios, seed: inputs.seed });
    const accounts = inputs.portfolio.accounts.map((a) => ({
      id: a.id,
      collateral: sortedKeys(a.collateral),
      positions: a.positions.map((p) => ({ instrument: p.instrument, quantity: p.quantity })),
    }));
    const state = policy ?? { states: accounts.map(() => undefined), regimes: {} };
    try {
      // deltas: each instrument's unit delta at the book's market, which the policy's basis and minimum-delta terms read
      const deltas = instrumentDeltas(inputs.portfolio.instruments, market);
      return new LiveBook(book, inputs.portfolio.instruments, accounts, inputs.market, deltas, inputs.config, inputs.longRunVol, { scenarios: inputs.scenarios, seed: inputs.seed }, state);
    } catch (err) {
      book.release();
      throw err;
    }
  }

  get size(): number {
    return this.accounts.length;
  }

  get market(): MarketFile {
    return this.marketFile;
  }

  get policyState(): PolicyState {
    return { states: [...this.policy.states], regimes: { ...this.policy.regimes } };
  }

  /** The book as plain data: what a fresh `LiveBook.create` needs to give the same figures. */
  inputs(): BookInputs {
    const instrumentIndex = new Map(this.instruments.map((ins, i) => [ins.id, i]));
    return {
      portfolio: {
        instruments: [...this.instruments],
        accounts: this.accounts.map((a) => ({
          id: a.id,
          collateral: { ...a.collateral },
          positions: a.positions.map((p) => ({ ...p, instrumentIndex: instrumentIndex.get(p.instrument)! })),
        })),
      },
      market: this.marketFile,
      config: this.config,
      longRunVol: this.longRunVol,
      ...this.settings,
    };
  }

  /** Book position of an account id, or NotFoundError. */
  indexOf(id: string): number {
    const a = this.index.get(id);
    if (a === undefined) throw new NotFoundError(`account: unknown account ${JSON.stringify(id)}`);
    return a;
  }

  account(a: number): AccountState {
    return this.accounts[a];
  }

  /**
   * New positions (or fills) and / or collateral for one account: its new risk and margin.
   * With `commit` false (a what-if) the book is left as it was, bit for bit. With `explain` false the
   * breakdown's notes are left empty (the same figures; see accountFigures.ts).
   * @throws InputError for an unknown instrument or collateral the policy cannot price (nothing changes)
   */
  apply(body: PositionsBody, commit: boolean, explain = true): AccountView {
    const a = this.indexOf(body.account);
    const before = this.accounts[a];
    const positions = body.positions ? body.positions.map((p) => ({ instrument: p.instrument, quantity: p.quantity })) : body.fills ? withFills(before.positions, body.fills) : before.positions;
    const given = body.positions ? 'positions' : 'fills';
    (body.positions ?? body.fills ?? []).forEach((p, j) => {
      if (!this.instrumentIds.has(p.instrument)) throw new InputError(`unknown instrument ${JSON.stringify(p.instrument)}`, { file: BODY, column: `${given}[${j}].instrument` });
    });
    const collateral = body.collateral ? sortedKeys(body.collateral) : before.collateral;
    const results = this.book.result.accounts;
    const oldRisk = results[a];
    const moved = positions !== before.positions;
    const risk = moved ? this.book.updateAccount(before.id, positions) : oldRisk;
    const restore = (): void => {
      if (!moved) return;
      this.book.updateAccount(before.id, before.positions);
      results[a] = oldRisk; // the very figures of before, not a recomputation
    };
    let step: AccountRequirementStep;
    try {
      step = this.requirement(a, risk, collateral, positions, explain);
    } catch (err) {
      restore();
      throw err instanceof InputError ? new InputError(err.problem, { file: BODY, column: collateralColumn(err.column) }) : err;
    }
    const view = { id: before.id, positions, collateral, risk: withoutId(risk), margin: step.result };
    if (!commit) {
      restore();
      return view;
    }
    this.accounts[a] = { id: before.id, positions, collateral };
    this.margins[a] = figuresOf(step.result);
    this.nextStates[a] = step.state;
    return view;
  }

  /**
   * Reprice every account under a new market (same underlyings in the same order).
   * @returns the accounts whose margin status changed
   */
  async reprice(file: MarketFile, market: Market): Promise<{ accountsInFull: number; statusChanged: number[] }> {
    const symbols = file.underlyings.map((u) => u.symbol);
    const held = this.marketFile.underlyings.map((u) => u.symbol);
    if (symbols.length !== held.length || symbols.some((s, i) => s !== held[i])) {
      throw new InputError(`must list the book's underlyings in its order: ${held.join(', ')}`, { file: BODY, column: 'underlyings' });
    }
    const book: PolicyBook = { market: this.preparePolicyMarket(file), instruments: instrumentDeltas(this.instruments, market) };
    const margins: MarginFigures[] = new Array(this.size);
    const states: ApcState[] = new Array(this.size);
    // each group of accounts' margins as soon as its risk is final, while the workers compute the
    // others: the policy (about 20 us an account) then mostly fills the time the calling thread
    // waited, instead of following the whole reprice (W1: 150-250 ms of a 500-650 ms tick)
    const onAccounts = (first: number, risks: readonly AccountRisk[]): void => {
      for (let j = 0; j < risks.length; j++) this.computeMargin(first + j, risks[j], book, margins, states);
    };
    const result = await this.book.reprice(market, { onAccounts });
    this.marketFile = file;
    this.policyMarket = book.market;
    this.deltas = book.instruments;
    return { accountsInFull: result.meta.accountsInFull ?? this.size, statusChanged: this.commitMargins(margins, states) };
  }

  /** The scheduled end-of-day step: today's APC states and regimes become the policy's memory. */
  endOfDay(): { statusChanged: number[] } {
    this.policy = { states: [...this.nextStates], regimes: { ...this.policyMarket.regimes } };
    this.policyMarket = this.preparePolicyMarket();
    return { statusChanged: this.recomputeAll() };
  }

  view(a: number): AccountView {
    const acc = this.accounts[a];
    const risk = this.book.result.accounts[a];
    return { id: acc.id, positions: acc.positions, collateral: acc.collateral, risk: withoutId(risk), margin: this.requirement(a, risk, acc.collateral, acc.positions).result };
  }

  margin(a: number): MarginFigures {
    return this.margins[a];
  }

  marginRow(a: number): MarginRow {
    const m = this.margins[a];
    return { account: this.accounts[a].id, initialMarginUsd: m.initialMarginUsd, maintenanceMarginUsd: m.maintenanceMarginUsd, equityUsd: m.equityUsd, status: m.health.status };
  }

  release(): void {
    this.book.release();
  }

  /**
   * Account a's margin under the policy, as `calibrate` and the web page compute it
   * (policy/bookMargins.ts): its positions' deltas and expiries included, for the basis add-on and
   * the minimum on hedged delta.
   */
  private requirement(
    a: number, risk: AccountRisk, collateral: Record<string, number>, positions: readonly PositionInput[], explain = true,
    book: PolicyBook = { market: this.policyMarket, instruments: this.deltas },
  ): AccountRequirementStep {
    const inputs = policyInputsFromRisk(risk, this.book.result.meta, collateral, this.config, {}, deltaPositions(positions, book));
    return accountRequirement(inputs, book.market, this.config, this.policy.states[a], { explain });
  }

  /** Account a's margin figures against `book` (from `risk`, its positions, collateral and state) into margins[a], its next state into states[a]. */
  private computeMargin(a: number, risk: AccountRisk, book: PolicyBook, margins: MarginFigures[], states: ApcState[]): void {
    // figures only: the explanation is rebuilt from the same inputs when the account is viewed
    const { collateral, positions } = this.accounts[a];
    const step = this.requirement(a, risk, collateral, positions, false, book);
    margins[a] = figuresOf(step.result);
    states[a] = step.state;
  }

  /** Every account's new margin figures and next states become the book's; returns the accounts whose status changed. */
  private commitMargins(margins: MarginFigures[], states: ApcState[]): number[] {
    const changed: number[] = [];
    for (let a = 0; a < margins.length; a++) {
      if (this.margins[a] && this.margins[a].health.status !== margins[a].health.status) changed.push(a);
    }
    this.margins = margins;
    this.nextStates = states;
    return changed;
  }

  /** Every account's margin; returns those whose status changed. */
  private recomputeAll(): number[] {
    const margins: MarginFigures[] = new Array(this.size);
    const states: ApcState[] = new Array(this.size);
    const risks = this.book.result.accounts;
    const book: PolicyBook = { market: this.policyMarket, instruments: this.deltas };
    for (let a = 0; a < risks.length; a++) this.computeMargin(a, risks[a], book, margins, states);
    return this.commitMargins(margins, states);
  }

  private preparePolicyMarket(file = this.marketFile): PolicyMarket {
    const snapshot: MarketSnapshot = { underlyings: {} };
    for (const u of file.underlyings) {
      snapshot.underlyings[u.symbol] = { priceUsd: u.spot, realizedVol: u.vol, longRunVol: this.longRunVol[u.symbol] };
    }
    return prepareMarket(snapshot, this.config, this.policy.regimes);
  }
}

/** Positions after trades: quantities added by instrument; a position netting to 0 is closed. */
export function withFills(positions: readonly PositionInput[], fills: readonly PositionInput[]): PositionInput[] {
  // the positions a fill leaves alone are the same objects (never mutated): an account's new state
  // costs the garbage collector only what changed
  const out = positions.slice();
  for (const f of fills) {
    const j = out.findIndex((p) => p.instrument === f.instrument);
    if (j >= 0) out[j] = { instrument: f.instrument, quantity: out[j].quantity + f.quantity };
    else out.push({ instrument: f.instrument, quantity: f.quantity });
  }
  return out.filter((p) => p.quantity !== 0);
}

/** Collateral by asset in asset order (as the store returns it, and as the policy reads it). */
function sortedKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]]));
}

/** The figures of a requirement the service reads on every event (status, amounts called). */
function figuresOf(r: AccountRequirement): MarginFigures {
  return { initialMarginUsd: r.initialMarginUsd, maintenanceMarginUsd: r.maintenanceMarginUsd, equityUsd: r.equityUsd, health: r.health };
}

function withoutId(risk: AccountRisk): Omit<AccountRisk, 'id'> {
  const { id, ...rest } = risk;
  return rest;
}

/** `accounts["A"].collateral.ETH` (the policy's path) -> `collateral.ETH` (the body's). */
function collateralColumn(column: string | undefined): string | undefined {
  return column?.replace(/^accounts\[[^\]]*\]\./, '');
}
