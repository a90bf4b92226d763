// stressTest on constructed books whose losses are worked out by hand: worst scenario, shortfall,
// Cover 2, fund adequacy, collateral treatment, comovement modes, invariances and input errors.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import type { StressGrid } from '../../src/stress/grid.js';
import { stressTest } from '../../src/stress/stressBook.js';
import { makeBook, makeMarket, type AccountSpec, perp } from './helpers.js';

const close = (x: number, y: number): void => expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(y)));

// One underlying at 100; linear P&L = quantity * 100 * move.
const market = makeMarket({ BTC: 100 });
const instruments = [perp('BTC-PERP', 'BTC', market)];
const GRID: StressGrid = {
  name: 'book', priceMoves: [-0.2, -0.1, 0.1, 0.2], volShocks: [0], extendedMoves: [{ move: -0.5, weight: 0.3 }], comovement: 'all-together',
};
const ACCOUNTS: AccountSpec[] = [
  { id: 'A', collateral: { USD: 100 }, positions: { 'BTC-PERP': 10 } }, // worst 200 at -20 %, shortfall 100
  { id: 'B', collateral: { USD: 30 }, positions: { 'BTC-PERP': -5 } }, // worst 100 at +20 %, shortfall 70
  { id: 'C', collateral: { USD: 100 }, positions: { 'BTC-PERP': 2 } }, // worst 40, covered
  { id: 'D', collateral: { USDC: 350 }, positions: { 'BTC-PERP': 20 } }, // worst 400, shortfall 50
  { id: 'E', collateral: { BTC: 1 }, positions: { 'BTC-PERP': -1 } }, // short perp hedges BTC collateral: 0
  { id: 'F', collateral: { BTC: 0.5 }, positions: { 'BTC-PERP': 3 } }, // worst 60 + 10 = 70 vs 50, shortfall 20
];
const LABELS = ['spot -20% vol 0%', 'spot -10% vol 0%', 'spot +10% vol 0%', 'spot +20% vol 0%', 'spot -50% vol 0% weight 0.3'];

