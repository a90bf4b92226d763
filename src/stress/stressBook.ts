/**
 * Hypothetical stress test of a book: every scenario of a grid applied to every account, the worst
 * scenario per account, and book figures (uncovered loss, Cover 2, fund adequacy, heatmap).
 *
 * Choices (documented):
 * - comovement 'all-together': every underlying moves by the same relative move and IV shock at
 *   once. 'each-underlying': each underlying is shocked alone (the others unchanged), so the grid
 *   runs once per market underlying and an account's worst loss is the maximum over underlyings and
 *   scenarios; a scenario that shocks an underlying the account does not hold costs it 0.
 * - Extended moves: the scenario's P&L is multiplied by its weight (Paradex "maximum weighted loss").
 * - An account's worst loss is the largest weighted loss over all scenarios, not floored at 0 (it
 *   is negative when every scenario is a gain); shortfall = max(0, worstLoss - collateral).
 * - Collateral: see `valueCollateral` (market symbols at spot, cash assets at 1, others rejected);
 *   with `stressCollateral` (default) collateral held in an underlying moves with the scenario.
 */
import type { Market } from '../market/types.js';
import type { Portfolio } from '../portfolio/types.js';
import { bookSummary, checkInsuranceFund, type BookSummary } from './bookSummary.js';
import { formatPercent, validateGrid, type StressGrid } from './grid.js';
import { runScenarios, type EngineOptions, type ScenarioSet } from './scenarioEngine.js';

export interface StressTestOptions extends Omit<EngineOptions, 'ivShockScaling'> {
  /** (number >= 0) insurance / default fund, USD, tested against Cover 2. Default: not tested. */
  insuranceFund?: number;
}

/** One scenario of an expanded grid. */
export interface GridScenario {
  /** e.g. "spot -16% vol +40%", "spot -66% vol +40% weight 0.24", "BTC spot +4% vol -22%". */
  label: string;
  /** Relative price move. */
  move: number;
  /** Relative IV shock before DTE scaling. */
  volShock: number;
  /** Weight on the scenario's P&L (1 for grid cells). */
  weight: number;
  /** True for an extended (weighted tail) move. */
  extended: boolean;
  /** each-underlying: the one underlying shocked. */
  underlying?: string;
  /** Grid cells: indices into priceMoves (row) and volShocks (col) of the heatmap. */
  row?: number;
  col?: number;
}

export interface AccountStress {
  id: string;
  /** Largest weighted loss over the grid, USD (negative when every scenario is a gain). */
  worstLoss: number;
  worstScenario: GridScenario;
  /** Collateral value at today's prices, USD. */
  collateral: number;
  /** max(0, worstLoss - collateral), USD. */
  shortfall: number;
}

export interface StressTestResult {
  /** In portfolio order. */
  accounts: AccountStress[];
  book: BookSummary;
  grid: { name: string; comovement: StressGrid['comovement']; source?: string; labels: string[]; scenarios: GridScenario[] };
  /**
   * Grid cells only (extended moves are in book.scenarios): rows = priceMoves, cols = volShocks;
   * the book's total (resp. uncovered) loss of the cell, the maximum over underlyings for
   * 'each-underlying'; NaN for omitted cells.
   */
  heatmap: { rows: number[]; cols: number[]; worstTotalLoss: number[][]; worstUncoveredLoss: number[][] };
}

/**
 * Runs `grid` on every account of `portfolio`.
 * @throws InputError for an invalid grid or option, unknown collateral assets, bad quantities.
 * @example stressTest(portfolio, market, PARADEX_PORTFOLIO_MARGIN, { insuranceFund: 5e6 }).book.cover2
 */
export function stressTest(portfolio: Portfolio, market: Market, grid: StressGrid, options: StressTestOptions = {}): StressTestResult {
  const g = validateGrid(grid);
  checkInsuranceFund(options.insuranceFund);
  const { scenarios, set } = expandGrid(g, market);
  const labels = scenarios.map((s) => s.label);
  const result = runScenarios(portfolio, market, set, { ...options, ivShockScaling: g.ivShockScaling });

  const rows = g.priceMoves.length;
  const cols = g.volShocks.length;
  const worstTotalLoss = Array.from({ length: rows }, () => new Array<number>(cols).fill(NaN));
  const worstUncoveredLoss = Array.from({ length: rows }, () => new Array<number>(cols).fill(NaN));
  scenarios.forEach((sc, s) => {
    if (sc.row === undefined || sc.col === undefined) return;
    const t = worstTotalLoss[sc.row];
    const u = worstUncoveredLoss[sc.row];
    if (!(t[sc.col] >= result.totalLoss[s])) t[sc.col] = result.totalLoss[s];
    if (!(u[sc.col] >= result.uncoveredLoss[s])) u[sc.col] = result.uncoveredLoss[s];
  });

  return {
    accounts: result.accounts.map((a) => ({
      id: a.id, worstLoss: a.worstLoss, worstScenario: scenarios[a.worstIndex], collateral: a.collateral, shortfall: a.shortfall,
    })),
    book: bookSummary(result, labels, options.insuranceFund),
    grid: { name: g.name, comovement: g.comovement, ...(g.source === undefined ? {} : { source: g.source }), labels, scenarios },
    heatmap: { rows: [...g.priceMoves], cols: [...g.volShocks], worstTotalLoss, worstUncoveredLoss },
  };
}

/**
 * The scenarios of a (validated) grid over the market's underlyings: grid cells row-major
 * (priceMoves outer, volShocks inner, omitted cells skipped), then extended moves; for
 * 'each-underlying' that list once per underlying, in market order.
 */
export function expandGrid(grid: StressGrid, market: Market): { scenarios: GridScenario[]; set: ScenarioSet } {
  const omitted = new Set((grid.omit ?? []).map((o) => `${o.move}|${o.volShock}`));
  const base: Omit<GridScenario, 'label'>[] = [];
  grid.priceMoves.forEach((move, row) => {
    grid.volShocks.forEach((volShock, col) => {
      if (!omitted.has(`${move}|${volShock}`)) base.push({ move, volShock, weight: 1, extended: false, row, col });
    });
  });
  for (const e of grid.extendedMoves ?? []) base.push({ move: e.move, volShock: e.volShock ?? 0, weight: e.weight, extended: true });
  const label = (b: Omit<GridScenario, 'label'>): string =>
    `spot ${formatPercent(b.move)} vol ${formatPercent(b.volShock)}${b.extended ? ` weight ${b.weight}` : ''}`;

  const N = market.symbols.length;
  const perUnderlying = grid.comovement === 'each-underlying';
  const scenarios: GridScenario[] = perUnderlying
    ? market.symbols.flatMap((symbol) => base.map((b) => ({ ...b, label: `${symbol} ${label(b)}`, underlying: symbol })))
    : base.map((b) => ({ ...b, label: label(b) }));
  const S = scenarios.length;
  const set: ScenarioSet = { moves: new Float64Array(S * N), volShocks: new Float64Array(S * N), weights: new Float64Array(S) };
  scenarios.forEach((sc, s) => {
    set.weights[s] = sc.weight;
    if (perUnderlying) {
      const u = Math.floor(s / base.length);
      set.moves[s * N + u] = sc.move;
      set.volShocks[s * N + u] = sc.volShock;
    } else {
      set.moves.fill(sc.move, s * N, (s + 1) * N);
      set.volShocks.fill(sc.volShock, s * N, (s + 1) * N);
    }
  });
  return { scenarios, set };
}
