/**
 * One account's margin under the policy, with its explanation: the initial margin and the equity are
 * each computed AS the sum of their ordered components (see breakdown.ts).
 *
 * Requirement side, in order:
 *   base.measure         ES (or VaR) as given by the risk engine, at its horizon
 *   base.horizon         square-root-of-time scaling to base.horizonDays
 *   base.stressBlend     x * risk + (1 - x) * stress, when a stress loss is given
 *   base.nonNegative     lifts a negative tail loss to 0
 *   regime.multiplier    (m - 1) * base, m = the highest regime multiplier among the account's underlyings
 *   oracle.widenedShock  (k - 1) * base * share of gross delta notional in guarded underlyings
 *   apc.* / velocity.*   anti-procyclicality, daily rise cap, release delay
 *   addOn.concentration  per underlying
 *   addOn.liquidity      per underlying
 * Equity side: collateral.gross, oracle.conservativePrice, collateral.haircut, collateral.shareCap
 * per collateral asset; oracle.conservativePrice per guarded position; equity.unrealizedPnl.
 */
import { InputError } from '../errors.js';
import type { Greeks } from '../montecarlo/greeks.js';
import { concentrationAddOnUsd, liquidityAddOnUsd } from './addOns.js';
import { applyApc, type ApcContext, type ApcState } from './antiProcyclicality.js';
import { explainNotes, skipNotes, sumComponents, type Component, type NoteBuilder } from './breakdown.js';
import { concentrationParams, type PolicyConfig } from './config.js';
import { addDelta, basisLossUsd, emptyDeltaSums, minimumDeltaFromSums, type DeltaPosition, type DeltaSums } from './deltaOneRisk.js';
import { collateralLines, volatilityHaircut, type CollateralLine } from './haircuts.js';
import { accountHealth, type AccountHealth } from './health.js';
import { finite, pathKey, type PolicyMarket, type PolicyUnderlying } from './market.js';
import { conservativePrice, type PolicyFlag } from './oracleGuards.js';

/** The risk engine's figures for one account (losses positive, USD). */
export interface AccountRiskInput {
  /** VaR at base.varConfidence over `horizonDays` (required when base.measure is "var"). */
  var?: number;
  /** ES at base.esConfidence over `horizonDays` (required when base.measure is "es"). */
  es?: number;
  /** Confidence the chosen measure was computed at; checked against the config when given. */
  confidence?: number;
  /** Horizon of var, es, stressedPeriodRiskUsd and floorRiskUsd, days (engine `VarMeta.horizonDays`). */
  horizonDays: number;
  /** Loss in the stress scenario(s), USD, blended as in CME SPAN 2; not horizon-scaled. */
  stressLossUsd?: number;
  /** The chosen measure computed on stressed-period observations (APC mode "stressed-weight"). */
  stressedPeriodRiskUsd?: number;
  /** The chosen measure under long-run volatility (APC mode "floor"); else scaled by the vol ratio. */
  floorRiskUsd?: number;
}

export interface AccountPolicyInputs {
  id: string;
  risk: AccountRiskInput;
  /** Per-underlying Greeks of the account (`AccountGreeks.byUnderlying` from the risk engine). */
  greeks: { byUnderlying: Record<string, Greeks> };
  /** Collateral amounts by asset (negative = borrowed). */
  collateral: Record<string, number>;
  /** Unrealized P&L of the positions, USD. Default 0. */
  unrealizedPnlUsd?: number;
  /**
   * Per-position deltas with their expiries, for the basis shock and the minimum on hedged delta
   * (deltaOne). Without them only the net delta per underlying (greeks) counts: no basis add-on.
   */
  positions?: readonly DeltaPosition[];
}

