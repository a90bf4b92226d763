import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { assertSurfaceArbitrageFree, checkSurfaceArbitrage, SurfaceArbitrageError } from '../../src/surface/surfaceArbitrage.js';
import { CHAIN } from './sviTestData.js';

// Axel Vogt's example (Gatheral & Jacquier 2014, sec. 2.2): raw SVI with butterfly arbitrage, t = 1
const VOGT = { expiryDays: 365, a: -0.041, b: 0.1331, rho: 0.306, m: 0.3586, sigma: 0.4153 };

describe('checkSurfaceArbitrage', () => {
  it('passes the hand-picked chain', () => {
    expect(checkSurfaceArbitrage({ underlying: 'BTC', slices: [...CHAIN] })).toEqual([]);
  });
  it('finds the butterfly arbitrage of the Vogt example, naming expiry date and strike', () => {
    const v = checkSurfaceArbitrage({ underlying: 'SPX', slices: [VOGT] }, { asOf: '2026-01-01', forward: () => 100 });
    expect(v.map((x) => x.kind)).toEqual(['butterfly']);
    expect(v[0].message).toMatch(/^surface SPX: butterfly arbitrage in the 365 d \(2027-01-01\) expiry: density g\(k\) = -0\.\d+ < 0 at k = -?\d\.\d+ \(strike [\d,.]+\)$/);
    expect(v[0].strike).toBeCloseTo(100 * Math.exp(v[0].k), 9);
  });
  it('rejects b (1 + |rho|) > 2 (Lee bound)', () => {
    const v = checkSurfaceArbitrage({ underlying: 'ETH', slices: [{ expiryDays: 30, a: 0.01, b: 1.6, rho: 0.3, m: 0, sigma: 0.1 }] });
    expect(v.some((x) => x.kind === 'lee-bound' && /breaks Lee's moment bound: wing slope b \(1 \+ \|rho\|\) = 2\.08 > 2 as k -> \+infinity/.test(x.message))).toBe(true);
  });
  it('rejects crossing slices (calendar), naming both expiries, the fall and the crossing points', () => {
    const late = { ...CHAIN[1], a: 0, b: 0.12, sigma: 0.05 }; // below the 30 d slice near the money, above in the wings
    const v = checkSurfaceArbitrage({ underlying: 'BTC', slices: [CHAIN[0], late] }, { forward: () => 60_000 });
    expect(v).toHaveLength(1);
    expect(v[0].kind).toBe('calendar');
    expect(v[0].message).toMatch(/^surface BTC: calendar arbitrage between 30 d and 60 d expiries: total variance falls from 0\.\d+ to 0\.\d+ at k = -?\d\.\d+ \(strike [\d,]+\); the slices cross at k = -?\d\.\d+, -?\d\.\d+$/);
  });
  it('rejects a later wing that falls below beyond the grid (asymptotic slopes)', () => {
    const early = { expiryDays: 30, a: 0.01, b: 0.3, rho: 0, m: 0, sigma: 0.1 };
    const late = { expiryDays: 60, a: 2, b: 0.1, rho: 0, m: 0, sigma: 0.1 }; // crosses at |k| ~ 10, beyond the grid
    const v = checkSurfaceArbitrage({ underlying: 'BTC', slices: [early, late] }, { gridPoints: 11 });
    expect(v[0].message).toMatch(/falls below the earlier one's as k -> [+-]infinity \(wing slopes 0\.3 and 0\.1\)/);
  });
  it('rejects negative total variance', () => {
    const v = checkSurfaceArbitrage({ underlying: 'BTC', slices: [{ expiryDays: 30, a: -0.05, b: 0.1, rho: 0, m: 0, sigma: 0.1 }] });
    expect(v[0].message).toMatch(/negative total variance in the 30 d expiry: w = -0\.04 at k = 0/);
  });
  it('assertSurfaceArbitrageFree throws an InputError listing every violation', () => {
    let caught: unknown;
    try {
      assertSurfaceArbitrageFree({ underlying: 'SPX', slices: [VOGT] });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SurfaceArbitrageError);
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as SurfaceArbitrageError).violations).toHaveLength(1);
    expect(() => assertSurfaceArbitrageFree({ underlying: 'BTC', slices: [...CHAIN] })).not.toThrow();
  });
});
