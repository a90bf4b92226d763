/**
 * Applies an explicit set of scenarios (a relative price move and an IV shock per underlying, and a
 * weight) to every account: each account's loss in every scenario, its worst scenario and
 * shortfall, and the book's total and uncovered loss per scenario.
 */
import { InputError } from '../errors.js';
import type { Market } from '../market/types.js';
import type { Portfolio } from '../portfolio/types.js';
import { DEFAULT_CASH_ASSETS, valueCollateral } from './collateral.js';
import { unitPnlMatrix, type RevalueOptions } from './revalue.js';

/** S scenarios over the market's N underlyings (scenario-major). */
export interface ScenarioSet {
  /** S x N relative price moves (> -1), market order. */
  moves: Float64Array;
  /** S x N relative IV shocks (before DTE scaling). */
  volShocks: Float64Array;
  /** S weights on the scenario P&L (1 for ordinary scenarios). */
  weights: Float64Array;
}

export interface EngineOptions extends RevalueOptions {
  /** Collateral assets valued at 1 USD unless the market lists them. Default USD, USDC, USDT. */
  cashAssets?: readonly string[];
  /**
   * (boolean) revalue collateral held in a market underlying with that underlying's move (as a
   * spot holding; its loss adds to the account's loss). Default true.
   */
  stressCollateral?: boolean;
}

export interface AccountOutcome {
  id: string;
  /** Index of the worst scenario (largest weighted loss; the first one on ties). */
  worstIndex: number;
  /** Largest weighted loss over the scenarios, USD (negative when every scenario is a gain). */
  worstLoss: number;
  /** Collateral value at today's prices, USD. */
  collateral: number;
  /** max(0, worstLoss - collateral), USD. */
  shortfall: number;
}

export interface EngineResult {
  accounts: AccountOutcome[];
  /** Per scenario: sum of the accounts' weighted losses, USD. */
  totalLoss: Float64Array;
  /** Per scenario: sum over accounts of max(0, loss - collateral), USD (what the scenario leaves uncovered). */
  uncoveredLoss: Float64Array;
}

/**
 * Account a's loss in scenario s: L_a(s) = -w_s * (sum over positions of q * unit P&L of the
 * instrument + sum over collateral held in underlyings of amount * S_u * move_u). Scenarios that
 * leave an underlying unshocked contribute exactly 0 for it (instant shock) and are skipped.
 * @throws InputError for inconsistent scenario arrays, a move <= -1, unknown collateral assets or a
 *   non-finite position quantity.
 */
export function runScenarios(portfolio: Portfolio, market: Market, set: ScenarioSet, options: EngineOptions = {}): EngineResult {
  const N = market.symbols.length;
  const S = set.weights.length;
  checkSet(set, N);
  const horizonDays = options.horizonDays ?? 0;
  if (!(horizonDays >= 0 && Number.isFinite(horizonDays))) throw new InputError(`must be a finite number >= 0; got ${horizonDays}`, { column: 'horizonDays' });
  const instant = horizonDays === 0;

  const pnl = unitPnlMatrix(portfolio.instruments, market, set.moves, set.volShocks, set.weights, options);
  // Scenarios that touch underlying u (all of them when time passes).
  const active: Int32Array[] = [];
  for (let u = 0; u < N; u++) {
    const list: number[] = [];
    for (let s = 0; s < S; s++) if (!instant || set.moves[s * N + u] !== 0 || set.volShocks[s * N + u] !== 0) list.push(s);
    active.push(Int32Array.from(list));
  }
  const stressCollateral = options.stressCollateral ?? true;
  const spotPnl = new Float64Array(N * S); // weighted P&L of one unit of underlying u held as collateral
  for (let u = 0; u < N; u++) for (let s = 0; s < S; s++) spotPnl[u * S + s] = set.weights[s] * market.spot[u] * set.moves[s * N + u];

  const cash = new Set(options.cashAssets ?? DEFAULT_CASH_ASSETS);
  const symbolIndex = new Map(market.symbols.map((s, i) => [s, i]));
  const totalLoss = new Float64Array(S);
  const uncoveredLoss = new Float64Array(S);
  const loss = new Float64Array(S);
  const nInst = portfolio.instruments.length;
  const accounts = portfolio.accounts.map((account, a): AccountOutcome => {
    const coll = valueCollateral(account, a, market, cash, symbolIndex);
    loss.fill(0);
    account.positions.forEach((p, k) => {
      const i = p.instrumentIndex;
      if (!(Number.isInteger(i) && i >= 0 && i < nInst)) throw new InputError(`instrument index ${i} out of range`, { column: `accounts[${a}].positions[${k}].instrument` });
      const q = p.quantity;
      if (!Number.isFinite(q)) throw new InputError(`must be a finite number; got ${q}`, { column: `accounts[${a}].positions[${k}].quantity` });
      addLoss(loss, q, pnl, i * S, active[portfolio.instruments[i].underlyingIndex]);
    });
    if (stressCollateral) for (const e of coll.exposures) addLoss(loss, e.amount, spotPnl, e.underlyingIndex * S, active[e.underlyingIndex]);
    let worstIndex = 0;
    for (let s = 1; s < S; s++) if (loss[s] > loss[worstIndex]) worstIndex = s;
    for (let s = 0; s < S; s++) {
      totalLoss[s] += loss[s];
      const gap = loss[s] - coll.valueUsd;
      if (gap > 0) uncoveredLoss[s] += gap;
    }
    const worstLoss = loss[worstIndex];
    return { id: account.id, worstIndex, worstLoss, collateral: coll.valueUsd, shortfall: Math.max(0, worstLoss - coll.valueUsd) };
  });
  return { accounts, totalLoss, uncoveredLoss };
}

/** loss[s] -= q * unit[row + s] for s in `scenarios` (all of them when the list is complete). */
function addLoss(loss: Float64Array, q: number, unit: Float64Array, row: number, scenarios: Int32Array): void {
  const S = loss.length;
  if (scenarios.length === S) {
    for (let s = 0; s < S; s++) loss[s] -= q * unit[row + s];
    return;
  }
  for (let k = 0; k < scenarios.length; k++) {
    const s = scenarios[k];
    loss[s] -= q * unit[row + s];
  }
}

function checkSet(set: ScenarioSet, N: number): void {
  const S = set.weights.length;
  if (S === 0) throw new InputError('at least one scenario is required', { column: 'scenarios' });
  if (set.moves.length !== S * N) throw new InputError(`moves has ${set.moves.length} entries; expected scenarios x underlyings = ${S * N}`, { column: 'scenarios.moves' });
  if (set.volShocks.length !== S * N) throw new InputError(`volShocks has ${set.volShocks.length} entries; expected ${S * N}`, { column: 'scenarios.volShocks' });
  set.moves.forEach((m, k) => {
    if (!(m > -1 && Number.isFinite(m))) throw new InputError(`must be a finite number > -1; got ${m}`, { column: `scenarios[${Math.floor(k / N)}].moves[${k % N}]` });
  });
  set.volShocks.forEach((v, k) => {
    if (!Number.isFinite(v)) throw new InputError(`must be a finite number; got ${v}`, { column: `scenarios[${Math.floor(k / N)}].volShocks[${k % N}]` });
  });
  set.weights.forEach((w, s) => {
    if (!(w > 0 && Number.isFinite(w))) throw new InputError(`must be a finite number > 0; got ${w}`, { column: `scenarios[${s}].weight` });
  });
}