export interface AccountRequirement {
  accountId: string;
  /** Sum of the requirement-side components, USD. */
  initialMarginUsd: number;
  /** liquidation.maintenanceFraction * initial margin, USD. */
  maintenanceMarginUsd: number;
  /** Sum of the equity-side components, USD. */
  equityUsd: number;
  /** Collateral after haircuts and share cap, USD. */
  collateralValueUsd: number;
  /** Highest regime among the account's underlyings, and the highest multiplier among them. */
  regime: number;
  regimeMultiplier: number;
  /** Ordered additive components: requirement side, then equity side. */
  breakdown: Component[];
  collateral: CollateralLine[];
  /** Oracle guards that affected this account (positions or collateral). */
  flags: PolicyFlag[];
  health: AccountHealth;
}

export interface AccountRequirementStep {
  result: AccountRequirement;
  /** Pass back as `state` for the account's next day. */
  state: ApcState;
}

/** One underlying's delta-one terms: its price and the sums of its positions (`held`: it has any). */
interface DeltaGroup {
  symbol: string;
  priceUsd: number;
  sums: DeltaSums;
  held: boolean;
}

interface Exposure {
  u: PolicyUnderlying;
  delta: number;
  gamma: number;
  notionalUsd: number;
  weight: number;
}

/**
 * Margin, equity, health and explanation of one account on one day.
 * @param market today's `prepareMarket` result
 * @param state the account's `state` from the previous day; omitted on its first day
 * @param options.explain false: every component's `note` is left empty (the figures are the same
 *   bits; what a service recomputing every account on a tick uses). Default true.
 * @throws InputError naming the field (e.g. `accounts["A1"].risk.es: required by base.measure "es"`)
 */
