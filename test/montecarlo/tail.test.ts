// Tail statistics kernel (assembly/tail.ts, via accountRisk on one position of quantity -1, whose
// losses are then exactly the given vector) against a plain full-sort reference written here, and
// Wasm against its TS twin (same algorithm: bit-identical). Covers the sampled-threshold path
// (large n, continuous values) and the fallback (small n, heavy ties, constant vectors).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Compute } from '../../src/compute.js';
import { tailRanks, type TailRanks } from '../../src/montecarlo/tailRanks.js';
import { readWasm } from '../../src/wasm/node-source.js';
import { compileKernels } from '../../src/wasm/runtime.js';

let wasm: Compute;
let twin: Compute;
beforeAll(async () => {
  wasm = await Compute.create(1, 'wasm', await compileKernels(await readWasm()));
  twin = await Compute.create(1, 'ts', undefined);
});
afterAll(async () => {
  await wasm.close();
  await twin.close();
});

/** [var, es, varLo, varHi, esLo, esHi] of `losses` computed by `compute`'s accountRisk kernel. */
function tails(compute: Compute, losses: Float64Array, r: TailRanks): Float64Array {
  const h = compute.heap;
  const n = losses.length;
  const pnl = h.allocCopy(losses);
  const offsets = h.allocCopy(Int32Array.of(0, 1));
  const inst = h.allocCopy(Int32Array.of(0));
  const qty = h.allocCopy(Float64Array.of(-1));
  const scratch = h.alloc(16 * n);
  const out = h.alloc(48);
  compute.runLocal([{ kernel: 'accountRisk', args: [0, 1, offsets, inst, qty, pnl, n, r.k, r.ke, r.kLo, r.kHi, r.esAlpha, r.zCrit, scratch, out] }]);
  const result = h.f64(out, 6).slice();
  for (const p of [pnl, offsets, inst, qty, scratch, out]) h.release(p);
  return result;
}

function reference(losses: Float64Array, r: TailRanks) {
  const sorted = Array.from(losses).sort((a, b) => b - a);
  const n = sorted.length;
  const es = sorted.slice(0, r.ke).reduce((a, b) => a + b, 0) / r.ke;
  return { var: sorted[r.k - 1], es, varLo: sorted[Math.min(r.kHi, n) - 1], varHi: sorted[r.kLo - 1] };
}

const vectors = fc.oneof(
  // continuous, large: exercises the sampled threshold
  fc.record({ n: fc.integer({ min: 2000, max: 30000 }), seed: fc.integer(), kind: fc.constant('normal' as const) }),
  // small: always the full selection
  fc.record({ n: fc.integer({ min: 40, max: 1500 }), seed: fc.integer(), kind: fc.constant('normal' as const) }),
  // heavy ties and constants: the threshold admits too many, so the fallback runs
  fc.record({ n: fc.integer({ min: 40, max: 20000 }), seed: fc.integer(), kind: fc.constantFrom('ties' as const, 'constant' as const, 'sorted' as const) }),
);

function make({ n, seed, kind }: { n: number; seed: number; kind: 'normal' | 'ties' | 'constant' | 'sorted' }): Float64Array {
  let s = seed >>> 0 || 1;
  const u = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  return Float64Array.from({ length: n }, (_, i) => {
    if (kind === 'constant') return 3.25;
    if (kind === 'ties') return Math.floor(u() * 4) - 1;
    if (kind === 'sorted') return i * 0.5 - 100;
    return Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()) * 1000;
  });
}

describe('tail statistics', () => {
  it('equal a full-sort reference and the twin, bit for bit between Wasm and twin', () => {
    fc.assert(
      fc.property(vectors, fc.double({ min: 0.5, max: 0.999, noNaN: true }), fc.double({ min: 0.5, max: 0.995, noNaN: true }), (v, c, ce) => {
        const losses = make(v);
        fc.pre(losses.length * (1 - Math.max(c, ce)) >= 1);
        const r = tailRanks(losses.length, c, ce);
        const w = tails(wasm, losses, r);
        const t = tails(twin, losses, r);
        expect(Array.from(w)).toEqual(Array.from(t));
        const ref = reference(losses, r);
        expect(w[0]).toBe(ref.var);
        expect(w[2]).toBe(ref.varLo);
        expect(w[3]).toBe(ref.varHi);
        expect(Math.abs(w[1] - ref.es)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(ref.es)));
        expect(w[4]).toBeLessThanOrEqual(w[1]);
        expect(w[5]).toBeGreaterThanOrEqual(w[1]);
      }),
      { numRuns: 150, seed: 42 },
    );
  });

  it('a constant loss has zero-width intervals', () => {
    const r = tailRanks(1000, 0.99, 0.975);
    expect(Array.from(tails(wasm, new Float64Array(1000).fill(7), r))).toEqual([7, 7, 7, 7, 7, 7]);
  });
});

/** A small book whose instrument rows are the given vectors: account a holds instrument a
 * (quantity -1, so its losses are exactly vector a) plus, for odd a, half a unit of the next row. */
