import { describe, expect, it } from 'vitest';
import { parseQuotesCsv } from '../../src/surface/quotesCsv.js';
import { black76Price } from '../../src/twin/black76.js';

const parse = (text: string, asOf?: string) => parseQuotesCsv(text, { file: 'q.csv', asOf });

describe('parseQuotesCsv', () => {
  it('iv with expiry_days and forward', () => {
    const { quotes } = parse('Underlying,expiry_days,strike,forward,iv\nBTC,30,60000,60500,0.55\n');
    expect(quotes).toEqual([{ underlying: 'BTC', expiryDays: 30, strike: 60000, forward: 60500, iv: 0.55, line: 2 }]);
  });
  it('bid_iv / ask_iv: mid and spread; expiry dates with an asof column; spot and rate give the forward', () => {
    const { quotes, asOf } = parse('underlying,asof,expiry,strike,spot,rate,bid_iv,ask_iv\nETH,2026-01-01,2026-01-31,3000,3000,0.05,0.5,0.52\n');
    expect(asOf).toBe('2026-01-01');
    expect(quotes[0].expiryDays).toBe(30);
    expect(quotes[0].forward).toBeCloseTo(3000 * Math.exp(0.05 * 30 / 365), 9);
    expect(quotes[0].iv).toBeCloseTo(0.51, 15);
    expect(quotes[0].ivSpread).toBeCloseTo(0.02, 15);
  });
  it('bid / ask prices are inverted with Black-76 (discounted at rate)', () => {
    const t = 60 / 365, df = Math.exp(-0.03 * t);
    const bid = black76Price(100, 110, t, 0.4, true, df), ask = black76Price(100, 110, t, 0.42, true, df);
    const { quotes } = parse(`underlying,expiry_days,strike,right,forward,rate,bid,ask\nX,60,110,call,100,0.03,${bid},${ask}\n`);
    expect(quotes[0].iv).toBeGreaterThan(0.4);
    expect(quotes[0].iv).toBeLessThan(0.42);
    expect(black76Price(100, 110, t, quotes[0].iv, true, df)).toBeCloseTo((bid + ask) / 2, 12);
    expect(quotes[0].ivSpread).toBeCloseTo(0.02, 3);
  });
  it('expiry dates with --as-of', () => {
    expect(parse('underlying,expiry,strike,forward,iv\nBTC,2027-01-01,1,1,0.5\n', '2026-12-01').quotes[0].expiryDays).toBe(31);
  });
  it.each([
    ['underlying,strike,forward,iv\nBTC,1,1,0.5\n', /^q\.csv:1: expiry_days: missing column expiry_days or expiry; the header has/],
    ['underlying,expiry,strike,forward,iv\nBTC,2027-01-01,1,1,0.5\n', /^q\.csv:1: expiry: expiry dates need an asof column or the --as-of option/],
    ['underlying,expiry_days,strike,forward\nBTC,30,1,1\n', /^q\.csv:1: iv: missing volatility columns/],
    ['underlying,expiry_days,strike,forward,iv\nBTC,30,60000,60000,55\n', /^q\.csv:2: iv: must be a volatility in \(0, 20\] as a fraction/],
    ['underlying,expiry_days,strike,forward,iv\nBTC,30,-1,60000,0.5\n', /^q\.csv:2: strike: must be > 0; got -1$/],
    ['underlying,expiry_days,strike,forward,iv\nBTC,30,abc,60000,0.5\n', /^q\.csv:2: strike: "abc" is not a number$/],
    ['underlying,expiry_days,strike,forward,iv\nBTC,30,1,60000\n', /^q\.csv:2: iv: missing field/],
    ['underlying,expiry_days,strike,forward,bid_iv,ask_iv\nBTC,30,1,1,0.5,0.4\n', /^q\.csv:2: ask_iv: must be above bid_iv 0\.5; got 0\.4$/],
    ['underlying,expiry_days,strike,right,forward,bid,ask\nBTC,30,50,call,100,1,2\n', /^q\.csv:2: ask: mid of bid and ask has no Black-76 implied vol: price 1\.5 is not above the intrinsic value 50$/],
    ['underlying,expiry_days,strike,right,forward,bid,ask\nBTC,30,50,x,100,1,2\n', /^q\.csv:2: right: must be call, put, c or p; got "x"$/],
    ['underlying,asof,expiry,strike,forward,iv\nBTC,2027-01-01,2026-01-01,1,1,0.5\n', /^q\.csv:2: expiry: 2026-01-01 is not after the valuation time$/],
    ['underlying,expiry_days,strike,forward,iv\n', /^q\.csv:1: no data rows after the header$/],
  ])('bad input names file, row and field: %#', (text, message) => {
    expect(() => parse(text)).toThrow(message);
  });
});
