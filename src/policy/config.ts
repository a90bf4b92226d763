/**
 * The margin policy's one config object: a zod schema whose defaults make `{}` a complete policy,
 * loadable from JSON (`parsePolicyConfig`) and exportable as JSON Schema
 * (`z.toJSONSchema(PolicyConfigSchema, { io: 'input' })`). Every field states its unit and default.
 *
 * Units: volatilities are annualized fractions (0.55 = 55%); fractions are of notional or price;
 * money is in the quote currency (USD); days are calendar days (crypto trades every day).
 */
import * as z from 'zod';
import { InputError } from '../errors.js';
import { zodInputError } from '../market/zodIssue.js';
import { INNOVATIONS, VOLATILITIES } from '../optimize/candidates.js';
import { ESTIMATORS } from '../volatility/types.js';

const fraction = (what: string) => z.number().min(0).max(1).describe(what);

export const VolatilityConfigSchema = z
  .strictObject({
    estimator: z.enum(ESTIMATORS).default('ewma').describe('Realized-volatility estimator passed to engine.volatility. Default "ewma".'),
    window: z.int().min(2).default(30).describe('Estimator window (returns; seed returns for ewma). Default 30.'),
    lambda: z.number().gt(0).lt(1).default(0.94).describe('EWMA decay (RiskMetrics 1996). Default 0.94.'),
    annualization: z.number().positive().default(365).describe('Periods per year; sigma_daily = sigma / sqrt(annualization). Default 365.'),
    realizedWeight: fraction('w in w * realized + (1 - w) * implied, used when an implied vol is given. Default 0.5.').default(0.5),
    floor: z.number().min(0).default(0.2).describe('Floor of the blended volatility (annualized fraction). Default 0.20.'),
  })
  .describe('Volatility inputs: realized (EWMA by default) blended with implied when given, floored.');

export const RegimeConfigSchema = z
  .strictObject({
    upThresholds: z
      .array(z.number().positive())
      .default([0.8, 1.2])
      .describe('Annualized vol at or above which regime i+1 is entered from regime i (ascending). Default [0.80, 1.20].'),
    downThresholds: z
      .array(z.number().positive())
      .default([0.7, 1.05])
      .describe('Annualized vol below which regime i+1 is left for regime i; <= upThresholds[i] (the gap is the hysteresis). Default [0.70, 1.05].'),
    multipliers: z
      .array(z.number().positive())
      .default([1, 1.25, 1.5])
      .describe('Multiplier of the risk requirement in each regime (one more than thresholds). Default [1, 1.25, 1.5].'),
  })
  .describe('Volatility regimes with hysteresis and a per-regime multiplier.');

export const BaseConfigSchema = z
  .strictObject({
    measure: z.enum(['es', 'var']).default('es').describe('Base risk measure: Expected Shortfall or VaR. Default "es".'),
    esConfidence: z.number().gt(0).lt(1).default(0.975).describe('ES confidence (fraction). Default 0.975.'),
    varConfidence: z.number().gt(0).lt(1).default(0.99).describe('VaR confidence (fraction); also the collateral-haircut confidence. Default 0.99.'),
    horizonDays: z.number().positive().max(3650).default(2).describe('Margin period of risk in days (EMIR Art. 26 / RTS 153/2013 Art. 26: 2 days for ETD). Default 2.'),
    riskWeight: fraction('x in x * risk + (1 - x) * stress (CME SPAN 2 style), used when a stress loss is given. Default 0.75.').default(0.75),
  })
  .describe('Base requirement: a risk measure over the margin period of risk, optionally blended with stress.');

export const ApcConfigSchema = z
  .strictObject({
    mode: z
      .enum(['floor', 'buffer', 'stressed-weight', 'none'])
      .default('floor')
      .describe('EMIR RTS 153/2013 Art. 28(1) tool: (c) "floor" from long-run volatility, (a) "buffer", (b) "stressed-weight", or "none". Default "floor".'),
    bufferFraction: z.number().min(0.25).default(0.25).describe('(a) Buffer on top of the requirement (fraction, >= 0.25 per Art. 28(1)(a)). Default 0.25.'),
    bufferDrawTrigger: z.number().positive().default(0.1).describe('(a) Daily relative rise of the raw requirement that starts drawing the buffer (fraction). Default 0.10.'),
    stressedWeight: z.number().min(0.25).max(1).default(0.25).describe('(b) Weight of the stressed-period risk measure (fraction, >= 0.25 per Art. 28(1)(b)). Default 0.25.'),
    floorLookbackDays: z.int().positive().default(3650).describe('(c) Lookback for the long-run volatility of the floor, days (10 years or all available). Default 3650.'),
  })
  .describe('Anti-procyclicality (EMIR RTS 153/2013 Art. 28).');