export function accountRequirement(
  account: AccountPolicyInputs,
  market: PolicyMarket,
  config: PolicyConfig,
  state?: ApcState,
  options: { explain?: boolean } = {},
): AccountRequirementStep {
  const say = options.explain === false ? skipNotes : explainNotes;
  const at = `accounts[${JSON.stringify(account.id)}]`;
  const fail = (column: string, problem: string): never => {
    throw new InputError(problem, { column: `${at}.${column}` });
  };
  const risk = account.risk;
  const base = config.base;
  const measure = base.measure;
  const measureValue = risk[measure];
  if (measureValue === undefined) fail(`risk.${measure}`, `required by base.measure "${measure}"`);
  finiteAt(measureValue, () => `${at}.risk.${measure}`);
  if (!(risk.horizonDays > 0) || !Number.isFinite(risk.horizonDays)) finite(risk.horizonDays, `${at}.risk.horizonDays`, 0, true);
  const wantConfidence = measure === 'es' ? base.esConfidence : base.varConfidence;
  if (risk.confidence !== undefined && risk.confidence !== wantConfidence) {
    fail('risk.confidence', `the ${measure} was computed at ${risk.confidence} but base.${measure}Confidence is ${wantConfidence}`);
  }
  for (const key of ['stressLossUsd', 'stressedPeriodRiskUsd', 'floorRiskUsd'] as const) {
    if (risk[key] !== undefined) finiteAt(risk[key], () => `${at}.risk.${key}`);
  }
  const pnl = account.unrealizedPnlUsd ?? 0;
  finiteAt(pnl, () => `${at}.unrealizedPnlUsd`);

  const exposures = exposuresOf(account, market, at);
  const req: Component[] = [];
  const push = (c: Omit<Component, 'side'>): void => {
    // the callers' key order (key, symbol, amountUsd, note), without a spread per component
    req.push(c.symbol === undefined ? { side: 'requirement', key: c.key, amountUsd: c.amountUsd, note: c.note } : { side: 'requirement', key: c.key, symbol: c.symbol, amountUsd: c.amountUsd, note: c.note });
  };

  // Base requirement.
  const label = measure === 'es' ? `ES ${base.esConfidence}` : `VaR ${base.varConfidence}`;
  const scale = Math.sqrt(base.horizonDays / risk.horizonDays); // square-root-of-time scaling (Basel II para. 718(Lxxvi)(c); RiskMetrics 1996)
  const riskH = measureValue! * scale;
  push({ key: 'base.measure', amountUsd: measureValue!, note: say(() => `${label} over ${risk.horizonDays} d from the risk engine`) });
  push({ key: 'base.horizon', amountUsd: riskH - measureValue!, note: say(() => `x sqrt(${base.horizonDays} / ${risk.horizonDays}) to the margin period of risk`) });
  let blended = riskH;
  if (risk.stressLossUsd !== undefined) {
    const x = base.riskWeight;
    blended = x * riskH + (1 - x) * risk.stressLossUsd; // CME SPAN 2: x * VaR + (1 - x) * stress
    push({ key: 'base.stressBlend', amountUsd: blended - riskH, note: say(() => `${x} x risk + ${1 - x} x stress loss ${risk.stressLossUsd}`) });
  }
  if (blended < 0) push({ key: 'base.nonNegative', amountUsd: -blended, note: say(() => 'tail loss is a gain: base set to 0') });
  const baseUsd = Math.max(0, blended);

  // Regime multiplier and oracle widening.
  let regime = 0;
  let multiplier = config.regimes.multipliers[0];
  for (const e of exposures) {
    regime = Math.max(regime, e.u.regime);
    multiplier = Math.max(multiplier, e.u.multiplier);
  }
  push({ key: 'regime.multiplier', amountUsd: baseUsd * (multiplier - 1), note: say(() => `regime ${regime}: x ${multiplier}`) });
  const guarded = exposures.filter((e) => e.u.flags.length > 0);
  if (guarded.length > 0) {
    const share = guarded.reduce((s, e) => s + e.weight, 0);
    const k = config.oracle.shockMultiplier;
    push({
      key: 'oracle.widenedShock',
      amountUsd: baseUsd * (k - 1) * share,
      note: say(() => `shocks x ${k} on ${guarded.map((e) => e.u.symbol).join(', ')} (${share.toPrecision(4)} of gross delta notional)`),
    });
  }
  const rawUsd = sumComponents(req, 'requirement');

  // Anti-procyclicality and velocity.
  const ctx: ApcContext = {};
  const mode = config.antiProcyclicality.mode;
  if (mode === 'floor') {
    if (risk.floorRiskUsd !== undefined) {
      ctx.floorRequirementUsd = risk.floorRiskUsd * scale;
    } else {
      let now = 0;
      let long = 0;
      for (const e of exposures) {
        if (e.u.longRunVol === undefined) {
          throw new InputError(`required by antiProcyclicality.mode "floor" (or give ${at}.risk.floorRiskUsd)`, { column: `market.underlyings${pathKey(e.u.symbol)}.longRunVol` });
        }
        now += e.weight * e.u.vol;
        long += e.weight * Math.max(e.u.longRunVol, config.volatility.floor);
      }
      // EMIR RTS 153/2013 Art. 28(1)(c): risk rescaled from current to long-run volatility
      ctx.floorRequirementUsd = now > 0 ? baseUsd * (long / now) : 0;
    }
  } else if (mode === 'stressed-weight') {
    if (risk.stressedPeriodRiskUsd === undefined) fail('risk.stressedPeriodRiskUsd', 'required by antiProcyclicality.mode "stressed-weight"');
    ctx.stressedRequirementUsd = risk.stressedPeriodRiskUsd! * scale;
  }
  const apc = applyApc(state, rawUsd, ctx, config, say);
  for (const step of apc.components) push(step);

  // Add-ons.
  const scheme = config.concentration.scheme;
  for (const e of exposures) {
    const symbol = e.u.symbol;
    const price = e.u.flags.length > 0 ? conservativePrice(e.u.priceUsd, e.u.oracle, 'short') : e.u.priceUsd;
    const notional = Math.abs(e.delta) * price;
    if (scheme !== 'none') {
      const p = concentrationParams(config, symbol);
      let open = notional;
      if (scheme === 'dydx' && config.concentration.basis === 'open-interest') {
        if (e.u.openInterestUsd === undefined) {
          throw new InputError('required by concentration.scheme "dydx" with basis "open-interest"', { column: `market.underlyings${pathKey(symbol)}.openInterestUsd` });
        }
        open = e.u.openInterestUsd;
      }
      push({ key: 'addOn.concentration', symbol, amountUsd: concentrationAddOnUsd(scheme, p, e.delta, notional, open), note: say(() => `${scheme}: |delta| ${Math.abs(e.delta)} at ${price}`) });
    }
    if (config.liquidity.enabled) {
      const spread = e.u.halfSpread ?? config.liquidity.halfSpread;
      const amount = liquidityAddOnUsd(notional, e.u.vol, spread, e.u.advUsd, { impactCoefficient: config.liquidity.impactCoefficient, annualization: config.volatility.annualization });
      const adv = e.u.advUsd === undefined ? 'ADV unknown: spread only' : `ADV ${e.u.advUsd}`;
      push({ key: 'addOn.liquidity', symbol, amountUsd: amount, note: say(() => `half-spread ${spread} + impact on notional ${notional}, ${adv}`) });
    }
  }
  deltaOneRisks(account, exposures, market, config, at, push, () => sumComponents(req, 'requirement'), say);
  const initialMarginUsd = sumComponents(req, 'requirement');
  const maintenanceMarginUsd = config.liquidation.maintenanceFraction * initialMarginUsd;

  // Equity: collateral, conservative prices, P&L.
  const eq: Component[] = [];
  const flags = new Map<string, PolicyFlag>();
  const addFlags = (list: readonly PolicyFlag[]): void => {
    for (const f of list) flags.set(`${f.symbol}\u0000${f.code}`, f);
  };
  const { lines, gross, priceAdjustment } = valueCollateral(account, market, config, at, addFlags);
  lines.forEach((l, i) => {
    eq.push({ key: 'collateral.gross', side: 'equity', symbol: l.asset, amountUsd: gross[i], note: say(() => `${l.amount} ${l.asset}`) });
    if (priceAdjustment[i] !== 0) {
      eq.push({ key: 'oracle.conservativePrice', side: 'equity', symbol: l.asset, amountUsd: priceAdjustment[i], note: say(() => `valued at ${l.priceUsd} (worse of oracle, mark, TWAP)`) });
    }
    eq.push({ key: 'collateral.haircut', side: 'equity', symbol: l.asset, amountUsd: -l.haircutUsd, note: say(() => `haircut ${l.haircut.toPrecision(4)}`) });
    if (l.shareCapUsd > 0) eq.push({ key: 'collateral.shareCap', side: 'equity', symbol: l.asset, amountUsd: -l.shareCapUsd, note: say(() => `capped at ${config.collateral.maxShare} of collateral value`) });
  });
  for (const e of guarded) {
    addFlags(e.u.flags);
    const worse = conservativePrice(e.u.priceUsd, e.u.oracle, e.delta >= 0 ? 'long' : 'short');
    eq.push({ key: 'oracle.conservativePrice', side: 'equity', symbol: e.u.symbol, amountUsd: e.delta * (worse - e.u.priceUsd), note: say(() => `delta ${e.delta} revalued at ${worse} (worse of oracle, mark, TWAP)`) });
  }
  eq.push({ key: 'equity.unrealizedPnl', side: 'equity', amountUsd: pnl, note: say(() => 'unrealized P&L of the positions') });
  const equityUsd = sumComponents(eq, 'equity');
  let collateralValueUsd = 0;
  for (const l of lines) collateralValueUsd += l.valueUsd;

  let main: Exposure | undefined;
  let grossNotionalUsd = 0;
  for (const e of exposures) {
    grossNotionalUsd += e.notionalUsd;
    if (!main || e.notionalUsd > main.notionalUsd) main = e;
  }
  const health = accountHealth(
    account.id,
    equityUsd,
    initialMarginUsd,
    maintenanceMarginUsd,
    main && { symbol: main.u.symbol, priceUsd: main.u.priceUsd, delta: main.delta, gamma: main.gamma },
    grossNotionalUsd,
    config.liquidation.penaltyRate,
  );
  return {
    result: {
      accountId: account.id,
      initialMarginUsd,
      maintenanceMarginUsd,
      equityUsd,
      collateralValueUsd,
      regime,
      regimeMultiplier: multiplier,
      breakdown: [...req, ...eq],
      collateral: lines,
      flags: [...flags.values()],
      health,
    },
    state: apc.state,
  };
}

