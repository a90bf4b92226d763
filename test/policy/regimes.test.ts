import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { blendVolatility } from '../../src/policy/blendVolatility.js';
import { parsePolicyConfig } from '../../src/policy/config.js';
import { nextRegime, regimeMultiplier, regimeSeries } from '../../src/policy/regimes.js';

const ONE = { upThresholds: [0.8], downThresholds: [0.7], multipliers: [1, 1.25] };
const TWO = { upThresholds: [0.8, 1.2], downThresholds: [0.7, 1.05], multipliers: [1, 1.25, 1.5] };

describe('regimeSeries (hysteresis)', () => {
  it('an oscillating vol around the up threshold changes regime once, not every day', () => {
    // 0.79, 0.81, 0.79, 0.81, ...: crosses 0.8 every day but never falls below 0.7.
    const vols = Array.from({ length: 20 }, (_, t) => (t % 2 === 0 ? 0.79 : 0.81));
    const r = regimeSeries(vols, ONE);
    expect(r.slice(0, 2)).toEqual([0, 1]);
    expect(r.slice(1).every((x) => x === 1)).toBe(true);
    let changes = 0;
    for (let t = 1; t < r.length; t++) if (r[t] !== r[t - 1]) changes++;
    expect(changes).toBe(1);
  });

  it('without hysteresis (down = up) the same series would flap every day', () => {
    const vols = Array.from({ length: 20 }, (_, t) => (t % 2 === 0 ? 0.79 : 0.81));
    const r = regimeSeries(vols, { ...ONE, downThresholds: [0.8] });
    expect(r).toEqual(vols.map((v) => (v >= 0.8 ? 1 : 0)));
  });

  it('enters at >= up, leaves only at < down, and can cross several regimes in one day', () => {
    expect(regimeSeries([0.5, 0.8, 0.7, 0.69999, 1.3, 1.05, 1.04, 0.2], TWO)).toEqual([0, 1, 1, 0, 2, 2, 1, 0]);
    expect(nextRegime(0, 1.2, TWO)).toBe(2);
    expect(nextRegime(2, 0.1, TWO)).toBe(0);
    expect(nextRegime(1, NaN, TWO)).toBe(1);
  });

  it('stays inside [0, K] and never changes regime while vol stays strictly inside a hysteresis band', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.7, max: 0.8, noNaN: true, maxExcluded: true }), { minLength: 1, maxLength: 50 }), fc.integer({ min: 0, max: 1 }), (vols, start) => {
        const r = regimeSeries(vols, ONE, start);
        return r.every((x) => x === start);
      }),
    );
  });

  it('multiplier per regime', () => {
    expect(regimeMultiplier(0, TWO)).toBe(1);
    expect(regimeMultiplier(2, TWO)).toBe(1.5);
  });
});

describe('blendVolatility', () => {
  const cfg = parsePolicyConfig({ volatility: { realizedWeight: 0.7, floor: 0.25 } }).volatility;
  it('w * realized + (1 - w) * implied when implied is given', () => {
    expect(blendVolatility(0.5, 0.9, cfg)).toBeCloseTo(0.7 * 0.5 + 0.3 * 0.9, 15);
  });
  it('realized alone without implied, and the floor binds below it', () => {
    expect(blendVolatility(0.6, undefined, cfg)).toBe(0.6);
    expect(blendVolatility(0.1, undefined, cfg)).toBe(0.25);
    expect(blendVolatility(0.1, 0.2, cfg)).toBe(0.25);
  });
  it('NaN for invalid input', () => {
    expect(blendVolatility(NaN, 0.5, cfg)).toBeNaN();
    expect(blendVolatility(0.5, -1, cfg)).toBeNaN();
  });
});
