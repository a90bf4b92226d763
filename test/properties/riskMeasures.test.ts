// Properties of the risk measures on small random books (randomBook.ts), same seed => same scenarios:
//
// 1. Positive homogeneity in quantities: scaling every quantity by s > 0 scales VaR, ES and their
//    intervals by s. Tolerance 1e-9 relative to max(|figure|, s G) (G: the account's gross scenario
//    scale, see grossScales): s * q is rounded once per position, so the true difference is a few
//    ulps of the summed terms (~1e-15 G); 1e-9 leaves ample room for the ES interval, whose standard
//    error passes through a variance and a square root. For s a power of two every operation is
//    exact under scaling, so the figures must be exactly s times the base figures.
// 2. ES >= VaR at the same confidence (esConfidence = confidence, so ke = k): the mean of the k
//    largest losses is at least the k-th largest. Tolerance 1e-12 relative to |VaR|: summing k
//    (<= 400) values each >= VaR can round below k VaR by at most k ulps (~5e-14 relative).
// 3. VaR is non-decreasing in the confidence (same seed): c1 < c2 gives k1 >= k2, and the k1-th
//    largest loss is <= the k2-th largest. Exact: both are entries of the same loss vector.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/index.js';
import { bookArb, byId, fcParams, figures, grossScales, near, runArb, type Book } from './randomBook.js';

const NUM_RUNS = 100;

function scaled(portfolio: Book['portfolio'], s: number): Book['portfolio'] {
  return {
    ...portfolio,
    accounts: portfolio.accounts.map((a) => ({ ...a, positions: a.positions.map((p) => ({ ...p, quantity: p.quantity * s })) })),
  };
}

describe('risk measure properties on random books', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine({ threads: 1 });
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('VaR, ES and their intervals are positively homogeneous in quantities', async () => {
    const scaleArb = fc.oneof(
      fc.integer({ min: 1, max: 1e6 }).map((i) => i / 1000),
      fc.constantFrom(0.25, 0.5, 2, 8, 1024),
    );
    await fc.assert(
      fc.asyncProperty(bookArb, runArb, scaleArb, async ({ market, portfolio }, run, s) => {
        const book = await engine.book(portfolio, market, run);
        let base, gross;
        try {
          base = byId(book.result);
          gross = grossScales(book, portfolio);
        } finally {
          book.release();
        }
        const after = byId(await engine.valueAtRisk(scaled(portfolio, s), market, run));
        const exact = Number.isInteger(Math.log2(s));
        for (const [id, a] of base) {
          const got = figures(after.get(id)!);
          const want = figures(a).map((x) => x * s);
          if (exact) expect(got, `account ${id}, s = ${s}`).toEqual(want);
          got.forEach((x, i) => expect(near(x, want[i], 1e-9, s * gross.get(id)!), `account ${id} figure ${i}: ${x} vs ${want[i]}, s = ${s}`).toBe(true));
        }
      }),
      fcParams(NUM_RUNS),
    );
  }, 60_000);

  it('ES >= VaR when both use the same confidence', async () => {
    await fc.assert(
      fc.asyncProperty(bookArb, runArb, fc.integer({ min: 9000, max: 9950 }).map((i) => i / 10_000), async ({ market, portfolio }, run, c) => {
        const r = await engine.valueAtRisk(portfolio, market, { ...run, confidence: c, esConfidence: c });
        expect(r.meta.ke).toBe(r.meta.k);
        for (const a of r.accounts) {
          expect(a.es, `account ${a.id} at c = ${c}`).toBeGreaterThanOrEqual(a.var - 1e-12 * Math.abs(a.var));
        }
      }),
      fcParams(NUM_RUNS),
    );
  }, 60_000);

  it('VaR is non-decreasing in the confidence (same seed)', async () => {
    const pair = fc
      .tuple(fc.integer({ min: 8000, max: 9990 }), fc.integer({ min: 8000, max: 9990 }))
      .map(([a, b]) => [a / 10_000, b / 10_000])
      .filter(([a, b]) => a !== b)
      .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);
    await fc.assert(
      fc.asyncProperty(bookArb, runArb, pair, async ({ market, portfolio }, run, [c1, c2]) => {
        const low = await engine.valueAtRisk(portfolio, market, { ...run, confidence: c1 });
        const highResult = await engine.valueAtRisk(portfolio, market, { ...run, confidence: c2 });
        expect(low.meta.k).toBeGreaterThanOrEqual(highResult.meta.k);
        const high = byId(highResult);
        for (const a of low.accounts) {
          expect(a.var, `account ${a.id}: VaR(${c1}) vs VaR(${c2})`).toBeLessThanOrEqual(high.get(a.id)!.var);
        }
      }),
      fcParams(NUM_RUNS),
    );
  }, 60_000);
});