/**
 * addOn.basis per underlying (futures-curve shock), then minimum.delta: what lifts the requirement
 * to the minimum on net and hedged delta when it is below it (see deltaOneRisk.ts).
 */
function deltaOneRisks(
  account: AccountPolicyInputs,
  exposures: readonly Exposure[],
  market: PolicyMarket,
  config: PolicyConfig,
  at: string,
  push: (c: Omit<Component, 'side'>) => void,
  total: () => number,
  say: NoteBuilder,
): void {
  const d1 = config.deltaOne;
  // per underlying in symbol order: the sums of its positions, or its net delta alone
  const groups: DeltaGroup[] = exposures.map((e) => ({ symbol: e.u.symbol, priceUsd: e.u.priceUsd, sums: emptyDeltaSums(), held: !account.positions }));
  let list = groups;
  if (account.positions) {
    // positions of an underlying the Greeks do not list (possible for inputs given by hand) join in symbol order
    let others: Map<string, DeltaGroup> | undefined;
    account.positions.forEach((p, i) => {
      finiteAt(p.delta, () => `${at}.positions[${i}].delta`);
      if (!(p.expiryYears >= 0) || !Number.isFinite(p.expiryYears)) finite(p.expiryYears, `${at}.positions[${i}].expiryYears`, 0);
      if (!Object.hasOwn(market.underlyings, p.underlying)) {
        throw new InputError(`no market data for this underlying (add market.underlyings${pathKey(p.underlying)})`, { column: `${at}.positions[${i}].underlying` });
      }
      let g = groups.find((x) => x.symbol === p.underlying);
      if (!g) {
        others ??= new Map();
        g = others.get(p.underlying);
        if (!g) others.set(p.underlying, (g = { symbol: p.underlying, priceUsd: market.underlyings[p.underlying].priceUsd, sums: emptyDeltaSums(), held: true }));
      }
      g.held = true;
      addDelta(g.sums, p);
    });
    list = groups.filter((g) => g.held);
    if (others) list = [...list, ...others.values()].sort((x, y) => (x.symbol < y.symbol ? -1 : x.symbol > y.symbol ? 1 : 0));
  } else {
    exposures.forEach((e, j) => addDelta(groups[j].sums, { delta: e.delta, deltaOne: false, expiryYears: 0 }));
  }
  let minimum = 0;
  for (const { symbol, priceUsd: price, sums } of list) {
    const basis = basisLossUsd(sums, price, d1.basisShock);
    if (basis > 0) push({ key: 'addOn.basis', symbol, amountUsd: basis, note: say(() => `futures basis shocked by ${d1.basisShock} a year: |sum delta x years to expiry| x ${price} x ${d1.basisShock}`) });
    minimum += minimumDeltaFromSums(sums, price, d1.minNetDeltaRate, d1.minHedgedDeltaRate);
  }
  const sofar = total();
  if (minimum > sofar) {
    push({ key: 'minimum.delta', amountUsd: minimum - sofar, note: say(() => `raised to the minimum ${minimum}: ${d1.minNetDeltaRate} x |net delta| + ${d1.minHedgedDeltaRate} x hedged delta, x spot (Paradex)`) });
  }
}

