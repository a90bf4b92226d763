// PositionChange (updateAccount's list path): the proven bound loss_to <= c loss_from + rise holds in
// every scenario with the losses summed as the kernel sums them, and c minimizes c bound + rise
// (checked against a fine grid), on random books, fills and rescales.
import { describe, expect, it } from 'vitest';
import { PositionChange } from '../../src/montecarlo/listChange.js';

/** Deterministic uniform [0, 1) (mulberry32). */
function rng(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let x = Math.imul(t ^ (t >>> 15), 1 | t);
    x ^= x + Math.imul(x ^ (x >>> 7), 61 | x);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const M = 400;

/** Seeds above 60: 80 instruments and 40-70 positions (the sort of many ratios); else 12 and 1-8. */
function setup(seed: number) {
  const I = seed > 60 ? 80 : 12;
  const u = rng(seed);
  const pnl = Array.from({ length: I }, () => Float64Array.from({ length: M }, () => (u() - 0.5) * 10 ** (4 * u())));
  const maxAbs = pnl.map((row) => row.reduce((m, x) => Math.max(m, Math.abs(x)), 0));
  return { I, u, pnl, change: new PositionChange(I, (i) => maxAbs[i]) };
}

/** Loss in scenario s, positions in order (as the kernel sums them). */
const loss = (pnl: Float64Array[], held: { instrumentIndex: number; quantity: number }[], s: number) => {
  let l = 0;
  for (const p of held) l -= p.quantity * pnl[p.instrumentIndex][s];
  return l;
};

describe('PositionChange', () => {
  it('bounds every scenario loss after fills, rescales and mixed changes, and picks the cheapest scale', () => {
    for (let seed = 1; seed <= 72; seed++) {
      const { I, u, pnl, change } = setup(seed);
      const n = seed > 60 ? 40 + Math.floor(u() * 30) : 1 + Math.floor(u() * 8);
      const from = Array.from({ length: n }, () => ({ instrumentIndex: Math.floor(u() * I), quantity: (u() - 0.5) * 10 ** (3 * u()) }));
      const kind = seed > 60 ? seed % 5 : seed % 4;
      const f = 0.3 + 1.5 * u();
      const to =
        kind === 0 ? from.map((p, j) => (j === 0 ? { ...p, quantity: p.quantity * 1.01 } : p)) // a fill
        : kind === 1 ? from.map((p) => ({ ...p, quantity: p.quantity * f })) // a rescale
        : kind === 2 ? [...from.map((p) => ({ ...p, quantity: p.quantity * f })), { instrumentIndex: (seed * 5) % I, quantity: 3 }] // rescale and a new position
        : kind === 3 ? from.map((p) => ({ ...p, quantity: -p.quantity })) // flipped: only c = 0 or 1 can hold
        : from.map((p) => ({ ...p, quantity: p.quantity * (0.2 + 2 * u()) })); // each quantity by its own factor
      const losses = Array.from({ length: M }, (_, s) => loss(pnl, from, s));
      const bound = [...losses].sort((x, y) => y - x)[20]; // a tracked bound: the 21st largest loss
      const { scale, rise } = change.of(from, to, bound);
      expect(scale).toBeGreaterThanOrEqual(0);
      for (let s = 0; s < M; s++) expect(loss(pnl, to, s), `seed ${seed} scenario ${s}`).toBeLessThanOrEqual(scale * losses[s] + rise);
      if (kind === 1) expect(scale).toBeCloseTo(f, 12);
      // no c on a grid proves a lower bound than the chosen one (to the rounding allowance)
      const proven = scale * bound + rise;
      for (let c = 0; c <= 3; c += 0.01) {
        let r = 0;
        const q = new Map<number, number>();
        for (const p of to) q.set(p.instrumentIndex, (q.get(p.instrumentIndex) ?? 0) + p.quantity);
        for (const p of from) q.set(p.instrumentIndex, (q.get(p.instrumentIndex) ?? 0) - c * p.quantity);
        for (const [i, v] of q) r += Math.abs(v) * pnl[i].reduce((m, x) => Math.max(m, Math.abs(x)), 0);
        expect(proven, `seed ${seed} c ${c}`).toBeLessThanOrEqual((c * bound + r) * (1 + 1e-9) + 1e-9);
      }
    }
  });

  it('an untracked account (bound NaN) gets the plain change, scale 1', () => {
    const { change } = setup(7);
    const from = [{ instrumentIndex: 1, quantity: 2 }];
    const to = [{ instrumentIndex: 1, quantity: 4 }];
    expect(change.of(from, to, NaN).scale).toBe(1);
  });
});
