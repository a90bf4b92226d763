// Revaluation under stress scenarios: a perpetual and an option under a 2x2 grid against P&L
// computed here from the definitions (Black-76 on the shocked forward), and the DTE scaling of the
// IV shock against values computed with Python (30 / max(1, DTE))^p.
import { describe, expect, it } from 'vitest';
import { PARADEX_PORTFOLIO_MARGIN, type StressGrid } from '../../src/stress/grid.js';
import { instrumentUnitPnl, ivShockScale, IV_FLOOR, shockedIv } from '../../src/stress/revalue.js';
import { stressTest } from '../../src/stress/stressBook.js';
import { black76Price } from '../../src/twin/black76.js';
import { makeBook, makeMarket, option, perp } from './helpers.js';

const GRID_2X2: StressGrid = { name: '2x2', priceMoves: [-0.1, 0.2], volShocks: [0.4, -0.22], comovement: 'all-together' };
const close = (x: number, y: number, rel = 1e-12): void => expect(Math.abs(x - y)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(y)));

describe('unit P&L', () => {
  const market = makeMarket({ BTC: 100 }, 0.05);
  const p = perp('BTC-PERP', 'BTC', market, 2);
  const c = option('C110', 'BTC', market, { right: 'call', strike: 110, days: 45, iv: 0.6 });

  it('linear: multiplier * S * move, whatever the vol shock', () => {
    for (const m of [-0.1, 0.2]) for (const v of [0.4, -0.22]) close(instrumentUnitPnl(p, market, m, v), 2 * 100 * m);
  });

  it('option: Black-76 at S(1+move) e^{rT}, iv(1+shock), expiry unchanged, minus today', () => {
    const T = 45 / 365;
    const v0 = black76Price(100 * Math.exp(0.05 * T), 110, T, 0.6, true, Math.exp(-0.05 * T));
    for (const m of [-0.1, 0.2]) {
      for (const v of [0.4, -0.22]) {
        const v1 = black76Price(100 * (1 + m) * Math.exp(0.05 * T), 110, T, 0.6 * (1 + v), true, Math.exp(-0.05 * T));
        close(instrumentUnitPnl(c, market, m, v), v1 - v0);
      }
    }
    expect(instrumentUnitPnl(c, market, 0, 0)).toBe(0);
  });

  it('horizon: a put loses horizonDays of time (T - h/365), discounted to the new expiry', () => {
    const put = option('P90', 'BTC', market, { right: 'put', strike: 90, days: 20, iv: 0.8, multiplier: 3 });
    const T = 20 / 365;
    const T1 = 10 / 365;
    const v0 = black76Price(100 * Math.exp(0.05 * T), 90, T, 0.8, false, Math.exp(-0.05 * T));
    const v1 = black76Price(90 * Math.exp(0.05 * T1), 90, T1, 0.8 * 1.4, false, Math.exp(-0.05 * T1));
    close(instrumentUnitPnl(put, market, -0.1, 0.4, { horizonDays: 10 }), 3 * (v1 - v0));
    // Past expiry: intrinsic value.
    close(instrumentUnitPnl(put, market, -0.2, 0, { horizonDays: 30 }), 3 * (10 - v0));
  });

  it('IV floor: a shock of -100 % or worse reprices at IV_FLOOR', () => {
    expect(shockedIv(0.5, -1.5, 1)).toBe(IV_FLOOR);
    const T = 45 / 365;
    const v0 = black76Price(100 * Math.exp(0.05 * T), 110, T, 0.6, true, Math.exp(-0.05 * T));
    const v1 = black76Price(100 * Math.exp(0.05 * T), 110, T, 1e-4, true, Math.exp(-0.05 * T));
    close(instrumentUnitPnl(c, market, 0, -2), v1 - v0);
  });
});