describe('constructed book', () => {
  const r = stressTest(makeBook(instruments, ACCOUNTS), market, GRID, { insuranceFund: 170 });
  const byId = Object.fromEntries(r.accounts.map((a) => [a.id, a]));

  it('worst loss, worst scenario, collateral and shortfall per account', () => {
    const expected: Record<string, [number, string, number, number]> = {
      A: [200, LABELS[0], 100, 100],
      B: [100, LABELS[3], 30, 70],
      C: [40, LABELS[0], 100, 0],
      D: [400, LABELS[0], 350, 50],
      E: [0, LABELS[0], 100, 0],
      F: [70, LABELS[0], 50, 20],
    };
    for (const [id, [worst, label, coll, shortfall]] of Object.entries(expected)) {
      close(byId[id].worstLoss, worst);
      expect(byId[id].worstScenario.label).toBe(label);
      close(byId[id].collateral, coll);
      close(byId[id].shortfall, shortfall);
    }
    expect(r.accounts.map((a) => a.id)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
  });

  it('book: total uncovered loss, Cover 2, per-scenario totals', () => {
    close(r.book.totalUncoveredLoss, 100 + 70 + 50 + 20);
    expect(r.book.cover2.ids).toEqual(['A', 'B']);
    close(r.book.cover2.amount, 170);
    expect(r.book.scenarios.map((s) => s.label)).toEqual(LABELS);
    // -20 %: A 200, B -100, C 40, D 400, E 0, F 70; uncovered A 100 + D 50 + F 20.
    close(r.book.scenarios[0].totalLoss, 610);
    close(r.book.scenarios[0].uncoveredLoss, 170);
    // extended -50 % weighted 0.3: losses A 150, B -75, C 30, D 300, E 0, F 52.5; uncovered A 50 + F 2.5.
    close(r.book.scenarios[4].totalLoss, 457.5);
    close(r.book.scenarios[4].uncoveredLoss, 52.5);
    expect(r.book.worstScenarioUncoveredLoss.label).toBe(LABELS[0]);
    close(r.book.worstScenarioUncoveredLoss.amount, 170);
  });

  it('fund adequacy: adequate when the fund covers Cover 2 (boundary included)', () => {
    expect(r.book.insuranceFund).toBe(170);
    expect(r.book.adequate).toBe(true);
    expect(r.book.coversTotalUncoveredLoss).toBe(false);
    const short = stressTest(makeBook(instruments, ACCOUNTS), market, GRID, { insuranceFund: 169.99 });
    expect(short.book.adequate).toBe(false);
    const big = stressTest(makeBook(instruments, ACCOUNTS), market, GRID, { insuranceFund: 240 });
    expect(big.book.coversTotalUncoveredLoss).toBe(true);
    const none = stressTest(makeBook(instruments, ACCOUNTS), market, GRID);
    expect(none.book.adequate).toBeUndefined();
    expect(none.book.insuranceFund).toBeUndefined();
  });

  it('heatmap rows/cols and extended moves left out of it', () => {
    expect(r.heatmap.rows).toEqual([-0.2, -0.1, 0.1, 0.2]);
    expect(r.heatmap.cols).toEqual([0]);
    close(r.heatmap.worstTotalLoss[0][0], 610);
    close(r.heatmap.worstUncoveredLoss[0][0], 170);
  });

  it('stressCollateral: false keeps collateral at today\'s value', () => {
    const flat = stressTest(makeBook(instruments, ACCOUNTS), market, GRID, { stressCollateral: false });
    const e = flat.accounts.find((a) => a.id === 'E')!;
    const f = flat.accounts.find((a) => a.id === 'F')!;
    close(e.worstLoss, 20);
    close(f.worstLoss, 60);
    close(f.shortfall, 10);
  });

  it('a weighted extended move is the worst when weight * move exceeds the grid', () => {
    const g: StressGrid = { ...GRID, extendedMoves: [{ move: -0.5, weight: 0.5 }] };
    const a = stressTest(makeBook(instruments, [ACCOUNTS[0]]), market, g).accounts[0];
    expect(a.worstScenario).toMatchObject({ move: -0.5, weight: 0.5, extended: true });
    close(a.worstLoss, 10 * 100 * 0.5 * 0.5);
  });

  it('an account that gains in every scenario has a negative worst loss; an empty account 0', () => {
    const g: StressGrid = { name: 'up', priceMoves: [0.1, 0.2], volShocks: [0], comovement: 'all-together' };
    const r2 = stressTest(makeBook(instruments, [{ id: 'L', collateral: { USD: 1 }, positions: { 'BTC-PERP': 1 } }, { id: 'Z', positions: {} }]), market, g);
    close(r2.accounts[0].worstLoss, -10);
    expect(r2.accounts[0].worstScenario.move).toBe(0.1);
    expect(r2.accounts[0].shortfall).toBe(0);
    expect(r2.accounts[1].worstLoss).toBe(0);
    expect(r2.book.cover2).toEqual({ ids: [], amount: 0 });
  });
});

describe('invariances', () => {
  it('account order changes neither account results nor the book (up to summation rounding)', () => {
    const a = stressTest(makeBook(instruments, ACCOUNTS), market, GRID, { insuranceFund: 100 });
    const b = stressTest(makeBook(instruments, [...ACCOUNTS].reverse()), market, GRID, { insuranceFund: 100 });
    expect([...b.accounts].reverse()).toEqual(a.accounts);
    expect(b.book.cover2).toEqual(a.book.cover2);
    expect(b.book.adequate).toBe(a.book.adequate);
    close(b.book.totalUncoveredLoss, a.book.totalUncoveredLoss);
    a.book.scenarios.forEach((s, k) => {
      close(b.book.scenarios[k].totalLoss, s.totalLoss);
      close(b.book.scenarios[k].uncoveredLoss, s.uncoveredLoss);
    });
  });

  it('Cover 2 breaks ties by account id', () => {
    const tied = [
      { id: 'z', collateral: { USD: 0 }, positions: { 'BTC-PERP': 1 } },
      { id: 'm', collateral: { USD: 0 }, positions: { 'BTC-PERP': 1 } },
      { id: 'a', collateral: { USD: 0 }, positions: { 'BTC-PERP': 1 } },
    ];
    expect(stressTest(makeBook(instruments, tied), market, GRID).book.cover2.ids).toEqual(['a', 'm']);
    expect(stressTest(makeBook(instruments, [...tied].reverse()), market, GRID).book.cover2.ids).toEqual(['a', 'm']);
  });

  it('splitting a position into two lines changes nothing', () => {
    const one = stressTest(makeBook(instruments, [ACCOUNTS[3]]), market, GRID);
    const book = makeBook(instruments, [ACCOUNTS[3]]);
    book.accounts[0].positions = [{ ...book.accounts[0].positions[0], quantity: 12 }, { ...book.accounts[0].positions[0], quantity: 8 }];
    close(stressTest(book, market, GRID).accounts[0].worstLoss, one.accounts[0].worstLoss);
  });
});

describe('comovement', () => {
  // Long 1 BTC (100) against short 10 ETH (10): hedged when both move together.
  const m2 = makeMarket({ BTC: 100, ETH: 10 });
  const ins2 = [perp('BTC-PERP', 'BTC', m2), perp('ETH-PERP', 'ETH', m2)];
  const book = makeBook(ins2, [{ id: 'pair', collateral: { USD: 5 }, positions: { 'BTC-PERP': 1, 'ETH-PERP': -10 } }]);
  const grid = (comovement: StressGrid['comovement']): StressGrid => ({ name: 'c', priceMoves: [-0.2, 0.2], volShocks: [0], comovement });

  it('all-together: the pair trade is flat', () => {
    const r = stressTest(book, m2, grid('all-together'));
    expect(r.accounts[0].worstLoss).toBe(0);
  });

  it('each-underlying: worst over underlyings (BTC -20 % or ETH +20 %: 20), heatmap = max over underlyings', () => {
    const r = stressTest(book, m2, grid('each-underlying'));
    close(r.accounts[0].worstLoss, 20);
    expect(r.accounts[0].worstScenario).toMatchObject({ label: 'BTC spot -20% vol 0%', underlying: 'BTC' });
    close(r.accounts[0].shortfall, 15);
    expect(r.book.scenarios.map((s) => s.label)).toEqual(['BTC spot -20% vol 0%', 'BTC spot +20% vol 0%', 'ETH spot -20% vol 0%', 'ETH spot +20% vol 0%']);
    const totals = r.book.scenarios.map((s) => s.totalLoss);
    [20, -20, -20, 20].forEach((x, k) => close(totals[k], x));
    close(r.heatmap.worstTotalLoss[0][0], 20); // -20 %: max(BTC 20, ETH -20)
    close(r.heatmap.worstTotalLoss[1][0], 20); // +20 %: max(BTC -20, ETH 20)
  });
});

describe('input errors', () => {
  const expectInputError = (f: () => unknown, column: string): void => {
    let err: unknown;
    try {
      f();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).column).toBe(column);
  };

  it('unknown collateral asset names the account and asset', () => {
    const book = makeBook(instruments, [ACCOUNTS[0], { id: 'X', collateral: { DOGE: 5 }, positions: {} }]);
    expectInputError(() => stressTest(book, market, GRID), 'accounts[1].collateral.DOGE');
  });

  it('cashAssets option: only the listed assets count at par', () => {
    const book = makeBook(instruments, [{ id: 'X', collateral: { USDT: 5 }, positions: {} }]);
    expectInputError(() => stressTest(book, market, GRID, { cashAssets: ['USD'] }), 'accounts[0].collateral.USDT');
    expect(stressTest(book, market, GRID).accounts[0].collateral).toBe(5);
  });

  it('bad options, grid and quantities', () => {
    const book = makeBook(instruments, ACCOUNTS);
    expectInputError(() => stressTest(book, market, GRID, { insuranceFund: -1 }), 'insuranceFund');
    expectInputError(() => stressTest(book, market, GRID, { insuranceFund: NaN }), 'insuranceFund');
    expectInputError(() => stressTest(book, market, GRID, { horizonDays: -1 }), 'horizonDays');
    expectInputError(() => stressTest(book, market, { ...GRID, priceMoves: [-1.5] }), 'grid.priceMoves[0]');
    const nan = makeBook(instruments, [{ id: 'Q', positions: { 'BTC-PERP': NaN } }]);
    expectInputError(() => stressTest(nan, market, GRID), 'accounts[0].positions[0].quantity');
  });
});

describe('parsed input', () => {
  it('runs on parseMarket / parsePortfolio output like on the constructed book', async () => {
    const { parseMarket } = await import('../../src/market/parseMarket.js');
    const { parsePortfolio } = await import('../../src/portfolio/parsePortfolio.js');
    const m = parseMarket({ asOf: '2026-01-31T00:00:00Z', rate: 0, underlyings: [{ symbol: 'BTC', spot: 100, vol: 0.6 }], correlation: [[1]] }, 'market.json');
    const p = parsePortfolio({
      instruments: [{ id: 'BTC-PERP', kind: 'perpetual', underlying: 'BTC', multiplier: 1 }],
      accounts: ACCOUNTS.map((a) => ({ id: a.id, collateral: a.collateral ?? {}, positions: Object.entries(a.positions).map(([instrument, quantity]) => ({ instrument, quantity })) })),
    }, m, 'portfolio.json');
    const fromJson = stressTest(p, m, GRID, { insuranceFund: 170 });
    const direct = stressTest(makeBook(instruments, ACCOUNTS), market, GRID, { insuranceFund: 170 });
    expect(fromJson.accounts).toEqual(direct.accounts);
    expect(fromJson.book).toEqual(direct.book);
  });
});
