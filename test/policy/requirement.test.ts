import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ApcState } from '../../src/policy/antiProcyclicality.js';
import { parsePolicyConfig, type PolicyConfigInput } from '../../src/policy/config.js';
import { prepareMarket, type MarketSnapshot } from '../../src/policy/market.js';
import { accountRequirement, type AccountPolicyInputs, type AccountRequirement } from '../../src/policy/requirement.js';
import { inputError } from '../testData.js';
import { fcParams } from '../properties/randomBook.js';

const Z99 = 2.326347874040841; // Phi^-1(0.99), published tables
const NOW = Date.UTC(2026, 0, 1);

const greeks = (d: Record<string, [delta: number, gamma: number]>) => ({
  byUnderlying: Object.fromEntries(Object.entries(d).map(([s, [delta, gamma]]) => [s, { delta, gamma, vega: 0, theta: 0 }])),
});

function amountsOf(r: AccountRequirement, key: string, symbol?: string): number[] {
  return r.breakdown.filter((c) => c.key === key && (symbol === undefined || c.symbol === symbol)).map((c) => c.amountUsd);
}

describe('accountRequirement: a calm day, every component by hand', () => {
  // the minimum on delta (2% of 300,000 = 6,000) would lift this deliberately small ES; off here
  const config = parsePolicyConfig({ deltaOne: { minNetDeltaRate: 0 } });
  const market = prepareMarket({ underlyings: { BTC: { priceUsd: 30_000, realizedVol: 0.4, longRunVol: 0.6 } } }, config);
  const account: AccountPolicyInputs = {
    id: 'A1',
    risk: { es: 1000, horizonDays: 1 },
    greeks: greeks({ BTC: [10, 0] }),
    collateral: { USDC: 5000, BTC: 0.1 },
  };
  const { result: r, state } = accountRequirement(account, market, config);

  it('base, horizon scaling, floor (binding in calm markets) and add-ons', () => {
    const riskH = 1000 * Math.SQRT2; // ES over 1 day scaled to the 2-day margin period
    expect(amountsOf(r, 'base.measure')).toEqual([1000]);
    expect(amountsOf(r, 'base.horizon')[0]).toBeCloseTo(riskH - 1000, 10);
    expect(amountsOf(r, 'regime.multiplier')).toEqual([0]);
    // Floor: risk rescaled from the current vol 0.40 to the long-run vol 0.60.
    const floor = (riskH * 0.6) / 0.4;
    expect(amountsOf(r, 'apc.floor')[0]).toBeCloseTo(floor - riskH, 9);
    // Drift: 0.8 * 0.1 + 0.0005 * sqrt(10) = 0.0816 < 0.1: no premium.
    expect(amountsOf(r, 'addOn.concentration', 'BTC')).toEqual([0]);
    // Liquidity without ADV: half-spread 5 bp on 300,000.
    expect(amountsOf(r, 'addOn.liquidity', 'BTC')[0]).toBeCloseTo(150, 10);
    expect(r.initialMarginUsd).toBeCloseTo(floor + 150, 9);
    expect(r.maintenanceMarginUsd).toBeCloseTo(0.5 * (floor + 150), 9);
    expect(state.lastRequirementUsd).toBeCloseTo(floor, 9);
  });

  it('equity: USDC at par, BTC with its 2-day 99% volatility haircut, no cap hit', () => {
    const h = 1 - Math.exp(-Z99 * 0.4 * Math.sqrt(2 / 365));
    expect(r.collateral.find((l) => l.asset === 'BTC')!.haircut).toBeCloseTo(h, 13);
    const equity = 5000 + 3000 * (1 - h);
    expect(r.equityUsd).toBeCloseTo(equity, 9);
    expect(r.collateralValueUsd).toBeCloseTo(equity, 9);
    expect(r.health.status).toBe('healthy');
    expect(r.health.marginRatio).toBeCloseTo(equity / r.maintenanceMarginUsd, 12);
    // Distance: long 10 BTC, linear: (equity - MM) / 10 down.
    expect(r.health.distanceToLiquidation!.moveUsd).toBeCloseTo(-(equity - r.maintenanceMarginUsd) / 10, 9);
    expect(r.health.liquidationPenaltyUsd).toBeCloseTo(0.01 * 300_000, 9);
    expect(r.flags).toEqual([]);
  });
});

