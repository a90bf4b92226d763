// The risk book: determinism across threads and backends, incremental updates and repricing equal to
// fresh computations, and refusing work that does not fit in memory.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine, InputError } from '../../src/index.js';
import type { VarResult } from '../../src/montecarlo/book.js';

const fx = JSON.parse(readFileSync(new URL('../fixtures/var_pipeline.json', import.meta.url), 'utf8'));
const market = fx.market;
const portfolio = fx.portfolio;
const options = { scenarios: 4000, horizonDays: 2, seed: 3 } as const;

function tails(r: VarResult) {
  return r.accounts.map((a) => [a.var, a.es, ...a.varCi, ...a.esCi]);
}

describe('risk book', () => {
  const engines: Record<string, Engine> = {};
  beforeAll(async () => {
    for (const t of [1, 2, 3]) engines[`wasm${t}`] = await createEngine({ threads: t });
    engines.ts2 = await createEngine({ threads: 2, backend: 'ts' });
  });
  afterAll(async () => {
    await Promise.all(Object.values(engines).map((e) => e.close()));
  });

  it.each(['normal', 'student-t'] as const)('%s: bit-identical for 1, 2 and 3 threads', async (model) => {
    const [one, two, three] = await Promise.all(
      ['wasm1', 'wasm2', 'wasm3'].map((k) => engines[k].valueAtRisk(portfolio, market, { ...options, model })),
    );
    expect(tails(two)).toEqual(tails(one));
    expect(tails(three)).toEqual(tails(one));
    expect(one.meta.threads).toBe(1);
    expect(three.meta.threads).toBe(3);
  });

  it('Wasm and TS twin backends agree to 1e-12 relative', async () => {
    const wasm = await engines.wasm2.valueAtRisk(portfolio, market, options);
    const ts = await engines.ts2.valueAtRisk(portfolio, market, options);
    const a = tails(wasm).flat();
    const b = tails(ts).flat();
    a.forEach((x, i) => expect(Math.abs(x - b[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b[i]))));
  });

  it('the seed keys the scenarios: same seed same figures, another seed other figures', async () => {
    const a = await engines.wasm2.valueAtRisk(portfolio, market, options);
    const b = await engines.wasm2.valueAtRisk(portfolio, market, options);
    const c = await engines.wasm2.valueAtRisk(portfolio, market, { ...options, seed: 4 });
    expect(tails(b)).toEqual(tails(a));
    expect(tails(c)).not.toEqual(tails(a));
  });

  it('updateAccount equals a fresh computation with the new positions', async () => {
    const book = await engines.wasm2.book(portfolio, market, options);
    try {
      const id = portfolio.accounts[7].id;
      const positions = [
        { instrument: portfolio.instruments[0].id, quantity: 3.5 },
        { instrument: portfolio.instruments[10].id, quantity: -12 },
        ...portfolio.accounts[7].positions,
      ];
      const updated = book.updateAccount(id, positions);
      const changed = structuredClone(portfolio);
      changed.accounts[7].positions = positions;
      const fresh = await engines.wasm1.valueAtRisk(changed, market, options);
      expect([updated.var, updated.es, updated.varCi, updated.esCi]).toEqual([
        fresh.accounts[7].var, fresh.accounts[7].es, fresh.accounts[7].varCi, fresh.accounts[7].esCi,
      ]);
      expect(updated.greeks).toEqual(fresh.accounts[7].greeks);
      expect(book.result.accounts[7]).toEqual(updated);
      // an empty account has no risk
      expect(book.updateAccount(id, []).var).toBe(0);
    } finally {
      book.release();
    }
  });

  it('updateAccount from the tracked tail scenarios: fills give the bits of a fresh computation, and so does the next tick', async () => {
    const book = await engines.wasm2.book(portfolio, market, options);
    try {
      const current = structuredClone(portfolio);
      const n = Math.min(30, current.accounts.length);
      for (let round = 0; round < 3; round++) {
        for (let j = 0; j < n; j++) {
          const a = current.accounts[j];
          if (a.positions.length === 0) continue;
          // a fill: one position's quantity moves by 0.5%, up or down (round 1 re-sends the positions unchanged)
          const at = (j + round) % a.positions.length;
          const f = round === 1 ? 1 : 1 + (j % 2 === 0 ? 0.005 : -0.005);
          a.positions = a.positions.map((x: { instrument: string; quantity: number }, i: number) => (i === at ? { ...x, quantity: x.quantity * f } : x));
          // and in round 2 every third account opens a position in another instrument: a new risk,
          // whose tail scenarios may lie off the list (a fill the list cannot prove)
          if (round === 2 && j % 3 === 0) a.positions = [...a.positions, { instrument: portfolio.instruments[(7 * j + 3) % portfolio.instruments.length].id, quantity: j % 2 ? -40 : 25 }];
          book.updateAccount(a.id, a.positions);
        }
        const fresh = await engines.wasm1.valueAtRisk(current, market, options);
        expect(tails(book.result)).toEqual(tails(fresh));
      }
      // most fills were proven from the tail scenarios alone
      expect(book.updatePaths.fromList).toBeGreaterThan(0.7 * (book.updatePaths.fromList + book.updatePaths.fromThreshold + book.updatePaths.inFull));
      // a large change cannot be: the losses above the hint, or every scenario
      const before = book.updatePaths.fromList;
      const big = current.accounts.find((a: { positions: unknown[] }) => a.positions.length > 0);
      big.positions = big.positions.map((x: { instrument: string; quantity: number }) => ({ ...x, quantity: -3 * x.quantity }));
      const risk = book.updateAccount(big.id, big.positions);
      expect(book.updatePaths.fromList).toBe(before);
      const moved = structuredClone(market);
      moved.underlyings.forEach((u: { spot: number }, i: number) => (u.spot *= 1 + 0.001 * Math.cos(2 * i)));
      const freshBig = await engines.wasm1.valueAtRisk(current, market, options);
      expect([risk.var, risk.es]).toEqual([freshBig.accounts[current.accounts.indexOf(big)].var, freshBig.accounts[current.accounts.indexOf(big)].es]);
      const repriced = await book.reprice(moved);
      expect(tails(repriced)).toEqual(tails(await engines.wasm1.valueAtRisk(current, moved, options)));
    } finally {
      book.release();
    }
  });

  it('updateAccount of rescaled positions (every quantity x f) is proven from the tracked tail too: the bits of a fresh computation', async () => {
    const book = await engines.wasm2.book(portfolio, market, options);
    try {
      const current = structuredClone(portfolio);
      const n = Math.min(30, current.accounts.length);
      const before = { ...book.updatePaths };
      let updates = 0;
      for (let round = 0; round < 2; round++) {
        for (let j = 0; j < n; j++) {
          const a = current.accounts[j];
          if (a.positions.length === 0) continue;
          const f = round === 0 ? 0.5 + j / 30 : 1.1;
          a.positions = a.positions.map((x: { instrument: string; quantity: number }) => ({ ...x, quantity: x.quantity * f }));
          book.updateAccount(a.id, a.positions);
          updates++;
        }
        expect(tails(book.result)).toEqual(tails(await engines.wasm1.valueAtRisk(current, market, options)));
      }
      expect(book.updatePaths.fromList - before.fromList).toBeGreaterThan(0.9 * updates);
    } finally {
      book.release();
    }
  });

  it('reprice equals a fresh computation on the new market, and keeps updated positions', async () => {
    const book = await engines.wasm2.book(portfolio, market, options);
    try {
      const moved = structuredClone(market);
      moved.underlyings.forEach((u: { spot: number; vol: number }, i: number) => {
        u.spot *= 1 + 0.03 * (i % 3 - 1);
        u.vol *= 1.2;
      });
      const id = portfolio.accounts[3].id;
      book.updateAccount(id, [{ instrument: portfolio.instruments[2].id, quantity: 1 }]);
      const repriced = await book.reprice(moved);
      const changed = structuredClone(portfolio);
      changed.accounts[3].positions = [{ instrument: portfolio.instruments[2].id, quantity: 1 }];
      const fresh = await engines.wasm1.valueAtRisk(changed, moved, options);
      expect(tails(repriced)).toEqual(tails(fresh));
    } finally {
      book.release();
    }
  });

  it('a move in prices alone keeps the scenarios (vols and correlations unchanged) and equals a fresh computation', async () => {
    const book = await engines.wasm2.book(portfolio, market, options);
    try {
      const moved = structuredClone(market);
      moved.underlyings.forEach((u: { spot: number }, i: number) => (u.spot *= 1 + 0.02 * (i % 5 - 2)));
      const repriced = await book.reprice(moved);
      expect(tails(repriced)).toEqual(tails(await engines.wasm1.valueAtRisk(portfolio, moved, options)));
    } finally {
      book.release();
    }
  });

  it('successive price ticks start from the last tail candidates: each equals a fresh computation, updated accounts included', async () => {
    for (const key of ['wasm2', 'ts2']) {
      const book = await engines[key].book(portfolio, market, options);
      try {
        expect(book.result.meta.accountsInFull).toBe(portfolio.accounts.length);
        let current = portfolio;
        const moved = structuredClone(market);
        for (const [tick, size] of [0.001, 0.003, 0.01, 0.05].entries()) {
          moved.underlyings.forEach((u: { spot: number }, i: number) => (u.spot *= 1 + size * Math.sin(7 * i + tick)));
          if (tick === 2) {
            const positions = [{ instrument: portfolio.instruments[4].id, quantity: -2 }];
            book.updateAccount(portfolio.accounts[5].id, positions);
            current = structuredClone(current);
            current.accounts[5].positions = positions;
          }
          const repriced = await book.reprice(moved);
          const fresh = await engines[key === 'ts2' ? 'ts2' : 'wasm1'].valueAtRisk(current, moved, options);
          expect(tails(repriced)).toEqual(tails(fresh));
          // the Wasm kernels prove most accounts from their candidates after a small tick; the twin recomputes all
          if (key === 'wasm2' && tick === 0) expect(repriced.meta.accountsInFull).toBeLessThan(portfolio.accounts.length / 2);
          if (key === 'ts2') expect(repriced.meta.accountsInFull).toBe(portfolio.accounts.length);
        }
      } finally {
        book.release();
      }
    }
  });

  it('updated accounts keep their tail candidates: the next tick proves them too, and equals a fresh computation', async () => {
    const book = await engines.wasm2.book(portfolio, market, options);
    try {
      const current = structuredClone(portfolio);
      // new tails: a sign flipped, an instrument added, positions scaled down (the last hint too
      // high: the full path) or up
      const updated = current.accounts.slice(0, 40).map((a: { id: string; positions: { instrument: string; quantity: number }[] }, j: number) => {
        const p = a.positions;
        if (j % 4 === 0) a.positions = p.map((x, i) => (i === 0 ? { ...x, quantity: -3 * x.quantity } : x));
        else if (j % 4 === 1) a.positions = [...p, { instrument: portfolio.instruments[(7 * j) % portfolio.instruments.length].id, quantity: j % 3 === 0 ? -40 : 25 }];
        else a.positions = p.map((x) => ({ ...x, quantity: x.quantity * (j % 4 === 2 ? 0.3 : 2) }));
        return a;
      });
      for (const a of updated) book.updateAccount(a.id, a.positions);
      const moved = structuredClone(market);
      moved.underlyings.forEach((u: { spot: number }, i: number) => (u.spot *= 1 + 0.001 * Math.sin(3 * i)));
      const repriced = await book.reprice(moved);
      expect(tails(repriced)).toEqual(tails(await engines.wasm1.valueAtRisk(current, moved, options)));
      // untracked, each of the 40 would be recomputed in every scenario
      expect(repriced.meta.accountsInFull).toBeLessThan(updated.length / 2);
    } finally {
      book.release();
    }
  });

  it('a small vol move regenerates the scenarios and still starts from the tail candidates; a large one recomputes every account', async () => {
    const book = await engines.wasm2.book(portfolio, market, options);
    try {
      for (const [factor, tracked] of [[1.002, true], [0.999, true], [1.3, false]] as const) {
        const moved = structuredClone(market);
        moved.underlyings.forEach((u: { vol: number }) => (u.vol *= factor));
        const repriced = await book.reprice(moved);
        expect(tails(repriced)).toEqual(tails(await engines.wasm1.valueAtRisk(portfolio, moved, options)));
        if (tracked) expect(repriced.meta.accountsInFull).toBeLessThan(portfolio.accounts.length);
        else expect(repriced.meta.accountsInFull).toBe(portfolio.accounts.length);
      }
    } finally {
      book.release();
    }
  });

  it('after a cancelled reprice that changed the vols, the next reprice regenerates the scenarios', async () => {
    const book = await engines.wasm2.book(portfolio, market, { ...options, scenarios: 20_000 });
    try {
      const volMove = structuredClone(market);
      volMove.underlyings.forEach((u: { vol: number }) => (u.vol *= 1.5));
      await expect(book.reprice(volMove, { timeoutMs: 1 })).rejects.toMatchObject({ name: 'TimeoutError' });
      const repriced = await book.reprice(volMove);
      expect(tails(repriced)).toEqual(tails(await engines.wasm1.valueAtRisk(portfolio, volMove, { ...options, scenarios: 20_000 })));
    } finally {
      book.release();
    }
  });

  it('account Greeks are the quantity-weighted sums of the instrument Greeks', async () => {
    const r = await engines.wasm1.valueAtRisk(portfolio, market, { ...options, scenarios: 1000 });
    const unit = new Map(r.instruments.map((g) => [g.id, g]));
    const underlying = new Map(portfolio.instruments.map((i: { id: string; underlying: string }) => [i.id, i.underlying]));
    portfolio.accounts.forEach((account: { positions: { instrument: string; quantity: number }[] }, a: number) => {
      const expected: Record<string, { delta: number; gamma: number; vega: number; theta: number }> = {};
      for (const p of account.positions) {
        const g = unit.get(p.instrument)!;
        const e = (expected[underlying.get(p.instrument)!] ??= { delta: 0, gamma: 0, vega: 0, theta: 0 });
        e.delta += p.quantity * g.delta;
        e.gamma += p.quantity * g.gamma;
        e.vega += p.quantity * g.vega;
        e.theta += p.quantity * g.theta;
      }
      expect(r.accounts[a].greeks.byUnderlying).toEqual(expected);
    });
    // a perpetual's delta is its multiplier, and it has no other Greeks
    const perp = r.instruments.find((g) => g.id.endsWith('-PERP'))!;
    expect([perp.delta, perp.gamma, perp.vega, perp.theta]).toEqual([1, 0, 0, 0]);
  });

  it('rejects bad updates clearly', async () => {
    const book = await engines.wasm1.book(portfolio, market, options);
    try {
      expect(() => book.updateAccount('nope', [])).toThrow(/unknown account "nope"/);
      expect(() => book.updateAccount(portfolio.accounts[0].id, [{ instrument: 'BTC-X', quantity: 1 }])).toThrow(
        /positions\[0\]: instrument: unknown instrument "BTC-X"/,
      );
      expect(() => book.updateAccount(portfolio.accounts[0].id, [{ instrument: portfolio.instruments[0].id, quantity: NaN }])).toThrow(
        InputError,
      );
      const otherSymbols = structuredClone(market);
      otherSymbols.underlyings[0].symbol = 'ZZZ';
      await expect(book.reprice(otherSymbols)).rejects.toThrow(/same underlyings/);
    } finally {
      book.release();
    }
  });

  it('refuses a run that does not fit in memory, naming the scenarios that would fit', async () => {
    const limit = 16 * 2 ** 20;
    const err = await engines.wasm1
      .valueAtRisk(portfolio, market, { ...options, scenarios: 100_000, memoryLimitBytes: limit })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    const fit = Number(/at most (\d+) scenarios fit/.exec((err as Error).message)?.[1]);
    expect(fit).toBeGreaterThan(1000);
    expect(fit).toBeLessThan(100_000);
    const ok = await engines.wasm1.valueAtRisk(portfolio, market, { ...options, scenarios: fit, memoryLimitBytes: limit });
    expect(ok.meta.scenarios).toBe(fit);
  });
});
