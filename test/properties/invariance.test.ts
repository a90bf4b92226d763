// Invariance properties on small random books (randomBook.ts); same seed => same scenarios.
//
// 1. Order of accounts: per account id, bit-identical figures and Greeks. Each account's losses are
//    the same sums over the same positions in the same order; only its place in the account blocks
//    changes, and the tail figures do not depend on how work is split.
// 2. Order of the instruments list: scenarios are keyed by (seed, scenario, underlying), so every
//    instrument's P&L is bit-identical, and accounts sum their positions in their own order, so the
//    figures are too; checked with the tolerance of 3, which also covers any future kernel that
//    orders the sum by instrument index.
// 3. Order of positions within an account: 1e-12 relative to max(|figure|, G) (G: the account's gross
//    scale, see grossScales). The loss is a sum over positions, so reordering changes its rounding,
//    by at most (positions) * eps * G ~ 1e-15 G; VaR and the interval bounds are order statistics and
//    ES a mean, all 1-Lipschitz in the losses, so they move by no more. Relative to |figure| alone
//    the bound would not hold for hedged accounts whose VaR is far below the terms summed.
// 4. An exactly offsetting pair (q and -q of one instrument, inserted at random places) adds no
//    loss: q p and -q p are exact negatives, so only the rounding of the running sum changes, same
//    tolerance and reason as 3 (G including the pair).
// 5. Thread counts 1, 2 and 3 give bit-identical results (README: determinism).
// Only VaR, ES and the VaR interval are compared in 2-4: the ES interval's half-width is a standard
// error (square root of a tail variance), not a Lipschitz function of the losses.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type AccountRisk, type Engine } from '../../src/index.js';
import { bookArb, byId, fcParams, figures, grossScales, near, runArb, shuffled, type Book } from './randomBook.js';

const NUM_RUNS = 100;
const REORDER_TOLERANCE = 1e-12;

describe('invariance properties on random books', () => {
  const engines: Engine[] = [];
  beforeAll(async () => {
    for (const threads of [1, 2, 3]) engines.push(await createEngine({ threads }));
  });
  afterAll(async () => {
    await Promise.all(engines.map((e) => e.close()));
  });

  /** Result by account id and each account's gross scale G, from one book. */
  async function run(book: Book, options: { scenarios: number; seed: number }, engine = engines[0]) {
    const b = await engine.book(book.portfolio, book.market, options);
    try {
      return { result: byId(b.result), gross: grossScales(b, book.portfolio) };
    } finally {
      b.release();
    }
  }

  /** VaR, ES and the VaR interval of every account of `other` within REORDER_TOLERANCE of `base`. */
  function expectWithinRounding(other: Map<string, AccountRisk>, base: Map<string, AccountRisk>, gross: Map<string, number>): void {
    for (const [id, a] of base) {
      const want = figures(a).slice(0, 4);
      figures(other.get(id)!).slice(0, 4).forEach((x, i) =>
        expect(near(x, want[i], REORDER_TOLERANCE, gross.get(id)), `account ${id} figure ${i}: ${x} vs ${want[i]}`).toBe(true),
      );
    }
  }

  it('per account, results do not depend on the order of accounts (bit-identical)', async () => {
    await fc.assert(
      fc.asyncProperty(bookArb, runArb, fc.nat(), async (book, options, perm) => {
        const base = byId(await engines[0].valueAtRisk(book.portfolio, book.market, options));
        const accounts = { ...book.portfolio, accounts: shuffled(book.portfolio.accounts, perm) };
        const other = byId(await engines[0].valueAtRisk(accounts, book.market, options));
        for (const [id, a] of base) expect(other.get(id), `account ${id}`).toEqual(a);
      }),
      fcParams(NUM_RUNS),
    );
  }, 60_000);

  it(`per account, results depend on the order of the instruments list only by rounding (${REORDER_TOLERANCE} of the gross scale)`, async () => {
    await fc.assert(
      fc.asyncProperty(bookArb, runArb, fc.nat(), async (book, options, perm) => {
        const { result: base, gross } = await run(book, options);
        const instruments = { ...book.portfolio, instruments: shuffled(book.portfolio.instruments, perm) };
        const b = await engines[0].book(instruments, book.market, options);
        try {
          // every instrument's P&L is bit-identical whatever its index
          const again = await engines[0].book(book.portfolio, book.market, options);
          try {
            for (const ins of book.portfolio.instruments) expect(b.instrumentPnl(ins.id), ins.id).toEqual(again.instrumentPnl(ins.id));
          } finally {
            again.release();
          }
          expectWithinRounding(byId(b.result), base, gross);
          // and the Greeks, which sum in position order on the calling thread, are exact
          for (const a of b.result.accounts) expect(a.greeks, a.id).toEqual(base.get(a.id)!.greeks);
        } finally {
          b.release();
        }
      }),
      fcParams(NUM_RUNS),
    );
  }, 60_000);

  it(`per account, results depend on the order of positions only by rounding (${REORDER_TOLERANCE} of the gross scale)`, async () => {
    await fc.assert(
      fc.asyncProperty(bookArb, runArb, fc.nat(), async (book, options, perm) => {
        const { result: base, gross } = await run(book, options);
        const accounts = book.portfolio.accounts.map((a, i) => ({ ...a, positions: shuffled(a.positions, perm + i) }));
        expectWithinRounding(byId(await engines[0].valueAtRisk({ ...book.portfolio, accounts }, book.market, options)), base, gross);
      }),
      fcParams(NUM_RUNS),
    );
  }, 60_000);

  it('an exactly offsetting pair of positions adds no loss', async () => {
    const pairArb = fc.record({
      account: fc.nat(),
      instrument: fc.nat(),
      quantity: fc.integer({ min: 1, max: 1_000_000 }).map((i) => i / 1000),
      at: fc.tuple(fc.nat(), fc.nat()),
    });
    await fc.assert(
      fc.asyncProperty(bookArb, runArb, pairArb, async (book, options, pair) => {
        const base = byId(await engines[0].valueAtRisk(book.portfolio, book.market, options));
        const accounts = structuredClone(book.portfolio.accounts);
        const target = accounts[pair.account % accounts.length];
        const instrument = book.portfolio.instruments[pair.instrument % book.portfolio.instruments.length].id;
        target.positions.splice(pair.at[0] % (target.positions.length + 1), 0, { instrument, quantity: pair.quantity });
        target.positions.splice(pair.at[1] % (target.positions.length + 1), 0, { instrument, quantity: -pair.quantity });
        const withPair = { ...book, portfolio: { ...book.portfolio, accounts } };
        const { result, gross } = await run(withPair, options);
        expectWithinRounding(result, base, gross);
      }),
      fcParams(NUM_RUNS),
    );
  }, 60_000);

  it('bit-identical results for 1, 2 and 3 threads', async () => {
    await fc.assert(
      fc.asyncProperty(bookArb, runArb, fc.constantFrom('normal', 'student-t') as fc.Arbitrary<'normal' | 'student-t'>, async (book, options, model) => {
        const [one, two, three] = await Promise.all(engines.map((e) => e.valueAtRisk(book.portfolio, book.market, { ...options, model })));
        expect(two.accounts).toEqual(one.accounts);
        expect(three.accounts).toEqual(one.accounts);
        expect([one.meta.threads, two.meta.threads, three.meta.threads]).toEqual([1, 2, 3]);
      }),
      fcParams(NUM_RUNS),
    );
  }, 60_000);
});