describe('accountRequirement: stress blend, regime, oracle guard', () => {
  const config = parsePolicyConfig({ antiProcyclicality: { mode: 'none' }, liquidity: { enabled: false }, concentration: { scheme: 'none' } });
  const snapshot: MarketSnapshot = {
    nowMs: NOW,
    underlyings: {
      BTC: { priceUsd: 30_000, realizedVol: 0.9, oracle: { publishTimeMs: NOW - 120_000, mark: 29_000, twap: 29_500 } },
      ETH: { priceUsd: 3_000, realizedVol: 0.5 },
    },
  };
  const market = prepareMarket(snapshot, config);
  const account: AccountPolicyInputs = {
    id: 'B',
    risk: { es: 800, horizonDays: 2, stressLossUsd: 2000 },
    greeks: greeks({ BTC: [1, 0], ETH: [10, 0] }),
    collateral: { USDC: 10_000 },
    unrealizedPnlUsd: 250,
  };
  const { result: r } = accountRequirement(account, market, config);

  it('x * risk + (1 - x) * stress, then the regime multiplier and the widened shock on the guarded share', () => {
    const base = 0.75 * 800 + 0.25 * 2000; // 1100
    expect(amountsOf(r, 'base.stressBlend')).toEqual([base - 800]);
    expect(r.regime).toBe(1); // BTC vol 0.9 >= 0.8
    expect(amountsOf(r, 'regime.multiplier')[0]).toBeCloseTo(base * 0.25, 10);
    // BTC is half the gross delta notional (30,000 of 60,000): (1.5 - 1) * 0.5 * base.
    expect(amountsOf(r, 'oracle.widenedShock')[0]).toBeCloseTo(base * 0.25, 10);
    expect(r.initialMarginUsd).toBeCloseTo(base * 1.5, 10);
  });

  it('flags the stale oracle and values the long BTC at the worse of oracle, mark and TWAP', () => {
    expect(r.flags.map((f) => [f.code, f.symbol])).toEqual([['oracle-stale', 'BTC']]);
    expect(amountsOf(r, 'oracle.conservativePrice', 'BTC')).toEqual([1 * (29_000 - 30_000)]);
    expect(r.equityUsd).toBe(10_000 - 1000 + 250);
  });

  it('flags accounts holding the guarded asset as collateral, not accounts without it', () => {
    const holder = accountRequirement({ id: 'C', risk: { es: 0, horizonDays: 2 }, greeks: greeks({}), collateral: { BTC: 1 } }, market, config).result;
    expect(holder.flags.map((f) => f.code)).toEqual(['oracle-stale']);
    expect(amountsOf(holder, 'oracle.conservativePrice', 'BTC')).toEqual([29_000 - 30_000]);
    const other = accountRequirement({ id: 'D', risk: { es: 100, horizonDays: 2 }, greeks: greeks({ ETH: [1, 0] }), collateral: { USDC: 1 } }, market, config).result;
    expect(other.flags).toEqual([]);
    expect(amountsOf(other, 'oracle.widenedShock')).toEqual([]);
  });
});

describe('accountRequirement: concentration, cap, status', () => {
  it('Drift premium and collateral share cap enter the breakdown', () => {
    const config = parsePolicyConfig({ antiProcyclicality: { mode: 'none' }, liquidity: { enabled: false } });
    const market = prepareMarket({ underlyings: { ETH: { priceUsd: 2000, realizedVol: 0.5 } } }, config);
    const { result: r } = accountRequirement(
      { id: 'W', risk: { es: 0, horizonDays: 2 }, greeks: greeks({ ETH: [-10_000, 0] }), collateral: { ETH: 100, USDC: 1000 } },
      market,
      config,
    );
    // 0.08 + 0.0005 * sqrt(10000) = 0.13: premium 0.03 on 20,000,000
    expect(amountsOf(r, 'addOn.concentration', 'ETH')[0]).toBeCloseTo(0.03 * 2e7, 6);
    const h = 1 - Math.exp(-Z99 * 0.5 * Math.sqrt(2 / 365));
    const eth = 200_000 * (1 - h);
    const cap = eth - 0.5 * (eth + 1000);
    expect(amountsOf(r, 'collateral.shareCap', 'ETH')[0]).toBeCloseTo(-cap, 6);
    expect(r.collateralValueUsd).toBeCloseTo(0.5 * (eth + 1000) + 1000, 6);
    expect(r.health.status).toBe('liquidate');
    expect(r.health.marginCalls[0].amountUsd).toBeCloseTo(r.initialMarginUsd - r.equityUsd, 6);
  });
});