export const VelocityConfigSchema = z
  .strictObject({
    maxDailyRise: z.number().min(0).default(0.5).describe('Largest rise of the requirement in one day, as a fraction of the previous day. Default 0.50.'),
    releaseDelayDays: z.int().min(0).default(2).describe('Days a lower requirement must persist before it is released. Default 2.'),
    neverBelowRisk: z.boolean().default(true).describe('The rise cap never takes the requirement below the risk requirement before anti-procyclicality. Default true.'),
  })
  .describe('Margin call velocity: cap on daily rises, delay on releases.');

export const TierSchema = z.strictObject({
  fromNotionalUsd: z.number().min(0).describe('Lower edge of the tier, USD notional (first tier: 0).'),
  marginFraction: z.number().positive().max(1).describe('Margin fraction of the notional inside this tier.'),
});

/** Concentration parameters that can be overridden per underlying. */
export const ConcentrationParamsSchema = z.strictObject({
  baseMarginFraction: z.number().positive().max(1).describe('Base margin fraction of notional (Drift "mr", dYdX base IMF, the add-on is measured above it).'),
  imfFactor: z.number().min(0).describe('Drift: imf factor per sqrt(base unit) of |size|.'),
  lowerCapUsd: z.number().min(0).describe('dYdX v4: open notional (USD) up to which the base IMF applies.'),
  upperCapUsd: z.number().positive().describe('dYdX v4: open notional (USD) at which the IMF reaches maxMarginFraction.'),
  maxMarginFraction: z.number().positive().max(1).describe('dYdX v4: IMF at and above the upper cap.'),
  tiers: z.array(TierSchema).min(1).describe('Venue tiers, ascending; marginal (bracket) rates as in Binance-style tier tables.'),
});

export const ConcentrationConfigSchema = z
  .strictObject({
    scheme: z.enum(['drift', 'dydx', 'tiers', 'none']).default('drift').describe('Concentration scheme. Default "drift".'),
    basis: z
      .enum(['account-notional', 'open-interest'])
      .default('open-interest')
      .describe('dYdX: scale on the market open interest (as dYdX v4) or on the account notional. Default "open-interest".'),
    baseMarginFraction: ConcentrationParamsSchema.shape.baseMarginFraction.default(0.1).describe('Base margin fraction of notional. Default 0.10.'),
    imfFactor: ConcentrationParamsSchema.shape.imfFactor.default(0.0005).describe('Drift imf factor per sqrt(base unit). Default 0.0005.'),
    lowerCapUsd: ConcentrationParamsSchema.shape.lowerCapUsd.default(25e6).describe('dYdX lower cap, USD open notional. Default 25,000,000.'),
    upperCapUsd: ConcentrationParamsSchema.shape.upperCapUsd.default(50e6).describe('dYdX upper cap, USD open notional. Default 50,000,000.'),
    maxMarginFraction: ConcentrationParamsSchema.shape.maxMarginFraction.default(1).describe('dYdX IMF at the upper cap. Default 1.'),
    tiers: ConcentrationParamsSchema.shape.tiers
      .default([
        { fromNotionalUsd: 0, marginFraction: 0.1 },
        { fromNotionalUsd: 1e6, marginFraction: 0.15 },
        { fromNotionalUsd: 5e6, marginFraction: 0.25 },
      ])
      .describe('Venue tiers. Default 10% to $1M, 15% to $5M, 25% above.'),
    byUnderlying: z
      .record(z.string(), ConcentrationParamsSchema.partial())
      .default({})
      .describe('Per-underlying overrides of the parameters above, by symbol. Default none.'),
  })
  .describe('Concentration / position-size add-on.');

