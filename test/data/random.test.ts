import { describe, expect, it } from 'vitest';
import { RandomStream, Xoshiro128 } from '../../src/data/random.js';

describe('Xoshiro128 (xoshiro128** 1.1)', () => {
  it('matches the reference C implementation from state {1, 2, 3, 4}', () => {
    // Expected values: the `reference` test of the Rust crate rand_xoshiro (xoshiro128starstar.rs),
    // "produced with the reference implementation (v1.1): http://xoshiro.di.unimi.it/xoshiro128starstar.c".
    const rng = new Xoshiro128(1, 2, 3, 4);
    const got = Array.from({ length: 10 }, () => rng.nextUint32());
    expect(got).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804]);
  });

  it('seeds deterministically; different seeds give different streams; seeds are validated', () => {
    const take = (seed: number) => {
      const r = Xoshiro128.fromSeed(seed);
      return Array.from({ length: 8 }, () => r.nextUint32());
    };
    expect(take(0)).toEqual(take(0));
    expect(take(0)).not.toEqual(take(1));
    expect(take(0xffffffff)).not.toEqual(take(0));
    for (const bad of [-1, 1.5, 2 ** 32, NaN]) expect(() => Xoshiro128.fromSeed(bad)).toThrow(/seed: must be an integer/);
    expect(() => new Xoshiro128(0, 0, 0, 0)).toThrow(/all zero/);
  });
});

describe('RandomStream moments (closed forms, 200k draws)', () => {
  const N = 200_000;
  const moments = (draw: () => number) => {
    let m1 = 0, m2 = 0, m4 = 0;
    const xs = new Float64Array(N);
    for (let i = 0; i < N; i++) xs[i] = draw();
    for (const x of xs) m1 += x / N;
    for (const x of xs) {
      m2 += (x - m1) ** 2 / N;
      m4 += (x - m1) ** 4 / N;
    }
    return { mean: m1, variance: m2, excessKurtosis: m4 / (m2 * m2) - 3, min: xs.reduce((a, b) => Math.min(a, b)), max: xs.reduce((a, b) => Math.max(a, b)) };
  };

  it('uniform on (0, 1): mean 1/2, variance 1/12', () => {
    const rng = new RandomStream(7);
    const m = moments(() => rng.uniform());
    expect(m.min).toBeGreaterThan(0);
    expect(m.max).toBeLessThan(1);
    expect(m.mean).toBeCloseTo(0.5, 2);
    expect(m.variance).toBeCloseTo(1 / 12, 3);
  });

  it('normal: mean 0, variance 1, excess kurtosis 0', () => {
    const rng = new RandomStream(8);
    const m = moments(() => rng.normal());
    expect(Math.abs(m.mean)).toBeLessThan(0.01);
    expect(Math.abs(m.variance - 1)).toBeLessThan(0.015);
    expect(Math.abs(m.excessKurtosis)).toBeLessThan(0.06);
  });

  it('Student-t(6) scaled to unit variance: variance 1, excess kurtosis 6 / (nu - 4) = 3', () => {
    const rng = new RandomStream(9);
    const m = moments(() => rng.studentT(6));
    expect(Math.abs(m.mean)).toBeLessThan(0.01);
    expect(Math.abs(m.variance - 1)).toBeLessThan(0.02);
    // The sample kurtosis of t(6) converges slowly (its 8th moment is infinite): loose bounds.
    expect(m.excessKurtosis).toBeGreaterThan(1.8);
    expect(m.excessKurtosis).toBeLessThan(4.5);
  });
});