describe('accountRequirement: walk-forward', () => {
  it('carries regimes and APC state day by day; the velocity cap limits the daily rise', () => {
    const config = parsePolicyConfig({ antiProcyclicality: { mode: 'none' }, velocity: { maxDailyRise: 0.1, neverBelowRisk: false, releaseDelayDays: 0 }, liquidity: { enabled: false } });
    const vols = [0.5, 0.5, 1.3, 1.3, 1.3, 1.3, 0.5];
    const es = [100, 100, 200, 200, 200, 200, 100];
    let regimes: Record<string, number> = {};
    let state: ApcState | undefined;
    const im: number[] = [];
    const reg: number[] = [];
    for (let t = 0; t < vols.length; t++) {
      const market = prepareMarket({ underlyings: { BTC: { priceUsd: 100, realizedVol: vols[t] } } }, config, regimes);
      regimes = market.regimes;
      const step = accountRequirement({ id: 'A', risk: { es: es[t], horizonDays: 2 }, greeks: greeks({ BTC: [1, 0] }), collateral: {} }, market, config, state);
      state = step.state;
      im.push(step.result.initialMarginUsd);
      reg.push(step.result.regime);
    }
    expect(reg).toEqual([0, 0, 2, 2, 2, 2, 0]);
    // A symbol absent for a day keeps its regime.
    const kept = prepareMarket({ underlyings: {} }, config, { BTC: 2 });
    expect(kept.regimes).toEqual({ BTC: 2 });
    // Target jumps to 200 * 1.5 = 300 on day 2; the requirement climbs 10% a day: 110, 121, 133.1, 146.41.
    const want = [100, 100, 110, 121, 133.1, 146.41, 100];
    want.forEach((w, t) => expect(im[t]).toBeCloseTo(w, 9));
  });
});

describe('accountRequirement: input errors name the field', () => {
  const config = parsePolicyConfig({});
  const market = prepareMarket({ underlyings: { BTC: { priceUsd: 100, realizedVol: 0.5, longRunVol: 0.5 } } }, config);
  const acct = (patch: Partial<AccountPolicyInputs>): AccountPolicyInputs => ({ id: 'A', risk: { es: 1, horizonDays: 1 }, greeks: greeks({ BTC: [1, 0] }), collateral: {}, ...patch });
  it.each([
    [acct({ risk: { var: 1, horizonDays: 1 } }), 'accounts["A"].risk.es', 'required by base.measure "es"'],
    [acct({ risk: { es: NaN, horizonDays: 1 } }), 'accounts["A"].risk.es', 'must be a finite number; got NaN'],
    [acct({ risk: { es: 1, horizonDays: 0 } }), 'accounts["A"].risk.horizonDays', 'must be a finite number > 0; got 0'],
    [acct({ risk: { es: 1, horizonDays: 1, confidence: 0.99 } }), 'accounts["A"].risk.confidence', 'the es was computed at 0.99 but base.esConfidence is 0.975'],
    [acct({ greeks: greeks({ ETH: [1, 0] }) }), 'accounts["A"].greeks.byUnderlying.ETH', 'no market data for this underlying (add market.underlyings.ETH)'],
    [acct({ collateral: { DOGE: 5 } }), 'accounts["A"].collateral.DOGE', 'no price for collateral asset "DOGE" (add market.underlyings.DOGE or list it in collateral.cashAssets)'],
  ])('%#', (input, column, problem) => {
    const e = inputError(() => accountRequirement(input, market, config));
    expect([e.column, e.problem]).toEqual([column, problem]);
  });

  it('mode and scheme requirements', () => {
    const noLong = prepareMarket({ underlyings: { BTC: { priceUsd: 100, realizedVol: 0.5 } } }, config);
    expect(inputError(() => accountRequirement(acct({}), noLong, config)).column).toBe('market.underlyings.BTC.longRunVol');
    const sw = parsePolicyConfig({ antiProcyclicality: { mode: 'stressed-weight' } });
    expect(inputError(() => accountRequirement(acct({}), market, sw)).column).toBe('accounts["A"].risk.stressedPeriodRiskUsd');
    const dy = parsePolicyConfig({ concentration: { scheme: 'dydx' } });
    expect(inputError(() => accountRequirement(acct({}), market, dy)).column).toBe('market.underlyings.BTC.openInterestUsd');
  });

  it('prepareMarket rejects bad market values', () => {
    const e = inputError(() => prepareMarket({ underlyings: { 'BTC-PERP': { priceUsd: -1, realizedVol: 0.5 } } }, config));
    expect(e.message).toBe('market.underlyings["BTC-PERP"].priceUsd: must be a finite number > 0; got -1');
    expect(inputError(() => prepareMarket({ underlyings: { BTC: { priceUsd: 1, realizedVol: NaN } } }, config)).column).toBe('market.underlyings.BTC.realizedVol');
  });
});

