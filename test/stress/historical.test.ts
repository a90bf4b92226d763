// Historical stress on constructed price series with a known crash (BTC) and a known rally (ETH):
// window moves, ranking of the worst windows for the book, each account's worst window, alignment,
// no IV shock on options, and input errors.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import type { PriceSeries } from '../../src/prices/types.js';
import { historicalStressTest, historicalWindows } from '../../src/stress/historical.js';
import { black76Price } from '../../src/twin/black76.js';
import { makeBook, makeMarket, type AccountSpec, option, perp } from './helpers.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const iso = (d: number): string => new Date(T0 + d * DAY).toISOString().slice(0, 10);
const close = (x: number, y: number): void => expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(y)));

function series(symbol: string, closes: Record<number, number>): PriceSeries {
  const days = Object.keys(closes).map(Number).sort((a, b) => a - b);
  const c = Float64Array.from(days, (d) => closes[d]);
  return { symbol, dates: days.map(iso), times: Float64Array.from(days, (d) => T0 + d * DAY), open: c, high: c, low: c, close: c };
}

// BTC: 100, crash on day 11 (-30 %) and day 12 (70 -> 60), then flat. ETH: 10, +20 % on day 21.
const btc: Record<number, number> = {};
const eth: Record<number, number> = {};
for (let d = 0; d < 30; d++) {
  btc[d] = d === 11 ? 70 : d >= 12 ? 60 : 100;
  eth[d] = d >= 21 ? 12 : 10;
}
const SERIES = [series('BTC', btc), series('ETH', eth)];
// Today's spots differ from the history: relative moves are applied to them.
const market = { ...makeMarket({ BTC: 200, ETH: 20 }), asOf: iso(29), asOfMs: T0 + 29 * DAY };
const instruments = [perp('BTC-PERP', 'BTC', market), perp('ETH-PERP', 'ETH', market)];
const ACCOUNTS: AccountSpec[] = [
  { id: 'L', collateral: { USD: 5 }, positions: { 'BTC-PERP': 1 } }, // crash: 200 * 0.3 = 60
  { id: 'S', collateral: { USD: 5 }, positions: { 'ETH-PERP': -10 } }, // rally: 10 * 20 * 0.2 = 40
];

describe('historicalWindows', () => {
  it('every overlapping h-day window, relative moves C_t / C_{t-h} - 1', () => {
    const w = historicalWindows(SERIES, market, 1);
    expect(w).toHaveLength(29);
    expect(w[10].label).toBe(`${iso(10)}..${iso(11)}`);
    expect(w[10].from).toBe(iso(10));
    close(w[10].moves[0], -0.3);
    expect(w[10].moves[1]).toBe(0);
    close(w[20].moves[1], 0.2);
    const w2 = historicalWindows(SERIES, market, 2);
    expect(w2).toHaveLength(28);
    close(w2[10].moves[0], -0.4); // day 10 -> 12: 100 -> 60
  });

  it('aligns on common dates at or before asOf', () => {
    const gappy = { ...eth };
    delete gappy[5];
    const later = { ...btc, 40: 500 };
    const w = historicalWindows([series('BTC', later), series('ETH', gappy)], market, 1);
    expect(w).toHaveLength(28); // 29 common dates (day 5 missing, day 40 after asOf)
    expect(w[4].label).toBe(`${iso(4)}..${iso(6)}`);
  });
});