export const LiquidityConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Charge the liquidity add-on. Default true.'),
    halfSpread: z.number().min(0).default(0.0005).describe('Half bid-ask spread as a fraction of price, when the market gives none. Default 0.0005 (5 bp).'),
    impactCoefficient: z.number().min(0).default(1).describe('k in k * sigma_daily * sqrt(notional / ADV) (square-root law, Toth et al. 2011: k of order 1). Default 1.'),
  })
  .describe('Liquidity add-on: cost to liquidate versus average daily volume.');

export const CollateralConfigSchema = z
  .strictObject({
    cashAssets: z.array(z.string()).default(['USD', 'USDC', 'USDT']).describe('Assets valued at 1 USD with zero volatility unless the market lists them. Default USD, USDC, USDT.'),
    minHaircut: fraction('Haircut floor for every asset (fraction). Default 0.').default(0),
    haircutFloors: z.record(z.string(), z.number().min(0).max(1)).default({}).describe('Per-asset haircut floors (fraction), by asset. Default none.'),
    maxShare: z.number().gt(0).max(1).default(0.5).describe('Largest share of the haircut collateral value any one non-cash, non-exempt asset may count for. Default 0.50.'),
    capExempt: z.array(z.string()).default(['USD', 'USDC']).describe('Non-cash assets also exempt from the share cap (cashAssets never are capped). Default USD, USDC.'),
  })
  .describe('Collateral: volatility haircuts at base.varConfidence over base.horizonDays, and a concentration cap.');

export const LiquidationConfigSchema = z
  .strictObject({
    maintenanceFraction: z.number().gt(0).max(1).default(0.5).describe('Maintenance margin as a fraction of initial margin. Default 0.5.'),
    penaltyRate: fraction('Liquidation penalty as a fraction of the gross delta notional liquidated. Default 0.01.').default(0.01),
  })
  .describe('Maintenance margin and liquidation.');

export const DeltaOneConfigSchema = z
  .strictObject({
    basisShock: z
      .number()
      .min(0)
      .default(0.05)
      .describe('Shock to the annualized futures basis over the margin period (0.05 = 5 points a year): a future of expiry T moves by spot x shock x T against the perpetual. Default 0.05.'),
    minNetDeltaRate: fraction('Minimum requirement per unit of |net delta| x spot (Paradex Minimum Delta Requirement: 2%). Default 0.02.').default(0.02),
    minHedgedDeltaRate: fraction('Minimum requirement per unit of hedged delta x spot, hedged = min(long, |short|) delta (Paradex: 1%). Default 0.01.').default(0.01),
  })
  .describe('Risks the scenario engine does not see in delta-hedged books: basis (calendar-spread) shock of the futures curve, and a minimum requirement on net and hedged delta.');

export const OracleConfigSchema = z
  .strictObject({
    maxStalenessSeconds: z.number().positive().default(60).describe('Oracle price older than this is stale (Drift: 120 slots, about 60 s). Default 60.'),
    maxConfidenceFraction: z.number().positive().default(0.02).describe('Oracle confidence interval wider than this share of price is too uncertain (Drift: 2%). Default 0.02.'),
    maxTwapDivergence: z.number().positive().default(0.5).describe('|price - TWAP| / TWAP above this is divergent (Drift oracle-TWAP guard: 50%). Default 0.5.'),
    maxMarkIndexDivergence: z.number().positive().default(0.1).describe('|mark - index| / index above this is divergent (Drift mark-oracle guard: 10%). Default 0.10.'),
    shockMultiplier: z.number().min(1).default(1.5).describe('Widening of the risk requirement attributed to a guarded underlying. Default 1.5.'),
  })
  .describe('Oracle guards: a guarded underlying is valued at the worse of oracle, mark and TWAP with widened shocks.');

