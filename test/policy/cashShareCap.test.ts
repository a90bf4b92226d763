// Issue #17.2: the share cap limits concentration in non-cash collateral; cash assets count in full.
import { describe, expect, it } from 'vitest';
import { parsePolicyConfig } from '../../src/policy/config.js';
import { prepareMarket } from '../../src/policy/market.js';
import { accountRequirement } from '../../src/policy/requirement.js';

const Z99 = 2.326347874040841; // Phi^-1(0.99), published tables
const config = parsePolicyConfig({});
const market = prepareMarket({ underlyings: { BTC: { priceUsd: 30_000, realizedVol: 0.6, longRunVol: 0.6 } } }, config);
const flat = { byUnderlying: {} };

describe('collateral share cap and cash (#17.2)', () => {
  it('an account holding only 15,000 USDT (a cash asset) has 15,000 of collateral value', () => {
    const r = accountRequirement({ id: 'A', risk: { es: 0, horizonDays: 2 }, greeks: flat, collateral: { USDT: 15_000 } }, market, config).result;
    expect(r.collateralValueUsd).toBe(15_000);
    expect(r.equityUsd).toBe(15_000);
    expect(r.breakdown.some((c) => c.key === 'collateral.shareCap')).toBe(false);
  });

  it('each cash asset of the default list (USD, USDC, USDT) counts in full, alone', () => {
    for (const cash of ['USD', 'USDC', 'USDT']) {
      const r = accountRequirement({ id: cash, risk: { es: 0, horizonDays: 2 }, greeks: flat, collateral: { [cash]: 1234 } }, market, config).result;
      expect(r.collateralValueUsd).toBe(1234);
    }
  });

  it('a non-cash asset is still capped at 50% of the haircut total, cash included in the total', () => {
    // 1 BTC at 30,000, haircut 1 - exp(-z99 * 0.6 * sqrt(2/365)); 10,000 USDT at par
    const haircut = 1 - Math.exp(-Z99 * 0.6 * Math.sqrt(2 / 365));
    const btcAfter = 30_000 * (1 - haircut);
    const limit = 0.5 * (btcAfter + 10_000);
    const r = accountRequirement({ id: 'B', risk: { es: 0, horizonDays: 2 }, greeks: flat, collateral: { BTC: 1, USDT: 10_000 } }, market, config).result;
    const btc = r.collateral.find((l) => l.asset === 'BTC')!;
    const usdt = r.collateral.find((l) => l.asset === 'USDT')!;
    expect(btc.valueUsd).toBeCloseTo(limit, 8);
    expect(usdt.valueUsd).toBe(10_000);
    expect(r.collateralValueUsd).toBeCloseTo(limit + 10_000, 8);
  });

  it('a config that drops USDT from cashAssets (and gives no price) is an error naming the asset', () => {
    const noUsdt = parsePolicyConfig({ collateral: { cashAssets: ['USD', 'USDC'] } });
    const m = prepareMarket({ underlyings: {} }, noUsdt);
    expect(() => accountRequirement({ id: 'C', risk: { es: 0, horizonDays: 2 }, greeks: flat, collateral: { USDT: 1 } }, m, noUsdt)).toThrow(/collateral\.USDT/);
  });
});