describe('historicalStressTest', () => {
  const r = historicalStressTest(makeBook(instruments, ACCOUNTS), market, SERIES, { horizonDays: 1, count: 3 });

  it('worst windows for the book, worst first', () => {
    expect(r.windows).toBe(29);
    expect(r.scenarios.map((s) => s.label)).toEqual([`${iso(10)}..${iso(11)}`, `${iso(20)}..${iso(21)}`, `${iso(11)}..${iso(12)}`]);
    close(r.scenarios[0].totalLoss, 60);
    close(r.scenarios[0].uncoveredLoss, 55);
    close(r.scenarios[1].totalLoss, 40);
    close(r.scenarios[2].totalLoss, 200 * (1 - 60 / 70));
    expect(r.book.scenarios.map((s) => s.label)).toEqual(r.scenarios.map((s) => s.label));
  });

  it('each account\'s worst window, shortfall, Cover 2', () => {
    expect(r.accounts[0]).toMatchObject({ id: 'L', worstWindow: { label: `${iso(10)}..${iso(11)}`, from: iso(10), to: iso(11) } });
    close(r.accounts[0].worstLoss, 60);
    close(r.accounts[0].shortfall, 55);
    expect(r.accounts[1].worstWindow.label).toBe(`${iso(20)}..${iso(21)}`);
    close(r.accounts[1].shortfall, 35);
    expect(r.book.cover2.ids).toEqual(['L', 'S']);
    close(r.book.cover2.amount, 90);
    close(r.book.totalUncoveredLoss, 90);
  });

  it('longer horizon finds the two-day crash', () => {
    const r2 = historicalStressTest(makeBook(instruments, ACCOUNTS), market, SERIES, { horizonDays: 2, count: 1 });
    expect(r2.scenarios[0].label).toBe(`${iso(10)}..${iso(12)}`);
    close(r2.scenarios[0].totalLoss, 80);
  });

  it('rankBy uncoveredLoss differs from totalLoss when a well-collateralized account gains in the crash', () => {
    const accounts = [...ACCOUNTS, { id: 'H', collateral: { USD: 1e4 }, positions: { 'BTC-PERP': -2 } }];
    const byTotal = historicalStressTest(makeBook(instruments, accounts), market, SERIES, { count: 1 });
    const byUncovered = historicalStressTest(makeBook(instruments, accounts), market, SERIES, { count: 1, rankBy: 'uncoveredLoss' });
    expect(byTotal.scenarios[0].label).toBe(`${iso(20)}..${iso(21)}`);
    expect(byUncovered.scenarios[0].label).toBe(`${iso(10)}..${iso(11)}`);
    close(byUncovered.scenarios[0].uncoveredLoss, 55);
    close(byUncovered.scenarios[0].totalLoss, 60 - 120);
  });

  it('options are repriced at today\'s implied vol (no IV shock)', () => {
    const put = option('P', 'BTC', market, { right: 'put', strike: 180, days: 30, iv: 0.7 });
    const book = makeBook([put], [{ id: 'P', positions: { P: -1 } }]);
    const r3 = historicalStressTest(book, market, SERIES, { count: 1 });
    const T = 30 / 365;
    const expected = black76Price(200 * 0.7, 180, T, 0.7, false, 1) - black76Price(200, 180, T, 0.7, false, 1);
    close(r3.accounts[0].worstLoss, expected);
    expect(r3.accounts[0].worstWindow.label).toBe(`${iso(10)}..${iso(11)}`);
  });

  it('input errors name the option or the series', () => {
    const book = makeBook(instruments, ACCOUNTS);
    const column = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as InputError).column;
      }
      return undefined;
    };
    expect(column(() => historicalStressTest(book, market, SERIES, { horizonDays: 0 }))).toBe('horizonDays');
    expect(column(() => historicalStressTest(book, market, SERIES, { horizonDays: 1.5 }))).toBe('horizonDays');
    expect(column(() => historicalStressTest(book, market, SERIES, { count: 0 }))).toBe('count');
    expect(column(() => historicalStressTest(book, market, SERIES, { insuranceFund: -5 }))).toBe('insuranceFund');
    expect(column(() => historicalStressTest(book, market, [SERIES[0]]))).toBe('series');
    expect(column(() => historicalStressTest(book, market, [...SERIES, SERIES[1]]))).toBe('series');
    expect(column(() => historicalStressTest(book, market, SERIES, { horizonDays: 30 }))).toBe('series');
    const bad = series('ETH', { ...eth, 7: -1 });
    expect(column(() => historicalStressTest(book, market, [SERIES[0], bad]))).toBe('ETH');
  });
});
