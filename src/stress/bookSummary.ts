/** Book-level stress figures: uncovered loss, Cover 2 and the adequacy of a default fund. */
import { InputError } from '../errors.js';
import type { EngineResult } from './scenarioEngine.js';

export interface ScenarioTotal {
  label: string;
  /** Sum of the accounts' (weighted) losses, USD; gains offset losses. */
  totalLoss: number;
  /** Sum over accounts of max(0, loss - collateral), USD: what this one scenario leaves uncovered. */
  uncoveredLoss: number;
}

export interface BookSummary {
  /** Sum of the account shortfalls, each at the account's own worst scenario, USD (conservative). */
  totalUncoveredLoss: number;
  /** The scenario with the largest simultaneous uncovered loss (first on ties). */
  worstScenarioUncoveredLoss: { label: string; amount: number };
  /** The two largest account shortfalls (fewer ids when fewer accounts fall short). */
  cover2: { ids: string[]; amount: number };
  /** The insurance / default fund tested, USD (when given). */
  insuranceFund?: number;
  /** insuranceFund >= cover2.amount (the Cover 2 standard, CPMI-IOSCO PFMI Principle 4). */
  adequate?: boolean;
  /** insuranceFund >= totalUncoveredLoss (every account's worst case at once). */
  coversTotalUncoveredLoss?: boolean;
  /** Every scenario's book totals, in scenario order. */
  scenarios: ScenarioTotal[];
}

/** Checks an insurance fund amount (finite, >= 0). */
export function checkInsuranceFund(fund: number | undefined): void {
  if (fund !== undefined && !(typeof fund === 'number' && fund >= 0 && Number.isFinite(fund))) {
    throw new InputError(`must be a finite number >= 0 (USD); got ${String(fund)}`, { column: 'insuranceFund' });
  }
}

/**
 * Book summary of an engine result. Cover 2 ranks accounts by shortfall, largest first, ties by
 * account id, so the result does not depend on the order of the accounts.
 * @param labels one label per scenario
 */
export function bookSummary(result: EngineResult, labels: readonly string[], insuranceFund?: number): BookSummary {
  checkInsuranceFund(insuranceFund);
  let totalUncoveredLoss = 0;
  for (const a of result.accounts) totalUncoveredLoss += a.shortfall;
  const short = result.accounts
    .filter((a) => a.shortfall > 0)
    .sort((x, y) => y.shortfall - x.shortfall || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
    .slice(0, 2);
  const cover2 = { ids: short.map((a) => a.id), amount: short.reduce((sum, a) => sum + a.shortfall, 0) };
  let worst = 0;
  for (let s = 1; s < labels.length; s++) if (result.uncoveredLoss[s] > result.uncoveredLoss[worst]) worst = s;
  const out: BookSummary = {
    totalUncoveredLoss,
    worstScenarioUncoveredLoss: { label: labels[worst], amount: result.uncoveredLoss[worst] },
    cover2,
    scenarios: labels.map((label, s) => ({ label, totalLoss: result.totalLoss[s], uncoveredLoss: result.uncoveredLoss[s] })),
  };
  if (insuranceFund !== undefined) {
    out.insuranceFund = insuranceFund;
    out.adequate = insuranceFund >= cover2.amount;
    out.coversTotalUncoveredLoss = insuranceFund >= totalUncoveredLoss;
  }
  return out;
}