const ScheduleEntrySchema = z.strictObject({
  from: z.union([z.iso.date(), z.iso.datetime()]).describe('ISO date (or datetime, intraday data) from whose bar the entry sets the rate, until the next entry.'),
  volatility: z.enum(VOLATILITIES).optional().describe('Volatility model: "ewma" (default) or "gjr-garch-t" (GJR-GARCH(1,1) with t innovations, refitted quarterly).'),
  lambda: z.number().gt(0).lt(1).nullable().describe('EWMA decay of the volatility (null with gjr-garch-t).'),
  innovation: z.enum(INNOVATIONS).describe('Innovation quantile: "normal", "fhs" (filtered historical, capped residuals) or "skewed-t" (Hansen 1994, refitted monthly to the capped residuals).'),
  returnWeight: fraction('Weight of the squared close-to-close return in the variance proxy (the rest Garman-Klass).'),
  floorFraction: z.number().min(0).describe('Floor as a fraction of the median unit rate over settings.floorLookbackDays (0 = none).'),
  capRatio: z.number().min(1).nullable().describe('Cap as a multiple of the floor (null = none).'),
  maxDailyRise: z.number().min(0).nullable().describe('Largest daily rise of the rate, fraction (null = none).'),
  multiplier: z.number().positive().describe('Multiplier of the shaped unit rate.'),
});

export const CalibratedRatesSchema = z
  .strictObject({
    settings: z.strictObject({
      confidence: z.number().gt(0.5).lt(1).describe('VaR confidence of the rates.'),
      horizonDays: z.number().positive().describe('Horizon of the rates, days.'),
      floorLookbackDays: z.number().positive().describe("Lookback of the floor's median, days."),
      residualCap: z.number().positive().describe('FHS residual cap, standard deviations.'),
      minResiduals: z.int().min(1).describe('Residuals before FHS uses its own (Student-t(4) before).'),
      seedDays: z.int().min(1).describe('EWMA seed, days.'),
      band: z.number().min(1).describe('Peak / trough band of the rates.'),
    }),
    byUnderlying: z
      .record(z.string(), z.strictObject({ long: z.array(ScheduleEntrySchema).min(1), short: z.array(ScheduleEntrySchema).min(1) }))
      .describe('Per underlying and side: the walk-forward schedule chosen by `dynamargin calibrate --optimize`.'),
  })
  .describe('Calibrated margin rates (written by calibrate --optimize): per underlying and side, the rate model chosen at each monthly refit.');

export const PolicyConfigSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Optional JSON Schema reference; ignored.'),
    volatility: VolatilityConfigSchema.prefault({}),
    regimes: RegimeConfigSchema.prefault({}),
    base: BaseConfigSchema.prefault({}),
    antiProcyclicality: ApcConfigSchema.prefault({}),
    velocity: VelocityConfigSchema.prefault({}),
    concentration: ConcentrationConfigSchema.prefault({}),
    liquidity: LiquidityConfigSchema.prefault({}),
    deltaOne: DeltaOneConfigSchema.prefault({}),
    collateral: CollateralConfigSchema.prefault({}),
    liquidation: LiquidationConfigSchema.prefault({}),
    oracle: OracleConfigSchema.prefault({}),
    calibrated: CalibratedRatesSchema.optional(),
  })
  .describe('dynamargin margin policy. Every field is optional; omitted fields take their defaults.');

export type PolicyConfig = z.output<typeof PolicyConfigSchema>;
export type PolicyConfigInput = z.input<typeof PolicyConfigSchema>;
export type ConcentrationParams = z.output<typeof ConcentrationParamsSchema>;

/** The complete default policy. */
export const DEFAULT_POLICY_CONFIG: Readonly<PolicyConfig> = PolicyConfigSchema.parse({});

/**
 * Validate a (partial) policy config, fill defaults and check the cross-field rules the schema cannot
 * state (threshold order, one multiplier per regime, tier order, dYdX caps).
 * @param file name for messages, e.g. "policy.json". Default "<api>".
 * @throws InputError naming the JSON path, e.g. `policy.json: antiProcyclicality.bufferFraction: must be >= 0.25; got 0.1`.
 */