function bookPositions(A: number) {
  const offsets: number[] = [0];
  const inst: number[] = [];
  const qty: number[] = [];
  for (let a = 0; a < A; a++) {
    inst.push(a);
    qty.push(-1);
    if (a % 2 === 1) {
      inst.push((a + 1) % A);
      qty.push(0.5);
    }
    offsets.push(inst.length);
  }
  return { offsets: Int32Array.from(offsets), inst: Int32Array.from(inst), qty: Float64Array.from(qty) };
}

/**
 * accountRiskBlocked over `bookPositions` on `rows`, as two stage-B groups would call it; then, for
 * each of `next` (new rows, and optionally the change summary to claim instead of the true one),
 * accountRiskTracked from the state the previous call left. Returns TAIL_FIELDS values per
 * account after each call, and how many accounts each tracked call recomputed in full.
 */
function blockedTails(
  compute: Compute, rows: Float64Array[], r: TailRanks, chunk: number, block: number, cap: number,
  next: { rows: Float64Array[]; change?: Float64Array }[] = [],
): { results: Float64Array[]; inFull: number[] } {
  const h = compute.heap;
  const M = rows[0].length;
  const A = rows.length;
  const pnl = h.alloc(8 * A * M);
  const pos = bookPositions(A);
  const ptrs = [h.allocCopy(pos.offsets), h.allocCopy(pos.inst), h.allocCopy(pos.qty)];
  const scratch = [0, 1].map(() => h.alloc(8 * (2 * chunk + block * (cap + 2) + 3 * block + 2 * M)));
  const out = h.alloc(48 * A);
  const track = [h.alloc(8 * A), h.alloc(8 * A), h.alloc(4 * A * (cap + 2))];
  const change = h.alloc(24 * A);
  const fullCounts = h.alloc(8);
  const half = Math.floor(A / 2);
  const common = (a0: number, a1: number, g: number) => [
    a0, a1, ...ptrs, pnl, M, r.k, r.ke, r.kLo, r.kHi, r.esAlpha, r.zCrit, chunk, block, cap, scratch[g], out, ...track,
  ];
  const setRows = (next: Float64Array[]) => next.forEach((row, i) => h.f64(pnl + 8 * M * i, M).set(row));
  setRows(rows);
  compute.runLocal([
    { kernel: 'accountRiskBlocked', args: common(0, half, 0) },
    { kernel: 'accountRiskBlocked', args: common(half, A, 1) },
  ]);
  const results = [h.f64(out, 6 * A).slice()];
  const inFull: number[] = [];
  let previous = rows;
  for (const step of next) {
    h.f64(change, 3 * A).set(step.change ?? rowChanges(previous, step.rows));
    setRows(step.rows);
    compute.runLocal([
      { kernel: 'accountRiskTracked', args: [...common(0, half, 0), change, 1, A, fullCounts] },
      { kernel: 'accountRiskTracked', args: [...common(half, A, 1), change, 1, A, fullCounts + 4] },
    ]);
    results.push(h.f64(out, 6 * A).slice());
    inFull.push(h.i32(fullCounts, 2).reduce((x, y) => x + y));
    previous = step.rows;
  }
  for (const p of [pnl, ...ptrs, ...scratch, out, ...track, change, fullCounts]) h.release(p);
  return { results, inFull };
}

/** Per row: largest rise, largest fall and largest |value| between two sets of rows (what stage A summarizes). */
function rowChanges(before: Float64Array[], after: Float64Array[]): Float64Array {
  const c = new Float64Array(3 * before.length);
  before.forEach((row, i) => {
    let up = -Infinity;
    let down = -Infinity;
    let big = 0;
    row.forEach((x, m) => {
      const y = after[i][m];
      up = Math.max(up, y - x);
      down = Math.max(down, x - y);
      big = Math.max(big, Math.abs(x), Math.abs(y));
    });
    c.set([up, down, big], 3 * i);
  });
  return c;
}

/** The same book one account at a time through accountRisk (full loss vector, sampled prefilter). */
function oneByOne(compute: Compute, rows: Float64Array[], r: TailRanks): Float64Array {
  const A = rows.length;
  const out = new Float64Array(6 * A);
  for (let a = 0; a < A; a++) {
    const loss = Float64Array.from(rows[a], (x, m) => (a % 2 === 1 ? x - 0.5 * rows[(a + 1) % A][m] : x));
    out.set(tails(compute, loss, r), 6 * a);
  }
  return out;
}