/** The account's underlyings (sorted) with delta, gamma, notional and gross-notional weight. */
function exposuresOf(account: AccountPolicyInputs, market: PolicyMarket, at: string): Exposure[] {
  const out: Exposure[] = [];
  for (const symbol of Object.keys(account.greeks.byUnderlying).sort()) {
    const g = account.greeks.byUnderlying[symbol];
    const u = Object.hasOwn(market.underlyings, symbol) ? market.underlyings[symbol] : undefined;
    // paths are built only for an error (this runs per underlying per account on every tick)
    if (!u) throw new InputError(`no market data for this underlying (add market.underlyings${pathKey(symbol)})`, { column: `${at}.greeks.byUnderlying${pathKey(symbol)}` });
    if (!isFiniteNumber(g.delta)) finite(g.delta, `${at}.greeks.byUnderlying${pathKey(symbol)}.delta`, -Infinity);
    if (!isFiniteNumber(g.gamma)) finite(g.gamma, `${at}.greeks.byUnderlying${pathKey(symbol)}.gamma`, -Infinity);
    out.push({ u, delta: g.delta, gamma: g.gamma, notionalUsd: Math.abs(g.delta) * u.priceUsd, weight: 0 });
  }
  const total = out.reduce((s, e) => s + e.notionalUsd, 0);
  // Weights by gross delta notional; equal weights when the account has no delta (e.g. straddles).
  for (const e of out) e.weight = total > 0 ? e.notionalUsd / total : 1 / out.length;
  return out;
}