describe('explain: the components sum exactly to the figures, with or without notes (property)', () => {
  const money = fc.double({ min: -1e6, max: 1e7, noNaN: true, noDefaultInfinity: true });
  const positive = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  const policy = fc.record({
    antiProcyclicality: fc.record({ mode: fc.constantFrom('floor', 'buffer', 'stressed-weight', 'none' as const) }),
    concentration: fc.record({ scheme: fc.constantFrom('drift', 'dydx', 'tiers', 'none' as const), basis: fc.constantFrom('account-notional', 'open-interest' as const) }),
    base: fc.record({ measure: fc.constantFrom('es', 'var' as const), horizonDays: positive(0.5, 10) }),
    velocity: fc.record({ maxDailyRise: positive(0, 2), releaseDelayDays: fc.integer({ min: 0, max: 3 }), neverBelowRisk: fc.boolean() }),
  });
  const underlying = fc.record({
    priceUsd: positive(0.01, 1e5),
    realizedVol: positive(0, 3),
    impliedVol: fc.option(positive(0, 3), { nil: undefined }),
    longRunVol: positive(0, 3),
    advUsd: fc.option(positive(1, 1e10), { nil: undefined }),
    openInterestUsd: positive(0, 1e9),
    oracle: fc.option(fc.record({ publishTimeMs: fc.integer({ min: NOW - 600_000, max: NOW }), twap: positive(0.01, 1e5), mark: positive(0.01, 1e5) }), { nil: undefined }),
  });
  const day = fc.record({
    market: fc.record({ BTC: underlying, ETH: underlying }),
    risk: fc.record({ es: money, var: money, stressLossUsd: fc.option(money, { nil: undefined }), stressedPeriodRiskUsd: money }),
    delta: fc.tuple(positive(-1e4, 1e4), positive(-1e4, 1e4)),
    gamma: fc.tuple(positive(-10, 10), positive(-10, 10)),
    collateral: fc.record({ USDC: money, BTC: positive(-10, 100), ETH: positive(0, 1000) }),
    pnl: money,
  });

  it('initial margin = sum of requirement components, equity = sum of equity components, in order, over several days; explain false changes only the notes', () => {
    fc.assert(
      fc.property(policy, fc.array(day, { minLength: 1, maxLength: 4 }), (p, days) => {
        const config = parsePolicyConfig(p as PolicyConfigInput);
        let regimes: Record<string, number> = {};
        let state: ApcState | undefined;
        for (const d of days) {
          const market = prepareMarket({ nowMs: NOW, underlyings: d.market }, config, regimes);
          regimes = market.regimes;
          const inputs: AccountPolicyInputs = {
            id: 'P',
            risk: { ...d.risk, horizonDays: 1 },
            greeks: greeks({ BTC: [d.delta[0], d.gamma[0]], ETH: [d.delta[1], d.gamma[1]] }),
            collateral: d.collateral,
            unrealizedPnlUsd: d.pnl,
          };
          const step = accountRequirement(inputs, market, config, state);
          // figures only (explain false): the same bits, the same components, no notes
          const bare = accountRequirement(inputs, market, config, state, { explain: false });
          const withoutNotes = (x: AccountRequirement) => JSON.stringify({ ...x, breakdown: x.breakdown.map((c) => ({ ...c, note: '' })) });
          if (withoutNotes(bare.result) !== withoutNotes(step.result) || JSON.stringify(bare.state) !== JSON.stringify(step.state)) return false;
          if (!bare.result.breakdown.every((c) => c.note === '')) return false;
          state = step.state;
          const r = step.result;
          const req = r.breakdown.filter((c) => c.side === 'requirement').reduce((s, c) => s + c.amountUsd, 0);
          const eq = r.breakdown.filter((c) => c.side === 'equity').reduce((s, c) => s + c.amountUsd, 0);
          if (req !== r.initialMarginUsd || eq !== r.equityUsd) return false;
          if (r.maintenanceMarginUsd !== config.liquidation.maintenanceFraction * r.initialMarginUsd) return false;
          if (!(r.initialMarginUsd >= -1e-9 * (1 + Math.abs(req))) || !Number.isFinite(r.initialMarginUsd)) return false;
          if (!r.breakdown.every((c) => Number.isFinite(c.amountUsd) && c.note.length > 0)) return false;
          // Requirement side ends with the add-ons and the minimum; the APC state follows the pre-add-on requirement.
          const addOns = r.breakdown.filter((c) => c.key.startsWith('addOn.') || c.key === 'minimum.delta').reduce((s, c) => s + c.amountUsd, 0);
          if (Math.abs(req - addOns - step.state.lastRequirementUsd) > 1e-9 * (1 + Math.abs(req))) return false;
        }
        return true;
      }),
      fcParams(300),
    );
  });
});
