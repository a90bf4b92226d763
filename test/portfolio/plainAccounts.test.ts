// plainAccounts (the accounts of portfolio.json checked without zod) against zod's AccountSchema
// itself: whatever it accepts, zod accepts with the same output; whatever zod rejects, it declines.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { MAX_QUANTITY } from '../../src/inputLimits.js';
import { plainAccounts } from '../../src/portfolio/plainAccounts.js';
import { AccountSchema } from '../../src/portfolio/schema.js';

const zodAccounts = z.array(AccountSchema);

const number = fc.oneof(
  fc.double({ noNaN: false }),
  fc.constantFrom(0, -0, 1, -1, MAX_QUANTITY, -MAX_QUANTITY, MAX_QUANTITY * (1 + 2 ** -52), Infinity, -Infinity, NaN),
);
const text = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('', '__proto__', 'USD', 'BTC-PERP', 'constructor'));
const anything = fc.oneof(number, text, fc.constant(null), fc.constant(undefined), fc.boolean(), fc.constant([]), fc.constant({}));
/** An object from `fields` (each present or not), sometimes with a key of its own. */
const objectOf = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc.tuple(fc.record(fields, { requiredKeys: [] }), fc.option(fc.tuple(text, anything), { freq: 4 })).map(([o, extra]) => {
    const out: Record<string, unknown> = { ...o };
    if (extra) Object.defineProperty(out, extra[0], { value: extra[1], enumerable: true, writable: true, configurable: true });
    return out;
  });
const position = fc.oneof(
  { weight: 6, arbitrary: fc.record({ instrument: fc.oneof(text, fc.string({ minLength: 1 })), quantity: number }) },
  { weight: 2, arbitrary: objectOf({ instrument: fc.oneof(text, anything), quantity: fc.oneof(number, anything) }) },
  { weight: 1, arbitrary: anything },
);
const collateral = fc.oneof(
  { weight: 6, arbitrary: fc.dictionary(fc.oneof(fc.string({ minLength: 1, maxLength: 5 }), text), number, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(text, anything, { maxKeys: 3 }) },
  { weight: 1, arbitrary: anything },
);
const quantity = fc.oneof(fc.double({ min: -MAX_QUANTITY, max: MAX_QUANTITY, noNaN: true }), fc.constantFrom(0, -0, MAX_QUANTITY, -MAX_QUANTITY));
// objects of Object's prototype, as JSON.parse makes (fast-check also makes null-prototype ones: declined, zod decides)
const plain = { noNullPrototype: true };
const validAccount = fc.record({
  id: fc.string({ minLength: 1 }),
  collateral: fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }).filter((k) => k !== '__proto__'), fc.double({ noNaN: true, noDefaultInfinity: true }), { maxKeys: 3, ...plain }),
  positions: fc.array(fc.record({ instrument: fc.string({ minLength: 1 }), quantity }, plain), { maxLength: 4 }),
}, plain);
const account = fc.oneof(
  { weight: 12, arbitrary: validAccount },
  { weight: 3, arbitrary: fc.record({ id: fc.oneof(fc.string({ minLength: 1 }), text), collateral, positions: fc.array(position, { maxLength: 4 }) }) },
  { weight: 2, arbitrary: objectOf({ id: fc.oneof(text, anything), collateral, positions: fc.oneof(fc.array(position, { maxLength: 3 }), anything) }) },
  { weight: 1, arbitrary: anything },
);

describe('plainAccounts', () => {
  it('accepts only what zod accepts, with zod\'s output; declines whatever zod rejects', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(fc.array(account, { minLength: 1, maxLength: 3 }), (accounts) => {
        const fast = plainAccounts(accounts);
        const slow = zodAccounts.safeParse(accounts);
        if (!slow.success) {
          rejected++;
          expect(fast).toBeUndefined();
        }
        if (fast !== undefined) {
          accepted++;
          expect(slow.success).toBe(true);
          expect(fast).toStrictEqual(slow.data);
        }
      }),
      { numRuns: 3000 },
    );
    // both sides exercised
    expect(accepted).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(100);
  });

  it('takes W1 (10,000 accounts) exactly as zod does, as fresh objects', () => {
    const portfolio = JSON.parse(gunzipSync(readFileSync(new URL('../fixtures/w1/portfolio.json.gz', import.meta.url))).toString('utf8'));
    const fast = plainAccounts(portfolio.accounts)!;
    expect(fast).toStrictEqual(AccountSchema.array().parse(portfolio.accounts));
    expect(fast[0]).not.toBe(portfolio.accounts[0]);
    expect(fast[0].collateral).not.toBe(portfolio.accounts[0].collateral);
    expect(fast[0].positions[0]).not.toBe(portfolio.accounts[0].positions[0]);
  });

  it('declines what it is not sure of, so zod gives the answer', () => {
    const ok = { id: 'a', collateral: { USD: 1 }, positions: [{ instrument: 'X', quantity: 1 }] };
    expect(plainAccounts([ok])).toStrictEqual([ok]);
    expect(plainAccounts([JSON.parse('{"id":"a","collateral":{"__proto__":1},"positions":[]}')])).toBeUndefined();
    expect(plainAccounts([{ ...ok, collateral: { [Symbol('s')]: 1 } }])).toBeUndefined();
    expect(plainAccounts([Object.assign(Object.create({ inherited: 1 }), ok)])).toBeUndefined();
    expect(plainAccounts([{ ...ok, positions: [{ instrument: 'X', quantity: 1, note: 'x' }] }])).toBeUndefined();
    expect(plainAccounts([{ ...ok, positions: new Array(1) }])).toBeUndefined(); // a hole
    expect(plainAccounts({ length: 0 })).toBeUndefined();
  });
});
