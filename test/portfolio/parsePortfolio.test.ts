import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { parseMarket } from '../../src/market/parseMarket.js';
import { parsePortfolio } from '../../src/portfolio/parsePortfolio.js';
import { PortfolioFileSchema } from '../../src/portfolio/schema.js';
import { InputError } from '../../src/errors.js';

const market = parseMarket(
  {
    asOf: '2026-11-20T00:00:00Z',
    underlyings: [
      { symbol: 'BTC', spot: 91000, vol: 0.55 },
      { symbol: 'ETH', spot: 3100, vol: 0.7 },
    ],
    correlation: [
      [1, 0.8],
      [0.8, 1],
    ],
  },
  'market.json',
);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const good = (): Json => ({
  instruments: [
    { id: 'BTC-PERP', kind: 'perpetual', underlying: 'BTC', multiplier: 1 },
    { id: 'ETH-SPOT', kind: 'spot', underlying: 'ETH' },
    { id: 'BTC-DEC', kind: 'future', underlying: 'BTC', expiry: '2026-12-25T08:00:00Z', multiplier: 0.1 },
    { id: 'ETH-30D-C', kind: 'option', underlying: 'ETH', right: 'call', strike: 3200, expiryDays: 30, iv: 0.75 },
    { id: 'BTC-P', kind: 'option', underlying: 'BTC', right: 'put', strike: 80000, expiry: '2027-01-29', iv: 0.6 },
  ],
  accounts: [
    { id: 'a1', collateral: { USD: 50000 }, positions: [{ instrument: 'BTC-PERP', quantity: 0.5 }, { instrument: 'ETH-30D-C', quantity: -10 }] },
    { id: 'a2', collateral: {}, positions: [] },
  ],
});

function expectError(json: unknown, message: string): void {
  expect(() => parsePortfolio(json, market, 'portfolio.json')).toThrow(InputError);
  expect(() => parsePortfolio(json, market, 'portfolio.json')).toThrow(message);
}