export function parsePolicyConfig(json: unknown, file = '<api>'): PolicyConfig {
  // no config (undefined) is the defaults; a file holding `null` is a mistake, not an empty config
  const input = json === undefined ? {} : json;
  const parsed = PolicyConfigSchema.safeParse(input);
  if (!parsed.success) throw zodInputError(PolicyConfigSchema.safeParse(input, { reportInput: true }).error!, file);
  const c = parsed.data;
  const fail = (column: string, problem: string): never => {
    throw new InputError(problem, { file, column });
  };
  const { upThresholds: up, downThresholds: down, multipliers } = c.regimes;
  if (down.length !== up.length) fail('regimes.downThresholds', `must have ${up.length} entries (one per up threshold); got ${down.length}`);
  if (multipliers.length !== up.length + 1) fail('regimes.multipliers', `must have ${up.length + 1} entries (one per regime); got ${multipliers.length}`);
  for (let i = 0; i < up.length; i++) {
    if (i > 0 && !(up[i] > up[i - 1])) fail(`regimes.upThresholds[${i}]`, `must be > ${up[i - 1]} (ascending); got ${up[i]}`);
    if (i > 0 && !(down[i] > down[i - 1])) fail(`regimes.downThresholds[${i}]`, `must be > ${down[i - 1]} (ascending); got ${down[i]}`);
    if (down[i] > up[i]) fail(`regimes.downThresholds[${i}]`, `must be <= upThresholds[${i}] = ${up[i]}; got ${down[i]}`);
  }
  checkConcentration(c.concentration, 'concentration', fail);
  for (const [symbol, params] of Object.entries(c.concentration.byUnderlying)) {
    checkConcentration({ ...c.concentration, ...params }, `concentration.byUnderlying[${JSON.stringify(symbol)}]`, fail);
  }
  for (const [symbol, sides] of Object.entries(c.calibrated?.byUnderlying ?? {})) {
    for (const side of ['long', 'short'] as const) {
      const entries = sides[side];
      entries.forEach((e, i) => {
        if ((e.volatility ?? 'ewma') === 'ewma' && e.lambda === null) fail(`calibrated.byUnderlying[${JSON.stringify(symbol)}].${side}[${i}].lambda`, 'an EWMA entry needs its decay in (0, 1); null only with "volatility": "gjr-garch-t"');
      });
      for (let i = 1; i < entries.length; i++) {
        if (!(Date.parse(entries[i].from) > Date.parse(entries[i - 1].from))) {
          fail(`calibrated.byUnderlying[${JSON.stringify(symbol)}].${side}[${i}].from`, `must be after ${entries[i - 1].from} (ascending); got ${entries[i].from}`);
        }
      }
    }
  }
  return c;
}

function checkConcentration(p: ConcentrationParams, at: string, fail: (column: string, problem: string) => never): void {
  if (!(p.upperCapUsd > p.lowerCapUsd)) fail(`${at}.upperCapUsd`, `must be > lowerCapUsd = ${p.lowerCapUsd}; got ${p.upperCapUsd}`);
  if (p.maxMarginFraction < p.baseMarginFraction) fail(`${at}.maxMarginFraction`, `must be >= baseMarginFraction = ${p.baseMarginFraction}; got ${p.maxMarginFraction}`);
  if (p.tiers[0].fromNotionalUsd !== 0) fail(`${at}.tiers[0].fromNotionalUsd`, `must be 0 (tiers start at zero notional); got ${p.tiers[0].fromNotionalUsd}`);
  for (let i = 1; i < p.tiers.length; i++) {
    if (!(p.tiers[i].fromNotionalUsd > p.tiers[i - 1].fromNotionalUsd)) {
      fail(`${at}.tiers[${i}].fromNotionalUsd`, `must be > ${p.tiers[i - 1].fromNotionalUsd} (ascending); got ${p.tiers[i].fromNotionalUsd}`);
    }
  }
}

/** Concentration parameters for one underlying: the defaults with its overrides. */
export function concentrationParams(config: PolicyConfig, symbol: string): ConcentrationParams {
  const c = config.concentration;
  const base: ConcentrationParams = {
    baseMarginFraction: c.baseMarginFraction,
    imfFactor: c.imfFactor,
    lowerCapUsd: c.lowerCapUsd,
    upperCapUsd: c.upperCapUsd,
    maxMarginFraction: c.maxMarginFraction,
    tiers: c.tiers,
  };
  return { ...base, ...(Object.hasOwn(c.byUnderlying, symbol) ? c.byUnderlying[symbol] : {}) };
}