describe('blocked account risk (scenario chunks, first-chunk threshold, candidates)', () => {
  const kinds = ['normal', 'ties', 'constant', 'sorted'] as const;
  const book = (M: number, seed: number) => Array.from({ length: 9 }, (_, a) => make({ n: M, seed: seed + a, kind: kinds[a % 4] }));

  it('gives bit for bit the one-account-at-a-time results, whatever the chunk, block and capacity', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 200, max: 6000 }), fc.integer(), fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4000 }),
        (M, seed, chunk, block, capOver) => {
          const rows = book(M, seed);
          const r = tailRanks(M, 0.99, 0.975);
          const K = Math.min(M, Math.max(r.ke, r.kHi));
          const cap = Math.min(M, K + capOver);
          const expected = Array.from(oneByOne(wasm, rows, r));
          expect(Array.from(blockedTails(wasm, rows, r, Math.min(chunk, M), block, cap).results[0])).toEqual(expected);
          expect(Array.from(blockedTails(twin, rows, r, Math.min(chunk, M), block, cap).results[0])).toEqual(expected);
        },
      ),
      { numRuns: 60, seed: 7 },
    );
  });

  it('handles a chunk that does not divide M, an odd M and the first chunk of a trend (the threshold misses: full recomputation)', () => {
    const M = 4099;
    const rows = [make({ n: M, seed: 3, kind: 'sorted' }), make({ n: M, seed: 4, kind: 'normal' }), Float64Array.from({ length: M }, (_, m) => -m)];
    const r = tailRanks(M, 0.99, 0.975);
    const expected = Array.from(oneByOne(wasm, rows, r));
    for (const chunk of [1000, 1024, 333, M]) expect(Array.from(blockedTails(wasm, rows, r, chunk, 2, 700).results[0])).toEqual(expected);
  });
});

describe('tracked account risk (a reprice from the tail candidates of the last run)', () => {
  const kinds = ['normal', 'ties', 'constant', 'sorted'] as const;
  const book = (M: number, seed: number) => Array.from({ length: 9 }, (_, a) => make({ n: M, seed: seed + a, kind: kinds[a % 4] }));
  /** rows moved by `size` times a smooth function of the scenario (a price move shifts the P&L, it does not reshuffle it) */
  const moved = (rows: Float64Array[], size: number, seed: number) =>
    rows.map((row, i) => Float64Array.from(row, (x, m) => x + size * Math.sin(0.37 * m + seed + i) * (1 + Math.abs(x))));

  it('gives bit for bit the full results after each of several moves, whatever the chunk, block and capacity', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 200, max: 4000 }), fc.integer(), fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 3000 }), fc.constantFrom(0, 1e-4, 1e-2, 0.3),
        (M, seed, chunk, block, capOver, size) => {
          const r = tailRanks(M, 0.99, 0.975);
          const K = Math.min(M, Math.max(r.ke, r.kHi));
          const cap = Math.min(M, K + capOver);
          const steps = [0, 1, 2].reduce<Float64Array[][]>((acc, i) => [...acc, moved(acc.at(-1)!, size, seed + i)], [book(M, seed)]);
          const { results, inFull } = blockedTails(wasm, steps[0], r, Math.min(chunk, M), block, cap, steps.slice(1).map((rows) => ({ rows })));
          steps.forEach((rows, i) => expect(Array.from(results[i])).toEqual(Array.from(oneByOne(wasm, rows, r))));
          inFull.forEach((n) => expect(n).toBeLessThanOrEqual(9));
        },
      ),
      { numRuns: 40, seed: 11 },
    );
  });

  it('recomputes no account when nothing moved, and every account when the rows are redrawn', () => {
    const M = 3000;
    const rows = Array.from({ length: 9 }, (_, a) => make({ n: M, seed: 40 + a, kind: 'normal' }));
    const r = tailRanks(M, 0.99, 0.975);
    const far = Array.from({ length: 9 }, (_, a) => make({ n: M, seed: 80 + a, kind: 'normal' }));
    const { results, inFull } = blockedTails(wasm, rows, r, 1024, 4, M, [{ rows }, { rows: far }]);
    expect(inFull).toEqual([0, 9]);
    expect(Array.from(results[1])).toEqual(Array.from(results[0]));
    expect(Array.from(results[2])).toEqual(Array.from(oneByOne(wasm, far, r)));
  });

  it('reads tails from exactly K candidates when the claimed change leaves K of them (the K-th largest is then the smallest)', () => {
    const M = 1000;
    const r = tailRanks(M, 0.99, 0.975);
    const K = Math.max(r.ke, r.kHi);
    // distinct losses 10 apart in a shuffled order; one account per row, quantity -1 on its own row
    const values = Array.from({ length: M }, (_, i) => 10 * (M - i));
    const order = Array.from({ length: M }, (_, i) => (i * 389) % M);
    const row = Float64Array.from(order, (i) => values[i]);
    const rows = [row, row, row];
    // a claimed rise (an upper bound, so still valid) that lifts the bound to just under the K-th largest loss
    const sorted = [...values].sort((a, b) => b - a);
    const first = blockedTails(wasm, rows, r, M, 4, M).results[0];
    const bound = sorted[Math.ceil(1.5 * K) + 8 - 1];
    const rise = sorted[K - 1] - bound - 1;
    const change = new Float64Array(9);
    for (let i = 0; i < 3; i++) change.set([rise, rise, 1e4], 3 * i);
    const { results, inFull } = blockedTails(wasm, rows, r, M, 4, M, [{ rows, change }]);
    expect(inFull[0]).toBe(1); // account 1 also holds half of row 2: its losses are a different vector
    expect(Array.from(results[1])).toEqual(Array.from(first));
    expect(Array.from(first)).toEqual(Array.from(oneByOne(wasm, rows, r)));
  });
});
