import { describe, expect, it } from 'vitest';
import { accountHealth, collectMarginCalls, distanceToLiquidation, marginStatus } from '../../src/policy/health.js';

describe('marginStatus', () => {
  it('changes exactly at the initial and maintenance boundaries', () => {
    const im = 1000;
    const mm = 500;
    expect(marginStatus(1000, im, mm)).toBe('healthy');
    expect(marginStatus(999.9999999, im, mm)).toBe('margin-call');
    expect(marginStatus(500, im, mm)).toBe('margin-call');
    expect(marginStatus(499.9999999, im, mm)).toBe('liquidate');
  });
  it('no margin and no equity is healthy; negative equity without margin is not', () => {
    expect(marginStatus(0, 0, 0)).toBe('healthy');
    expect(marginStatus(-1, 0, 0)).toBe('liquidate');
  });
});

describe('distanceToLiquidation', () => {
  it('linear: move = -(equity - maintenance) / delta', () => {
    // long 10 BTC at 30000, equity 10000, maintenance 4000: falls 600 to 29400
    const d = distanceToLiquidation(10_000, 4_000, 'BTC', 30_000, 10, 0)!;
    expect(d.moveUsd).toBe(-600);
    expect(d.liquidationPriceUsd).toBe(29_400);
    expect(d.moveFraction).toBeCloseTo(-0.02, 15);
    expect(distanceToLiquidation(10_000, 4_000, 'BTC', 30_000, -10, 0)!.moveUsd).toBe(600);
  });

  it('delta-gamma: the smaller root of gamma/2 x^2 + delta x + (equity - maintenance) = 0', () => {
    // -0.005 x^2 + 10 x + 6000 = 0  <=>  x^2 - 2000 x - 1.2e6 = 0  =>  x = 1000 -/+ sqrt(2.2e6)
    const d = distanceToLiquidation(10_000, 4_000, 'BTC', 30_000, 10, -0.01)!;
    expect(d.moveUsd).toBeCloseTo(1000 - Math.sqrt(2.2e6), 9);
    // Short gamma, no delta: symmetric roots +/- sqrt(2 c / |gamma|); either sign is the same distance
    const s = distanceToLiquidation(10_000, 4_000, 'BTC', 30_000, 0, -0.01)!;
    expect(Math.abs(s.moveUsd)).toBeCloseTo(Math.sqrt((2 * 6000) / 0.01), 9);
  });

  it('is 0 at or below maintenance and null when no move reaches it', () => {
    expect(distanceToLiquidation(4_000, 4_000, 'BTC', 30_000, 10, 0)!.moveUsd).toBe(0);
    expect(distanceToLiquidation(3_000, 4_000, 'BTC', 30_000, 10, 0)!.moveUsd).toBe(0);
    expect(distanceToLiquidation(10_000, 4_000, 'BTC', 30_000, 0, 0)).toBeNull();
    // long gamma outgrowing the delta: 0.5 x^2 + 10 x + 6000 > 0 for all x (disc = 100 - 12000 < 0)
    expect(distanceToLiquidation(10_000, 4_000, 'BTC', 30_000, 10, 1)).toBeNull();
    // long 1 unit at price 100 with 1000 of excess: the price would have to go below zero
    expect(distanceToLiquidation(1_500, 500, 'X', 100, 1, 0)).toBeNull();
  });
});

describe('accountHealth and margin calls', () => {
  it('margin ratio, excess, penalty and the amount due to restore initial margin', () => {
    const h = accountHealth('A', 800, 1000, 500, { symbol: 'BTC', priceUsd: 30_000, delta: 1, gamma: 0 }, 30_000, 0.01);
    expect(h.status).toBe('margin-call');
    expect(h.marginRatio).toBe(1.6);
    expect(h.excessUsd).toBe(-200);
    expect(h.liquidationPenaltyUsd).toBe(300);
    expect(h.marginCalls).toEqual([{ accountId: 'A', status: 'margin-call', amountUsd: 200 }]);
    expect(h.distanceToLiquidation!.moveUsd).toBe(-300);
    expect(accountHealth('B', 1000, 1000, 500, undefined, 0, 0.01).marginCalls).toEqual([]);
  });

  it('collectMarginCalls lists every call, largest first', () => {
    const mk = (id: string, equity: number) => ({ health: accountHealth(id, equity, 1000, 500, undefined, 0, 0) });
    const calls = collectMarginCalls([mk('a', 900), mk('b', 100), mk('c', 2000), mk('d', 900)]);
    expect(calls).toEqual([
      { accountId: 'b', status: 'liquidate', amountUsd: 900 },
      { accountId: 'a', status: 'margin-call', amountUsd: 100 },
      { accountId: 'd', status: 'margin-call', amountUsd: 100 },
    ]);
  });
});
