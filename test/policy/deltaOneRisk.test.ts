// Issue #17.5: a perpetual-versus-future book (net delta 0) is margined for its basis risk and at
// least at the minimum on hedged delta, as venues do (Paradex minimum delta requirement, Deribit's
// contingency on offsetting futures); the scenario engine alone gives it 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, parseMarket, parsePortfolio, type Engine } from '../../src/index.js';
import { bookPolicyMargins } from '../../src/policy/bookMargins.js';
import { DEFAULT_POLICY_CONFIG, parsePolicyConfig } from '../../src/policy/config.js';
import { addDelta, basisLossUsd, emptyDeltaSums, minimumDeltaFromSums, type DeltaPosition } from '../../src/policy/deltaOneRisk.js';
import type { PortfolioFile } from '../../src/portfolio/schema.js';

const marketFile = { asOf: '2026-12-07T00:00:00Z', rate: 0, underlyings: [{ symbol: 'BTC', spot: 100_000, vol: 0.5 }], correlation: [[1]] };
const MARCH = 100; // days to the March expiry
const JUNE = 191;

function book(positions: { instrument: string; quantity: number }[]): PortfolioFile {
  return {
    instruments: [
      { id: 'BTC-PERP', kind: 'perpetual', underlying: 'BTC' },
      { id: 'BTC-MAR', kind: 'future', underlying: 'BTC', expiryDays: MARCH },
      { id: 'BTC-JUN', kind: 'future', underlying: 'BTC', expiryDays: JUNE },
    ],
    accounts: [{ id: 'arb', collateral: { USDC: 1_000_000 }, positions }],
  };
}

/** One underlying's sums of `positions` (addDelta in order). */
function sumsOf(positions: readonly Pick<DeltaPosition, 'delta' | 'deltaOne' | 'expiryYears'>[]) {
  const sums = emptyDeltaSums();
  for (const p of positions) addDelta(sums, p);
  return sums;
}
const basisShockLossUsd = (positions: Parameters<typeof sumsOf>[0], spotUsd: number, shock: number) => basisLossUsd(sumsOf(positions), spotUsd, shock);
const minimumDeltaUsd = (deltas: number[], spotUsd: number, netRate: number, hedgedRate: number) =>
  minimumDeltaFromSums(sumsOf(deltas.map((delta) => ({ delta, deltaOne: false, expiryYears: 0 }))), spotUsd, netRate, hedgedRate);

describe('basis shock and minimum delta, by hand', () => {
  it('basis: |sum delta x years| x spot x shock; perps and options do not count', () => {
    const p = [
      { delta: 30, deltaOne: true, expiryYears: 0 },
      { delta: -30, deltaOne: true, expiryYears: 0.25 },
      { delta: 5, deltaOne: false, expiryYears: 0.5 },
    ];
    expect(basisShockLossUsd(p, 100_000, 0.1)).toBeCloseTo(30 * 0.25 * 100_000 * 0.1, 9); // 75,000
  });
  it('minimum: 2% of |net| + 1% of hedged delta, x spot', () => {
    expect(minimumDeltaUsd([30, -30], 100_000, 0.02, 0.01)).toBeCloseTo(30_000, 9);
    expect(minimumDeltaUsd([30, -10, -5], 100_000, 0.02, 0.01)).toBeCloseTo(0.02 * 15 * 100_000 + 0.01 * 15 * 100_000, 9);
    expect(minimumDeltaUsd([-4], 50_000, 0.02, 0.01)).toBeCloseTo(4_000, 9);
  });
});

describe('perpetual versus future (#17.5)', () => {
  let engine: Engine;
  const market = parseMarket(marketFile, 'market.json');
  beforeAll(async () => {
    engine = await createEngine({ threads: 1 });
  });
  afterAll(() => engine.close());

  async function margin(positions: { instrument: string; quantity: number }[], config = DEFAULT_POLICY_CONFIG) {
    const file = book(positions);
    const risk = await engine.valueAtRisk(file, marketFile, { scenarios: 2000, confidence: 0.99, esConfidence: 0.975, horizonDays: 2 });
    return { risk: risk.accounts[0], margin: bookPolicyMargins(risk, parsePortfolio(file, market, 'portfolio'), market, config)[0] };
  }

  it('long 30 BTC perp, short 30 BTC March future: ES 0, initial margin = the basis shock, above the minimum', async () => {
    const { risk, margin: m } = await margin([{ instrument: 'BTC-PERP', quantity: 30 }, { instrument: 'BTC-MAR', quantity: -30 }]);
    expect(risk.es).toBe(0); // the scenarios move both legs with spot
    const basis = 30 * (MARCH / 365) * 100_000 * 0.05; // 41,095.89: 5 points a year of basis on 100 days
    expect(m.initialMarginUsd).toBeCloseTo(basis, 6);
    expect(m.initialMarginUsd).toBeGreaterThan(0.01 * 30 * 100_000); // the minimum on hedged delta (30,000)
    expect(m.breakdown.find((c) => c.key === 'addOn.basis')!.amountUsd).toBeCloseTo(basis, 6);
    expect(m.maintenanceMarginUsd).toBeCloseTo(0.5 * basis, 6);
  });

  it('a spread in one expiry has no basis risk and is margined at the minimum, 1% of hedged delta', async () => {
    const { margin: m } = await margin([{ instrument: 'BTC-MAR', quantity: 30 }, { instrument: 'BTC-MAR', quantity: -30 }]);
    expect(m.initialMarginUsd).toBeCloseTo(30_000, 6);
    expect(m.breakdown.some((c) => c.key === 'addOn.basis')).toBe(false);
  });

  it('a calendar spread (long March, short June) pays the basis shock on the difference of expiries', async () => {
    const { margin: m } = await margin([{ instrument: 'BTC-MAR', quantity: 30 }, { instrument: 'BTC-JUN', quantity: -30 }]);
    expect(m.breakdown.find((c) => c.key === 'addOn.basis')!.amountUsd).toBeCloseTo(30 * ((JUNE - MARCH) / 365) * 100_000 * 0.05, 6);
  });

  it('the shock and the minimum are configurable, and both off give the scenario engine\'s 0', async () => {
    const off = parsePolicyConfig({ deltaOne: { basisShock: 0, minNetDeltaRate: 0, minHedgedDeltaRate: 0 } });
    const { margin: m } = await margin([{ instrument: 'BTC-PERP', quantity: 30 }, { instrument: 'BTC-MAR', quantity: -30 }], off);
    expect(m.initialMarginUsd).toBe(0);
  });
});