function valueCollateral(
  account: AccountPolicyInputs,
  market: PolicyMarket,
  config: PolicyConfig,
  at: string,
  addFlags: (f: readonly PolicyFlag[]) => void,
): { lines: CollateralLine[]; gross: number[]; priceAdjustment: number[] } {
  const c = config.collateral;
  const inputs: { asset: string; amount: number; priceUsd: number; haircut: number }[] = [];
  const gross: number[] = [];
  const priceAdjustment: number[] = [];
  for (const asset of Object.keys(account.collateral).sort()) {
    const amount = account.collateral[asset];
    if (!isFiniteNumber(amount)) finite(amount, `${at}.collateral${pathKey(asset)}`, -Infinity);
    const u = Object.hasOwn(market.underlyings, asset) ? market.underlyings[asset] : undefined;
    let price = 1;
    let vol = 0;
    let used = 1;
    if (u) {
      price = u.priceUsd;
      vol = u.vol;
      used = price;
      if (u.flags.length > 0) {
        addFlags(u.flags);
        used = conservativePrice(price, u.oracle, amount >= 0 ? 'long' : 'short');
      }
    } else if (!c.cashAssets.includes(asset)) {
      throw new InputError(`no price for collateral asset "${asset}" (add market.underlyings${pathKey(asset)} or list it in collateral.cashAssets)`, {
        column: `${at}.collateral${pathKey(asset)}`,
      });
    }
    const floors = Object.hasOwn(c.haircutFloors, asset) ? c.haircutFloors[asset] : 0;
    const haircut = Math.max(c.minHaircut, floors, volatilityHaircut(vol, config.base.horizonDays, config.base.varConfidence, config.volatility.annualization));
    inputs.push({ asset, amount, priceUsd: used, haircut });
    gross.push(amount * price);
    priceAdjustment.push(amount * used - amount * price);
  }
  // the share cap limits concentration in non-cash assets: cash assets and capExempt are not capped
  return { lines: collateralLines(inputs, c.maxShare, uncappedAssets(c)), gross, priceAdjustment };
}

/** Cash and cap-exempt assets of a collateral config, one set per config (read per account). */
const uncapped = new WeakMap<PolicyConfig['collateral'], ReadonlySet<string>>();
function uncappedAssets(c: PolicyConfig['collateral']): ReadonlySet<string> {
  let set = uncapped.get(c);
  if (!set) uncapped.set(c, (set = new Set([...c.cashAssets, ...c.capExempt])));
  return set;
}

/** Throws (column named) unless x is a finite number; the column's path is only built for the error. */
function finiteAt(x: unknown, column: () => string): void {
  if (!isFiniteNumber(x)) finite(x, column(), -Infinity);
}

function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}