describe('parsePortfolio', () => {
  it('normalizes instruments and accounts', () => {
    const p = parsePortfolio(good(), market, 'portfolio.json');
    expect(p.instruments[0]).toEqual({ id: 'BTC-PERP', kind: 'perpetual', underlying: 'BTC', underlyingIndex: 0, multiplier: 1 });
    expect(p.instruments[1]).toEqual({ id: 'ETH-SPOT', kind: 'spot', underlying: 'ETH', underlyingIndex: 1, multiplier: 1 });
    // 2026-11-20T00:00Z -> 2026-12-25T08:00Z = 35 days + 8 hours.
    expect(p.instruments[2].expiryYears).toBeCloseTo((35 + 8 / 24) / 365, 15);
    expect(p.instruments[2].multiplier).toBe(0.1);
    expect(p.instruments[3]).toEqual({
      id: 'ETH-30D-C', kind: 'option', underlying: 'ETH', underlyingIndex: 1, multiplier: 1,
      expiryYears: 30 / 365, right: 'call', strike: 3200, iv: 0.75,
    });
    expect(p.instruments[4].expiryYears).toBeCloseTo(70 / 365, 15); // date-only expiry = 00:00 UTC
    expect(p.accounts[0]).toEqual({
      id: 'a1', collateral: { USD: 50000 },
      positions: [{ instrument: 'BTC-PERP', instrumentIndex: 0, quantity: 0.5 }, { instrument: 'ETH-30D-C', instrumentIndex: 3, quantity: -10 }],
    });
  });

  it('rejects unknown underlyings and instruments', () => {
    const a = good();
    a.instruments[1].underlying = 'DOGE';
    expectError(a, 'portfolio.json: instruments[1].underlying: unknown underlying "DOGE" (not a symbol of the market)');
    const b = good();
    b.accounts[0].positions[1].instrument = 'BTC-X';
    expectError(b, 'portfolio.json: accounts[0].positions[1].instrument: unknown instrument "BTC-X"');
  });

  it('rejects duplicate instrument and account ids', () => {
    const a = good();
    a.instruments[3].id = 'BTC-PERP';
    expectError(a, 'portfolio.json: instruments[3].id: duplicate instrument id "BTC-PERP" (also instruments[0])');
    const b = good();
    b.accounts[1].id = 'a1';
    expectError(b, 'portfolio.json: accounts[1].id: duplicate account id "a1" (also accounts[0])');
  });

  it('rejects non-finite or non-numeric quantities', () => {
    for (const q of [NaN, Infinity]) {
      const a = good();
      a.accounts[0].positions[0].quantity = q;
      expectError(a, `portfolio.json: accounts[0].positions[0].quantity: must be a finite number; got ${q}`);
    }
    const b = good();
    b.accounts[0].positions[0].quantity = '1';
    expectError(b, 'accounts[0].positions[0].quantity: must be a number; got "1"');
  });

  it('rejects expired options and futures, bad strikes and ivs', () => {
    const a = good();
    a.instruments[4].expiry = '2026-11-20T00:00:00Z';
    expectError(a, 'portfolio.json: instruments[4].expiry: option expired: 2026-11-20T00:00:00Z is not after market asOf 2026-11-20T00:00:00Z');
    const f = good();
    f.instruments[2].expiry = '2026-01-01';
    expectError(f, 'instruments[2].expiry: future expired');
    const b = good();
    b.instruments[3].expiryDays = 0;
    expectError(b, 'instruments[3].expiryDays: must be > 0; got 0');
    const c = good();
    c.instruments[3].strike = -5;
    expectError(c, 'portfolio.json: instruments[3].strike: must be > 0; got -5');
    const d = good();
    d.instruments[4].iv = 0;
    expectError(d, 'portfolio.json: instruments[4].iv: must be > 0; got 0');
    const e = good();
    e.instruments[4].expiry = 'next friday';
    expectError(e, 'instruments[4].expiry: cannot parse "next friday"');
  });

  it('requires exactly one of expiryDays and expiry', () => {
    const a = good();
    delete a.instruments[3].expiryDays;
    expectError(a, 'portfolio.json: instruments[3].expiryDays: missing required field (a option needs expiryDays or expiry)');
    const b = good();
    b.instruments[3].expiry = '2027-01-01';
    expectError(b, 'portfolio.json: instruments[3]: give expiryDays or expiry, not both');
  });

  it('rejects missing fields, wrong types, unknown kinds and fields', () => {
    const a = good();
    delete a.instruments[3].right;
    expectError(a, 'portfolio.json: instruments[3].right: missing required field (one of call, put)');
    const b = good();
    b.instruments[3].right = 'Call';
    expectError(b, 'portfolio.json: instruments[3].right: must be one of call, put; got "Call"');
    const c = good();
    c.instruments[0].kind = 'swap';
    expectError(c, 'portfolio.json: instruments[0].kind: must be one of perpetual, future, spot, option; got "swap"');
    const d = good();
    d.instruments[0].expiryDays = 3;
    expectError(d, 'portfolio.json: instruments[0].expiryDays: unknown field');
    const e = good();
    delete e.accounts[1].collateral;
    expectError(e, 'portfolio.json: accounts[1].collateral: missing required field');
    const f = good();
    f.accounts[0].collateral.USD = 'lots';
    expectError(f, 'portfolio.json: accounts[0].collateral.USD: must be a number; got "lots"');
    const g = good();
    g.accounts = {};
    expectError(g, 'portfolio.json: accounts: must be an array; got an object');
    const h = good();
    h.instruments[0].multiplier = 0;
    h.instruments[1].multiplier = 0;
    expectError(h, 'portfolio.json: instruments[0].multiplier: must be > 0; got 0 (and 1 more problem)');
  });

  it('exports a schema usable by z.toJSONSchema', () => {
    const schema = z.toJSONSchema(PortfolioFileSchema, { io: 'input' }) as { required?: string[] };
    expect(schema.required).toEqual(['instruments', 'accounts']);
  });
});
