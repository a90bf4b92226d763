// onAccounts of RiskBook.reprice and of valueAtRisk: every account's result handed over once, as
// its group completes, before the call resolves, and the very objects of the result; a failed
// reprice's groups belong to no result.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/index.js';
import type { AccountRisk } from '../../src/montecarlo/book.js';

const fx = JSON.parse(readFileSync(new URL('../fixtures/var_pipeline.json', import.meta.url), 'utf8'));
const options = { scenarios: 4000, horizonDays: 2, seed: 3 } as const;
const moved = (factor: number, volFactor = 1) => ({
  ...fx.market,
  underlyings: fx.market.underlyings.map((u: { spot: number; vol: number }) => ({ ...u, spot: u.spot * factor, vol: u.vol * volFactor })),
});

/** The accounts `onAccounts` was given, by index; fails on an account given twice. */
function collect(): { onAccounts: (first: number, risks: readonly AccountRisk[]) => void; passed: AccountRisk[]; calls: number } {
  const passed: AccountRisk[] = [];
  const c = {
    passed,
    calls: 0,
    onAccounts: (first: number, risks: readonly AccountRisk[]) => {
      c.calls++;
      risks.forEach((r, j) => {
        expect(passed[first + j]).toBeUndefined();
        passed[first + j] = r;
      });
    },
  };
  return c;
}

const engines: Record<number, Engine> = {};
beforeAll(async () => {
  for (const t of [1, 2, 3]) engines[t] = await createEngine({ threads: t });
});
afterAll(async () => {
  await Promise.all(Object.values(engines).map((e) => e.close()));
});

describe('valueAtRisk, onAccounts', () => {
  it.each([1, 2, 3])('%i threads: each account once, the objects of the result, before it resolves', async (threads) => {
    const c = collect();
    const result = await engines[threads].valueAtRisk(fx.portfolio, fx.market, { ...options, onAccounts: c.onAccounts });
    expect(c.passed.filter(Boolean)).toHaveLength(fx.portfolio.accounts.length);
    c.passed.forEach((r, a) => expect(r).toBe(result.accounts[a]));
    if (threads > 1) expect(c.calls).toBeGreaterThan(1);
    expect(result.accounts).toEqual((await engines[1].valueAtRisk(fx.portfolio, fx.market, options)).accounts);
  });

  it('a parametric model hands them over at once', async () => {
    const c = collect();
    const result = await engines[2].valueAtRisk(fx.portfolio, fx.market, { model: 'delta-normal', onAccounts: c.onAccounts });
    expect(c.calls).toBe(1);
    c.passed.forEach((r, a) => expect(r).toBe(result.accounts[a]));
    expect(c.passed).toHaveLength(fx.portfolio.accounts.length);
  });
});

describe('reprice, onAccounts', () => {
  it.each([1, 2, 3])('%i threads: each account once, in groups of consecutive accounts, the objects of the result', async (threads) => {
    const book = await engines[threads].book(fx.portfolio, fx.market, options);
    try {
      // a price move (stage B from each account's tail scenarios), then a 10% vol move (every account in full)
      for (const [factor, volFactor] of [[1.01, 1], [1.01, 1.1]]) {
        const seen: { first: number; risks: readonly AccountRisk[] }[] = [];
        let resolved = false;
        const result = await book.reprice(moved(factor, volFactor), {
          onAccounts: (first, risks) => {
            expect(resolved).toBe(false);
            seen.push({ first, risks });
          },
        });
        resolved = true;
        const n = fx.portfolio.accounts.length;
        const passed: AccountRisk[] = new Array(n);
        for (const { first, risks } of seen) risks.forEach((r, j) => {
          expect(passed[first + j]).toBeUndefined();
          passed[first + j] = r;
        });
        expect(passed.filter(Boolean)).toHaveLength(n);
        passed.forEach((r, a) => expect(r).toBe(result.accounts[a]));
        if (threads > 1) expect(seen.length).toBeGreaterThan(1);
        if (volFactor > 1) expect(result.meta.accountsInFull).toBe(n);
      }
    } finally {
      await book.release();
    }
  });

  it('gives the same figures as a reprice without it, and as a fresh book', async () => {
    const [a, b] = await Promise.all([engines[2].book(fx.portfolio, fx.market, options), engines[2].book(fx.portfolio, fx.market, options)]);
    try {
      const withIt = await a.reprice(moved(0.97), { onAccounts: () => {} });
      const without = await b.reprice(moved(0.97));
      const fresh = await engines[1].valueAtRisk(fx.portfolio, moved(0.97), options);
      expect(withIt.accounts).toEqual(without.accounts);
      expect(withIt.accounts).toEqual(fresh.accounts);
    } finally {
      await Promise.all([a.release(), b.release()]);
    }
  });

  it('an error thrown by onAccounts fails the reprice with it; the book then asks for a new reprice', async () => {
    const book = await engines[2].book(fx.portfolio, fx.market, options);
    try {
      const boom = new Error('caller failed');
      await expect(book.reprice(moved(1.02), { onAccounts: () => { throw boom; } })).rejects.toBe(boom);
      expect(() => book.updateAccount(fx.portfolio.accounts[0].id, fx.portfolio.accounts[0].positions)).toThrow(/reprice it again/);
      const again = await book.reprice(moved(1.02));
      const fresh = await engines[1].valueAtRisk(fx.portfolio, moved(1.02), options);
      expect(again.accounts).toEqual(fresh.accounts);
    } finally {
      await book.release();
    }
  });
});
