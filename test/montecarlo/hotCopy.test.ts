// updateAccount from hot copies (src/wasm/hotAccounts.ts, assembly/hotCopy.ts): an account's
// repeated fills read its listed scenarios' P&L from the copy its previous update made, and give the
// bits of a fresh computation, through compaction of the list, a change of instruments, accounts
// dropped past the budget and a reprice (which makes every copy invalid).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/index.js';
import type { VarResult } from '../../src/montecarlo/book.js';

const fx = JSON.parse(readFileSync(new URL('../fixtures/var_pipeline.json', import.meta.url), 'utf8'));
const options = { scenarios: 4000, horizonDays: 2, seed: 3 } as const;
type Position = { instrument: string; quantity: number };

const tails = (r: VarResult) => r.accounts.map((a) => [a.var, a.es, ...a.varCi, ...a.esCi]);

describe('updateAccount from hot copies', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine({ threads: 2 });
  });
  afterAll(() => engine.close());

  it('fills of a few active accounts among sweeps of all: the bits of a fresh computation', async () => {
    const current = structuredClone(fx.portfolio);
    let market = structuredClone(fx.market);
    const book = await engine.book(current, market, options);
    try {
      const fill = (j: number, step: number): void => {
        const a = current.accounts[j];
        if (a.positions.length === 0) return;
        const at = step % a.positions.length;
        // up and down by 0.5%: rises move the list's bound up, so the list (and its copy) is compacted
        const f = step % 3 === 2 ? 1 / 1.005 : 1.005;
        a.positions = a.positions.map((x: Position, i: number) => (i === at ? { ...x, quantity: x.quantity * f } : x));
        book.updateAccount(a.id, a.positions);
      };
      const active = [0, 1, 2, 4, 7];
      for (let phase = 0; phase < 4; phase++) {
        for (let step = 0; step < 12; step++) for (const j of active) fill(j, step + phase);
        if (phase === 1) {
          // an active account opens a position in another instrument: its copy is made anew
          const a = current.accounts[active[0]];
          a.positions = [...a.positions, { instrument: fx.portfolio.instruments[5].id, quantity: 17 }];
          book.updateAccount(a.id, a.positions);
          for (let step = 0; step < 4; step++) fill(active[0], step);
        }
        expect(tails(book.result)).toEqual(tails(await engine.valueAtRisk(current, market, options)));
        // a sweep of every account: more copies than the budget holds (the least recent are dropped)
        for (let j = 0; j < current.accounts.length; j++) fill(j, phase);
        expect(tails(book.result)).toEqual(tails(await engine.valueAtRisk(current, market, options)));
        if (phase === 2) {
          market = structuredClone(market);
          market.underlyings.forEach((u: { spot: number }, i: number) => (u.spot *= 1 + 0.002 * Math.sin(3 * i)));
          expect(tails(await book.reprice(market))).toEqual(tails(await engine.valueAtRisk(current, market, options)));
        }
      }
      // most of the active accounts' fills read their hot copy
      expect(book.hotCopyUpdates).toBeGreaterThan(0.5 * 4 * 12 * active.length);
    } finally {
      book.release();
    }
  });

  it('hotCopyBytes: 0 keeps none (the same figures); a bad value is refused by name', async () => {
    const current = structuredClone(fx.portfolio);
    const book = await engine.book(current, fx.market, { ...options, hotCopyBytes: 0 });
    try {
      const a = current.accounts[1];
      for (let step = 0; step < 20; step++) {
        a.positions = a.positions.map((x: Position, i: number) => (i === step % a.positions.length ? { ...x, quantity: x.quantity * 1.005 } : x));
        book.updateAccount(a.id, a.positions);
      }
      expect(book.hotCopyUpdates).toBe(0);
      expect(book.updatePaths.fromList).toBeGreaterThan(10);
      expect(tails(book.result)).toEqual(tails(await engine.valueAtRisk(current, fx.market, options)));
    } finally {
      book.release();
    }
    for (const bad of [-1, Number.NaN, Infinity, '16' as unknown as number]) {
      await expect(engine.book(fx.portfolio, fx.market, { ...options, hotCopyBytes: bad })).rejects.toThrow(/hotCopyBytes: must be a finite number of bytes >= 0/);
    }
  });
});
