// Issue #17.6: the main jobs and the policy are callable from the package root, with types:
// calibrate, backtest, stress, parsePolicyConfig, accountRequirement, jsonSchemas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from '../src/index.js';
import {
  accountRequirement, backtest, calibrate, createEngine, jsonSchemas, parseMarket, parsePolicyConfig, prepareMarket, stress, syntheticPrices,
  type AccountRequirement, type CalibrationResult, type Engine, type PortfolioFileInput,
} from '../src/index.js';

const prices = syntheticPrices({ symbols: ['BTC', 'ETH'], days: 400 });
const portfolio: PortfolioFileInput = {
  instruments: [{ id: 'BTC-PERP', kind: 'perpetual', underlying: 'BTC' }],
  accounts: [{ id: 'alice', collateral: { USD: 20_000 }, positions: [{ instrument: 'BTC-PERP', quantity: 0.5 }] }],
};

describe('package root (#17.6)', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine({ threads: 1 });
  });
  afterAll(() => engine.close());

  it('exports every named entry point as a function', () => {
    for (const name of ['calibrate', 'backtest', 'stress', 'parsePolicyConfig', 'accountRequirement', 'prepareMarket', 'bookPolicyMargins', 'jsonSchemas']) {
      expect(typeof (api as Record<string, unknown>)[name], name).toBe('function');
    }
  });

  it('calibrate: per asset today\'s rates and the book\'s margins; backtest: the assets alone, the same', async () => {
    const config = parsePolicyConfig({ base: { measure: 'var' } });
    const r: CalibrationResult = await calibrate(engine, prices, portfolio, { config, scenarios: 2000 });
    expect(r.assets.map((a) => a.symbol)).toEqual(['BTC', 'ETH']);
    expect(r.book!.accounts[0].accountId).toBe('alice');
    const assets = await backtest(engine, prices, { config });
    expect(assets.map((a) => a.current)).toEqual(r.assets.map((a) => a.current));
    expect(assets.map((a) => a.backtest)).toEqual(r.assets.map((a) => a.backtest));
  });

  it('stress: the Paradex grid on a market, and historical windows with prices', () => {
    const market = parseMarket({ asOf: '2026-11-20T00:00:00Z', underlyings: [{ symbol: 'BTC', spot: 100_000, vol: 0.5 }, { symbol: 'ETH', spot: 3000, vol: 0.7 }], correlation: [[1, 0.8], [0.8, 1]] }, 'market');
    const r = stress(portfolio, market, { prices });
    // long 0.5 BTC: the worst of the -16% grid move and the weighted extended moves -66% x 0.24, -33% x 0.48 (Paradex preset)
    const worst = 0.5 * 100_000 * Math.max(0.16, 0.66 * 0.24, 0.33 * 0.48);
    expect(r.stress.accounts[0].worstLoss).toBeCloseTo(worst, 6);
    expect(r.historicalStress!.windows).toBeGreaterThan(0);
  });

  it('accountRequirement and jsonSchemas from the root', () => {
    const config = parsePolicyConfig({});
    const market = prepareMarket({ underlyings: { BTC: { priceUsd: 100, realizedVol: 0.5, longRunVol: 0.5 } } }, config);
    const r: AccountRequirement = accountRequirement({ id: 'a', risk: { es: 0, horizonDays: 2 }, greeks: { byUnderlying: {} }, collateral: { USD: 5 } }, market, config).result;
    expect(r.equityUsd).toBe(5);
    expect(Object.keys(jsonSchemas()).sort()).toEqual(['market', 'policy', 'portfolio']);
  });
});
