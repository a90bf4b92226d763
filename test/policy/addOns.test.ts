import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { concentrationAddOnUsd, concentrationMarginFraction, liquidityAddOnUsd, tierMarginUsd } from '../../src/policy/addOns.js';
import { DEFAULT_POLICY_CONFIG, type ConcentrationParams } from '../../src/policy/config.js';

const P: ConcentrationParams = {
  baseMarginFraction: 0.1,
  imfFactor: 0.0005,
  lowerCapUsd: 25e6,
  upperCapUsd: 50e6,
  maxMarginFraction: 1,
  tiers: [
    { fromNotionalUsd: 0, marginFraction: 0.1 },
    { fromNotionalUsd: 1e6, marginFraction: 0.15 },
    { fromNotionalUsd: 5e6, marginFraction: 0.25 },
  ],
};

describe('Drift size premium', () => {
  it('matches max(mr, 0.8 mr + imf sqrt(|size|)) at hand-computed points', () => {
    // sqrt(10000) = 100: 0.08 + 0.0005 * 100 = 0.13.
    expect(concentrationMarginFraction('drift', P, 10_000, 0, 0)).toBeCloseTo(0.13, 15);
    expect(concentrationMarginFraction('drift', P, -10_000, 0, 0)).toBeCloseTo(0.13, 15);
    expect(concentrationMarginFraction('drift', P, 100, 0, 0)).toBe(0.1);
    // add-on = notional * (0.13 - 0.10)
    expect(concentrationAddOnUsd('drift', P, 10_000, 3e8, 0)).toBeCloseTo(3e8 * 0.03, 6);
  });

  it('starts exactly at the closed-form size (0.2 mr / imf)^2', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 0.5, noNaN: true }), fc.double({ min: 1e-5, max: 1e-2, noNaN: true }), (mr, imf) => {
        const p = { ...P, baseMarginFraction: mr, imfFactor: imf };
        const sStar = ((0.2 * mr) / imf) ** 2;
        const below = concentrationMarginFraction('drift', p, sStar * 0.99, 0, 0);
        const above = concentrationMarginFraction('drift', p, sStar * 1.21, 0, 0); // sqrt(1.21) = 1.1
        return below === mr && Math.abs(above - (0.8 * mr + 1.1 * 0.2 * mr)) <= 1e-12;
      }),
    );
  });
});

describe('dYdX v4 open-notional scaling', () => {
  const d = { ...P, baseMarginFraction: 0.05 };
  it('hits the base IMF up to the lower cap, 100% from the upper cap, linear between', () => {
    expect(concentrationMarginFraction('dydx', d, 0, 0, 10e6)).toBe(0.05);
    expect(concentrationMarginFraction('dydx', d, 0, 0, 25e6)).toBe(0.05);
    expect(concentrationMarginFraction('dydx', d, 0, 0, 37.5e6)).toBeCloseTo(0.05 + 0.95 * 0.5, 15);
    expect(concentrationMarginFraction('dydx', d, 0, 0, 50e6)).toBe(1);
    expect(concentrationMarginFraction('dydx', d, 0, 0, 80e6)).toBe(1);
    expect(concentrationAddOnUsd('dydx', d, 0, 2e6, 80e6)).toBeCloseTo(2e6 * 0.95, 6);
  });
});

describe('venue tiers', () => {
  it('bracket margin equals the whole-position rate less the Binance-style maintenance amount', () => {
    // 7M: 0.10 * 1M + 0.15 * 4M + 0.25 * 2M = 1.2M; top rate 0.25 * 7M - cum 0.55M = 1.2M
    const cum = 0.25 * 5e6 - (0.1 * 1e6 + 0.15 * 4e6);
    expect(tierMarginUsd(P.tiers, 7e6)).toBeCloseTo(0.25 * 7e6 - cum, 6);
    expect(tierMarginUsd(P.tiers, 7e6)).toBeCloseTo(1.2e6, 6);
    expect(tierMarginUsd(P.tiers, 5e5)).toBeCloseTo(5e4, 9);
    expect(concentrationAddOnUsd('tiers', P, 0, 7e6, 0)).toBeCloseTo(1.2e6 - 0.1 * 7e6, 6);
    expect(concentrationAddOnUsd('tiers', P, 0, 5e5, 0)).toBe(0);
  });
});

describe('add-ons grow with size', () => {
  it('concentration (every scheme) and liquidity are non-decreasing in position size', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e5, noNaN: true }), fc.double({ min: 0, max: 1e5, noNaN: true }), fc.double({ min: 1, max: 1e5, noNaN: true }), (a, b, price) => {
        const [s, t] = a <= b ? [a, b] : [b, a];
        for (const scheme of ['drift', 'dydx', 'tiers'] as const) {
          const open = (x: number) => (scheme === 'dydx' ? x * price * 1e3 : 0);
          if (concentrationAddOnUsd(scheme, P, s, s * price, open(s)) > concentrationAddOnUsd(scheme, P, t, t * price, open(t)) * (1 + 1e-12)) return false;
        }
        const liq = (x: number) => liquidityAddOnUsd(x * price, 0.8, 0.0005, 1e9, { impactCoefficient: 1, annualization: 365 });
        return liq(s) <= liq(t) * (1 + 1e-12);
      }),
    );
  });
});

describe('liquidity add-on', () => {
  const k = { impactCoefficient: DEFAULT_POLICY_CONFIG.liquidity.impactCoefficient, annualization: 365 };
  const vol = 0.02 * Math.sqrt(365); // 2% a day
  it('half-spread plus k sigma_daily sqrt(N / ADV) on the notional', () => {
    // 1e6 * (0.0005 + 1 * 0.02 * sqrt(0.01)) = 2500; 4e6 * (0.0005 + 0.02 * 0.2) = 18000
    expect(liquidityAddOnUsd(1e6, vol, 0.0005, 1e8, k)).toBeCloseTo(2500, 8);
    expect(liquidityAddOnUsd(4e6, vol, 0.0005, 1e8, k)).toBeCloseTo(18000, 7);
    expect(liquidityAddOnUsd(-4e6, vol, 0.0005, 1e8, k)).toBeCloseTo(18000, 7);
  });
  it('spread only when ADV is unknown; zero without a position', () => {
    expect(liquidityAddOnUsd(1e6, vol, 0.0005, undefined, k)).toBeCloseTo(500, 10);
    expect(liquidityAddOnUsd(0, vol, 0.0005, 1e8, k)).toBe(0);
  });
});
