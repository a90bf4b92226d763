/** The margin policy: pure functions from risk figures, market data and a config to margins. */
export {
  PolicyConfigSchema,
  DEFAULT_POLICY_CONFIG,
  parsePolicyConfig,
  concentrationParams,
  type PolicyConfig,
  type PolicyConfigInput,
  type ConcentrationParams,
} from './config.js';
export { blendVolatility } from './blendVolatility.js';
export { nextRegime, regimeSeries, regimeMultiplier } from './regimes.js';
export { applyApc, type ApcState, type ApcContext, type ApcResult, type ApcStep } from './antiProcyclicality.js';
export { concentrationMarginFraction, concentrationAddOnUsd, tierMarginUsd, liquidityAddOnUsd, type ConcentrationScheme } from './addOns.js';
export { volatilityHaircut, collateralLines, type CollateralLine } from './haircuts.js';
export { oracleGuardFlags, conservativePrice, type OracleReading, type GuardCode, type PolicyFlag } from './oracleGuards.js';
export {
  marginStatus,
  distanceToLiquidation,
  accountHealth,
  collectMarginCalls,
  type MarginStatus,
  type LiquidationDistance,
  type MarginCall,
  type AccountHealth,
} from './health.js';
export { sumComponents, type Component, type ComponentKey } from './breakdown.js';
export { prepareMarket, type MarketSnapshot, type UnderlyingSnapshot, type PolicyMarket, type PolicyUnderlying } from './market.js';
export {
  accountRequirement,
  type AccountPolicyInputs,
  type AccountRiskInput,
  type AccountRequirement,
  type AccountRequirementStep,
} from './requirement.js';
export { riskOptionsFor, policyInputsFromRisk } from './engineInputs.js';
