// Grid definitions: the Paradex preset against the documented SCAN table, grid expansion order,
// and validation of custom grids (InputError naming the field).
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { customGrid, formatPercent, PARADEX_PORTFOLIO_MARGIN } from '../../src/stress/grid.js';
import { expandGrid } from '../../src/stress/stressBook.js';
import { makeMarket } from './helpers.js';

// docs.paradex.trade/risk/portfolio-margin, "SCAN risk" table: scenario, spot shock %, vol shock %, weight %.
const PARADEX_TABLE: [number, number, number, number][] = [
  [1, 16, 40, 100], [2, 12, 40, 100], [3, 12, -22, 100], [4, 8, 40, 100], [5, 8, -22, 100], [6, 4, 40, 100],
  [7, 4, -22, 100], [8, 0, 40, 100], [9, 0, -22, 100], [10, -4, 40, 100], [11, -4, -22, 100], [12, -8, 40, 100],
  [13, -8, -22, 100], [14, -12, 40, 100], [15, -12, -22, 100], [16, -16, 40, 100], [17, -66, 40, 24], [18, -33, 40, 48],
  [19, 50, 40, 32], [20, 100, 40, 16], [21, 200, 40, 8], [22, 300, 40, 5.33], [23, 400, 40, 4], [24, 500, 40, 3.2],
];

describe('PARADEX_PORTFOLIO_MARGIN', () => {
  const market = makeMarket({ BTC: 90000, ETH: 3000 });
  const { scenarios, set } = expandGrid(customGrid(PARADEX_PORTFOLIO_MARGIN), market);

  it('expands to the 24 documented scenarios, in the documented order', () => {
    expect(scenarios).toHaveLength(24);
    PARADEX_TABLE.forEach(([n, spot, vol, weight]) => {
      const s = scenarios[n - 1];
      expect(s.move).toBeCloseTo(spot / 100, 12);
      expect(s.volShock).toBeCloseTo(vol / 100, 12);
      expect(s.weight).toBeCloseTo(weight / 100, 12);
      expect(s.extended).toBe(n > 16);
    });
  });

  it('has the documented IV scaling: reference 30 days, floor 1 day, power 0.30 below 30 DTE, 0.13 from 30', () => {
    expect(PARADEX_PORTFOLIO_MARGIN.ivShockScaling).toEqual({ referenceDays: 30, power: 0.3, longDatedPower: 0.13, floorDays: 1 });
    expect(PARADEX_PORTFOLIO_MARGIN.comovement).toBe('all-together');
    expect(PARADEX_PORTFOLIO_MARGIN.source).toMatch(/docs\.paradex\.trade/);
  });

  it('moves every underlying together', () => {
    for (let s = 0; s < 24; s++) {
      expect(set.moves[2 * s]).toBe(scenarios[s].move);
      expect(set.moves[2 * s + 1]).toBe(scenarios[s].move);
      expect(set.volShocks[2 * s + 1]).toBe(scenarios[s].volShock);
      expect(set.weights[s]).toBe(scenarios[s].weight);
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(PARADEX_PORTFOLIO_MARGIN.priceMoves)).toBe(true);
    expect(Object.isFrozen(PARADEX_PORTFOLIO_MARGIN.extendedMoves![0])).toBe(true);
  });
});

describe('expandGrid', () => {
  it('each-underlying: the grid once per underlying, only that underlying shocked', () => {
    const market = makeMarket({ A: 1, B: 2, C: 3 });
    const grid = customGrid({ name: 'g', priceMoves: [-0.1, 0.1], volShocks: [0.5], extendedMoves: [{ move: 1, weight: 0.1 }], comovement: 'each-underlying' });
    const { scenarios, set } = expandGrid(grid, market);
    expect(scenarios.map((s) => s.label)).toEqual([
      'A spot -10% vol +50%', 'A spot +10% vol +50%', 'A spot +100% vol 0% weight 0.1',
      'B spot -10% vol +50%', 'B spot +10% vol +50%', 'B spot +100% vol 0% weight 0.1',
      'C spot -10% vol +50%', 'C spot +10% vol +50%', 'C spot +100% vol 0% weight 0.1',
    ]);
    expect(Array.from(set.moves.subarray(3 * 4, 3 * 5))).toEqual([0, 0.1, 0]); // scenario 4: B +10 %
    expect(Array.from(set.volShocks.subarray(3 * 4, 3 * 5))).toEqual([0, 0.5, 0]);
    expect(scenarios[4]).toMatchObject({ underlying: 'B', row: 1, col: 0 });
  });
});

describe('customGrid validation', () => {
  const ok = { name: 'x', priceMoves: [-0.1, 0.1], volShocks: [0.2], comovement: 'all-together' };
  const cases: [string, unknown, string][] = [
    ['not an object', 5, 'grid'],
    ['missing name', { ...ok, name: '' }, 'grid.name'],
    ['bad comovement', { ...ok, comovement: 'sometimes' }, 'grid.comovement'],
    ['empty priceMoves', { ...ok, priceMoves: [] }, 'grid.priceMoves'],
    ['move <= -1', { ...ok, priceMoves: [-0.1, -1] }, 'grid.priceMoves[1]'],
    ['NaN move', { ...ok, priceMoves: [NaN] }, 'grid.priceMoves[0]'],
    ['duplicate move', { ...ok, priceMoves: [0.1, 0.1] }, 'grid.priceMoves[1]'],
    ['string vol shock', { ...ok, volShocks: ['0.4'] }, 'grid.volShocks[0]'],
    ['zero weight', { ...ok, extendedMoves: [{ move: 2, weight: 0 }] }, 'grid.extendedMoves[0].weight'],
    ['bad extended move', { ...ok, extendedMoves: [{ move: -2, weight: 0.1 }] }, 'grid.extendedMoves[0].move'],
    ['negative power', { ...ok, ivShockScaling: { referenceDays: 30, power: -1 } }, 'grid.ivShockScaling.power'],
    ['zero reference', { ...ok, ivShockScaling: { referenceDays: 0, power: 0.5 } }, 'grid.ivShockScaling.referenceDays'],
    ['omit not in grid', { ...ok, omit: [{ move: 0.3, volShock: 0.2 }] }, 'grid.omit[0].move'],
    ['omit everything', { ...ok, omit: [{ move: 0.1, volShock: 0.2 }, { move: -0.1, volShock: 0.2 }] }, 'grid.omit'],
    ['unknown field', { ...ok, moves: [0.1] }, 'grid.moves'],
  ];
  it.each(cases)('%s -> InputError at %s', (_, config, column) => {
    let err: unknown;
    try {
      customGrid(config);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).column).toBe(column);
    expect((err as InputError).message.startsWith(`${column}: `)).toBe(true);
  });

  it('fills defaults: extended volShock 0, longDatedPower = power, floorDays 1', () => {
    const g = customGrid({ ...ok, extendedMoves: [{ move: 2, weight: 0.1 }], ivShockScaling: { referenceDays: 30, power: 0.5 } });
    expect(g.extendedMoves).toEqual([{ move: 2, weight: 0.1, volShock: 0 }]);
    expect(g.ivShockScaling).toEqual({ referenceDays: 30, power: 0.5, longDatedPower: 0.5, floorDays: 1 });
  });

  it('formats percentages', () => {
    expect([0.16, -0.04, 0, -0, 5, 0.0533, -0.225].map(formatPercent)).toEqual(['+16%', '-4%', '0%', '0%', '+500%', '+5.33%', '-22.5%']);
  });
});
