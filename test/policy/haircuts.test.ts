import { describe, expect, it } from 'vitest';
import { collateralLines, volatilityHaircut } from '../../src/policy/haircuts.js';

// Phi^-1(0.99) from published tables (Abramowitz & Stegun 26.2; 2.326347874040841).
const Z99 = 2.326347874040841;

describe('volatilityHaircut', () => {
  it('equals 1 - exp(-z sigma sqrt(h / 365))', () => {
    const want = 1 - Math.exp(-Z99 * 0.8 * Math.sqrt(2 / 365)); // 0.128695...
    expect(volatilityHaircut(0.8, 2, 0.99, 365)).toBeCloseTo(want, 13);
    expect(want).toBeCloseTo(0.1286950045, 9);
    expect(volatilityHaircut(0, 2, 0.99, 365)).toBe(0);
  });
  it('grows with volatility and horizon and stays below 1', () => {
    expect(volatilityHaircut(1.2, 2, 0.99, 365)).toBeGreaterThan(volatilityHaircut(0.8, 2, 0.99, 365));
    expect(volatilityHaircut(0.8, 5, 0.99, 365)).toBeGreaterThan(volatilityHaircut(0.8, 2, 0.99, 365));
    expect(volatilityHaircut(5, 365, 0.999, 365)).toBeLessThan(1);
  });
});

describe('collateralLines', () => {
  it('haircuts each asset and caps any non-exempt asset at maxShare of the haircut total', () => {
    const lines = collateralLines(
      [
        { asset: 'BTC', amount: 0.1, priceUsd: 40_000, haircut: 0.25 }, // 4000 -> 3000
        { asset: 'ETH', amount: 1, priceUsd: 2_000, haircut: 0.5 }, // 2000 -> 1000
        { asset: 'USDC', amount: 1_000, priceUsd: 1, haircut: 0 }, // 1000, exempt
      ],
      0.5,
      new Set(['USDC']),
    );
    // total after haircuts 5000; limit 2500: BTC loses 500.
    expect(lines.map((l) => l.haircutUsd)).toEqual([1000, 1000, 0]);
    expect(lines.map((l) => l.shareCapUsd)).toEqual([500, 0, 0]);
    expect(lines.map((l) => l.valueUsd)).toEqual([2500, 1000, 1000]);
  });

  it('exempt assets are never capped, and a borrowed amount counts in full without haircut', () => {
    const lines = collateralLines(
      [
        { asset: 'USDC', amount: 9_000, priceUsd: 1, haircut: 0 },
        { asset: 'ETH', amount: -1, priceUsd: 2_000, haircut: 0.5 },
        { asset: 'SOL', amount: 10, priceUsd: 100, haircut: 0.2 },
      ],
      0.5,
      new Set(['USDC']),
    );
    expect(lines[0].valueUsd).toBe(9000);
    expect(lines[1]).toMatchObject({ haircut: 0, haircutUsd: -0, shareCapUsd: 0, valueUsd: -2000 });
    expect(lines[2].valueUsd).toBe(800);
  });
});