describe('2x2 grid through stressTest', () => {
  const market = makeMarket({ BTC: 100 }, 0.05);
  const T = 45 / 365;
  const book = makeBook(
    [perp('BTC-PERP', 'BTC', market, 2), option('C110', 'BTC', market, { right: 'call', strike: 110, days: 45, iv: 0.6 })],
    [{ id: 'perp-long', collateral: { USD: 10 }, positions: { 'BTC-PERP': 3 } }, { id: 'call-short', collateral: { USD: 5 }, positions: { C110: -4 } }],
  );
  const r = stressTest(book, market, GRID_2X2);
  const v0 = black76Price(100 * Math.exp(0.05 * T), 110, T, 0.6, true, Math.exp(-0.05 * T));
  const callPnl = (m: number, v: number): number => black76Price(100 * (1 + m) * Math.exp(0.05 * T), 110, T, 0.6 * (1 + v), true, Math.exp(-0.05 * T)) - v0;
  const cells: [number, number][] = [[-0.1, 0.4], [-0.1, -0.22], [0.2, 0.4], [0.2, -0.22]];

  it('scenarios in row-major order with labels', () => {
    expect(r.grid.labels).toEqual(['spot -10% vol +40%', 'spot -10% vol -22%', 'spot +20% vol +40%', 'spot +20% vol -22%']);
  });

  it('book total loss per scenario = -(3 * 2 * 100 * m + (-4) * call P&L)', () => {
    cells.forEach(([m, v], s) => close(r.book.scenarios[s].totalLoss, -(3 * 2 * 100 * m) - -4 * callPnl(m, v)));
  });

  it('worst scenario per account: long perp at -10 %, short call at +20 % / +40 %', () => {
    const [a, b] = r.accounts;
    expect(a.worstScenario.label).toBe('spot -10% vol +40%'); // first of the two equal -10 % cells
    close(a.worstLoss, 60);
    close(a.shortfall, 50);
    expect(b.worstScenario).toMatchObject({ move: 0.2, volShock: 0.4, weight: 1, extended: false });
    close(b.worstLoss, 4 * callPnl(0.2, 0.4));
    close(b.shortfall, 4 * callPnl(0.2, 0.4) - 5);
  });

  it('heatmap: rows = price moves, cols = vol shocks, book total loss per cell', () => {
    expect(r.heatmap.rows).toEqual([-0.1, 0.2]);
    expect(r.heatmap.cols).toEqual([0.4, -0.22]);
    cells.forEach(([m, v], s) => close(r.heatmap.worstTotalLoss[Math.floor(s / 2)][s % 2], -(600 * m) + 4 * callPnl(m, v)));
  });
});

describe('IV shock scaling (30 / max(1, DTE))^p', () => {
  const paradex = PARADEX_PORTFOLIO_MARGIN.ivShockScaling!;
  // Python: (30/max(1,d))**(0.3 if d < 30 else 0.13) and (30/max(1,d))**0.5
  const expected: [number, number, number][] = [
    [1, 2.774191114672181, 5.477225575051661],
    [7, 1.5474155772108131, 2.0701966780270626],
    [30, 1.0, 1.0],
    [90, 0.8669104475782533, 0.5773502691896257],
    [0.5, 2.774191114672181, 5.477225575051661], // DTE floor 1
  ];
  it.each(expected)('DTE %d', (dte, paradexScale, halfPowerScale) => {
    close(ivShockScale(dte, paradex), paradexScale);
    close(ivShockScale(dte, { referenceDays: 30, power: 0.5 }), halfPowerScale);
  });
  it('no scaling: factor 1', () => expect(ivShockScale(3)).toBe(1));

  it('applied in the revaluation: a 7-day option under the Paradex grid', () => {
    const market = makeMarket({ ETH: 3000 });
    const ins = option('P', 'ETH', market, { right: 'put', strike: 2900, days: 7, iv: 0.7 });
    const T = 7 / 365;
    const v0 = black76Price(3000, 2900, T, 0.7, false, 1);
    const v1 = black76Price(3000 * 1.04, 2900, T, 0.7 * (1 - 0.22 * 1.5474155772108131), false, 1);
    close(instrumentUnitPnl(ins, market, 0.04, -0.22, { ivShockScaling: paradex }), v1 - v0);
  });
});
