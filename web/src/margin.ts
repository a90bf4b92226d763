/**
 * The page's margin view: the margin policy's initial and maintenance margin, equity (collateral
 * after haircuts and the share cap on non-cash assets) and status, computed by the same code as
 * `dynamargin calibrate` (src/policy/bookMargins.ts) on the page's risk figures. The policy is the
 * default one with its base measure, confidences and horizon set from the page's settings; the
 * long-run vol of the anti-procyclicality floor is the market's vol. Accounts holding an asset that
 * is neither a market symbol nor cash are `unpriced`.
 */
import { InputError, type AccountRisk, type Market, type Portfolio, type PositionInput, type VarMeta } from '../../src/browser/index.js';
import { accountPolicyMargin, policyBook, type PolicyBook } from '../../src/policy/bookMargins.js';
import { parsePolicyConfig, type PolicyConfig } from '../../src/policy/config.js';
import type { MarginStatus } from '../../src/policy/health.js';

export type Basis = 'es' | 'var';
export type Status = MarginStatus | 'unpriced';

export interface MarginRow {
  id: string;
  positions: number;
  var: number;
  es: number;
  /** The policy's initial margin, USD (NaN when unpriced). */
  requirement: number;
  maintenance: number;
  /** Equity: collateral after haircuts and share cap plus P&L, USD; NaN when an asset cannot be priced. */
  collateral: number;
  /** collateral - requirement. */
  excess: number;
  status: Status;
}

/** The policy the page margins with: the default policy, its base set from the page's risk settings. */
export function pagePolicy(basis: Basis, meta: Pick<VarMeta, 'confidence' | 'esConfidence' | 'horizonDays'>): PolicyConfig {
  return parsePolicyConfig({ base: { measure: basis, varConfidence: meta.confidence, esConfidence: meta.esConfidence, horizonDays: meta.horizonDays } }, 'page settings');
}

/** The policy's view of the page's book (market, unit deltas); the long-run vol is the market's vol unless given. */
export function pageBook(portfolio: Portfolio, market: Market, config: PolicyConfig, longRunVol?: Record<string, number>): PolicyBook {
  return policyBook(portfolio.instruments, market, config, longRunVol);
}

export function marginRow(
  risk: AccountRisk,
  meta: Pick<VarMeta, 'confidence' | 'esConfidence' | 'horizonDays'>,
  positions: readonly PositionInput[],
  collateral: Record<string, number>,
  book: PolicyBook,
  config: PolicyConfig,
): MarginRow {
  const row = { id: risk.id, positions: positions.length, var: risk.var, es: risk.es };
  try {
    const m = accountPolicyMargin(risk, meta, { collateral, positions }, book, config);
    return { ...row, requirement: m.initialMarginUsd, maintenance: m.maintenanceMarginUsd, collateral: m.equityUsd, excess: m.equityUsd - m.initialMarginUsd, status: m.health.status };
  } catch (err) {
    // only an unpriced collateral asset is shown as such; anything else is a bug to surface
    if (!(err instanceof InputError && err.column?.includes('.collateral'))) throw err;
    return { ...row, requirement: NaN, maintenance: NaN, collateral: NaN, excess: NaN, status: 'unpriced' };
  }
}
