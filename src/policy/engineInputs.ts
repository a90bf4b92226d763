/** Glue between the risk engine's types and the policy's inputs (plain data both ways). */
import type { AccountRisk, VarMeta } from '../montecarlo/book.js';
import type { VarOptions } from '../montecarlo/options.js';
import type { PolicyConfig } from './config.js';
import type { DeltaPosition } from './deltaOneRisk.js';
import type { AccountPolicyInputs } from './requirement.js';

/**
 * The VaR options that make the engine compute what the policy reads: its confidences and the margin
 * period of risk as horizon (so no square-root-of-time scaling is needed).
 */
export function riskOptionsFor(config: PolicyConfig): Pick<VarOptions, 'confidence' | 'esConfidence' | 'horizonDays'> {
  return { confidence: config.base.varConfidence, esConfidence: config.base.esConfidence, horizonDays: config.base.horizonDays };
}

/**
 * Policy inputs of one account from the engine's result.
 * @param extra stress figures, unrealized P&L, computed by the caller
 * @param positions the positions' deltas and expiries (policy/bookMargins.ts `deltaPositions`), for the basis and minimum-delta terms
 */
export function policyInputsFromRisk(
  risk: AccountRisk,
  meta: Pick<VarMeta, 'horizonDays' | 'confidence' | 'esConfidence'>,
  collateral: Record<string, number>,
  config: PolicyConfig,
  extra: Pick<AccountPolicyInputs['risk'], 'stressLossUsd' | 'stressedPeriodRiskUsd' | 'floorRiskUsd'> & { unrealizedPnlUsd?: number } = {},
  positions?: readonly DeltaPosition[],
): AccountPolicyInputs {
  // no spread: the service builds these for every account on every tick
  const figures: AccountPolicyInputs['risk'] = {
    var: risk.var,
    es: risk.es,
    confidence: config.base.measure === 'es' ? meta.esConfidence : meta.confidence,
    horizonDays: meta.horizonDays,
  };
  if (extra.stressLossUsd !== undefined) figures.stressLossUsd = extra.stressLossUsd;
  if (extra.stressedPeriodRiskUsd !== undefined) figures.stressedPeriodRiskUsd = extra.stressedPeriodRiskUsd;
  if (extra.floorRiskUsd !== undefined) figures.floorRiskUsd = extra.floorRiskUsd;
  const inputs: AccountPolicyInputs = { id: risk.id, risk: figures, greeks: risk.greeks, collateral, unrealizedPnlUsd: extra.unrealizedPnlUsd };
  if (positions) inputs.positions = positions;
  return inputs;
}
