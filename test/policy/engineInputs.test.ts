import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import type { AccountRisk } from '../../src/montecarlo/book.js';
import { parsePolicyConfig } from '../../src/policy/config.js';
import { policyInputsFromRisk, riskOptionsFor } from '../../src/policy/engineInputs.js';
import { prepareMarket } from '../../src/policy/market.js';
import { accountRequirement } from '../../src/policy/requirement.js';

const risk: AccountRisk = {
  id: 'X',
  var: 900,
  es: 1000,
  varCi: [850, 950],
  esCi: [950, 1050],
  greeks: { byUnderlying: { BTC: { delta: 2, gamma: 0, vega: 0, theta: 0 } }, deltaUsd: 60_000, gammaUsd: 0, vega: 0, theta: 0 },
};

describe('engine glue', () => {
  it('asks the engine for the policy confidences and margin period of risk', () => {
    expect(riskOptionsFor(parsePolicyConfig({ base: { horizonDays: 5 } }))).toEqual({ confidence: 0.99, esConfidence: 0.975, horizonDays: 5 });
  });

  it('turns an AccountRisk into policy inputs and checks the confidence', () => {
    const config = parsePolicyConfig({ antiProcyclicality: { mode: 'none' }, liquidity: { enabled: false } });
    const market = prepareMarket({ underlyings: { BTC: { priceUsd: 30_000, realizedVol: 0.5 } } }, config);
    const inputs = policyInputsFromRisk(risk, { horizonDays: 2, confidence: 0.99, esConfidence: 0.975 }, { USD: 5000 }, config, { unrealizedPnlUsd: 10 });
    const { result } = accountRequirement(inputs, market, config);
    // ES 1,000 is below the minimum on delta: 2% x |2 BTC| x 30,000 = 1,200 (Paradex minimum delta requirement)
    expect(result.initialMarginUsd).toBeCloseTo(1200, 9);
    expect(result.equityUsd).toBe(5010);
    const wrong = policyInputsFromRisk(risk, { horizonDays: 2, confidence: 0.99, esConfidence: 0.95 }, {}, config);
    expect(() => accountRequirement(wrong, market, config)).toThrow(InputError);
  });
});
