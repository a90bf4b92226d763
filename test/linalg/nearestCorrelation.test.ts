import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nearestCorrelation } from '../../src/linalg/nearestCorrelation.js';
import { checkCorrelation } from '../../src/linalg/checkCorrelation.js';
import { cholesky } from '../../src/linalg/cholesky.js';
import { symmetricEigen } from '../../src/linalg/symmetricEigen.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/linalg_nearest.json', import.meta.url), 'utf8')) as {
  higham2002Example: { a: number[][]; published4dp: number[][] };
  cases: { name: string; n: number; a: number[]; x: number[]; frobeniusDistance: number }[];
};

function frobenius(p: Float64Array, q: Float64Array): number {
  let s = 0;
  for (let k = 0; k < p.length; k++) s += (p[k] - q[k]) ** 2;
  return Math.sqrt(s);
}

function expectCorrelation(x: Float64Array, n: number): void {
  checkCorrelation(x, n, [], 'result');
  cholesky(x, n);
  // the contract is the Cholesky above (pivots >= -1e-10, CHOLESKY_PIVOT_TOLERANCE); a matrix it
  // accepts with a zeroed pivot can have its smallest eigenvalue a hair below -1e-10 (e.g.
  // -1.0000005e-10 for a valid input with a correlation of -0.99999999995, returned unchanged)
  expect(symmetricEigen(x, n).values[0]).toBeGreaterThan(-2e-10);
}

describe('nearestCorrelation', () => {
  it("reproduces Higham's (2002) published 3x3 example to 4 decimals", () => {
    const { a, published4dp } = fixture.higham2002Example;
    const r = nearestCorrelation(Float64Array.from(a.flat()), 3);
    published4dp.flat().forEach((x, k) => expect(Math.abs(r.correlation[k] - x)).toBeLessThan(5e-5));
  });

  it.each(fixture.cases.map((c) => [c.name, c]))('matches the NumPy reference: %s', (_name, c) => {
    const a = Float64Array.from(c.a);
    const r = nearestCorrelation(a, c.n);
    let worst = 0;
    r.correlation.forEach((x, k) => (worst = Math.max(worst, Math.abs(x - c.x[k]))));
    expect(worst).toBeLessThan(1e-8);
    expect(r.frobeniusDistance).toBeCloseTo(c.frobeniusDistance, 8);
    expect(r.frobeniusDistance).toBeCloseTo(frobenius(a, r.correlation), 14);
    expect(r.iterations).toBeGreaterThan(0);
    expectCorrelation(r.correlation, c.n);
  });

  it('2x2 closed form: the off-diagonal is clamped to [-1, 1]', () => {
    const r = nearestCorrelation(new Float64Array([1, 1.5, 1.5, 1]), 2);
    expect(r.correlation[1]).toBeCloseTo(1, 10);
    expect(r.frobeniusDistance).toBeCloseTo(Math.SQRT2 * 0.5, 10);
    expect(r.maxAbsChange).toBeCloseTo(0.5, 10);
    const s = nearestCorrelation(new Float64Array([2, -3, -3, 0.5]), 2);
    expect(Array.from(s.correlation).map((x) => Number(x.toFixed(9)))).toEqual([1, -1, -1, 1]);
  });

  it('returns a valid correlation matrix unchanged', () => {
    const c = new Float64Array([1, 0.5, 0.2, 0.5, 1, 0.3, 0.2, 0.3, 1]);
    const r = nearestCorrelation(c, 3);
    expect(Array.from(r.correlation)).toEqual(Array.from(c));
    expect(r.frobeniusDistance).toBe(0);
    expect(r.iterations).toBe(0);
  });

  it('random inputs: result is a correlation matrix no farther than the clip-and-rescale repair', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 8 }), fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 64, maxLength: 64 }), (n, raw) => {
        const a = new Float64Array(n * n);
        for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[i * n + j] = a[j * n + i] = raw[i * 8 + j];
        for (let i = 0; i < n; i++) a[i * n + i] = 1;
        const r = nearestCorrelation(a, n);
        expectCorrelation(r.correlation, n);
        // A feasible competitor: clip negative eigenvalues, rescale to unit diagonal.
        const { values, vectors } = symmetricEigen(a, n);
        const clip = new Float64Array(n * n);
        for (let k = 0; k < n; k++) {
          const l = Math.max(values[k], 1e-12);
          for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) clip[i * n + j] += vectors[i * n + k] * l * vectors[j * n + k];
        }
        const d = Array.from({ length: n }, (_, i) => Math.sqrt(clip[i * n + i]));
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) clip[i * n + j] /= d[i] * d[j];
        expect(r.frobeniusDistance).toBeLessThanOrEqual(frobenius(a, clip) + 1e-9);
      }),
      { numRuns: 100, seed: 17 },
    );
  });

  it('keeps a valid input with correlations a hair from -1 (a flaky case the random search found)', () => {
    const n = 6;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) a[i * n + i] = 1;
    const set = (i: number, j: number, v: number) => (a[i * n + j] = a[j * n + i] = v);
    set(2, 1, -0.9999999999500001);
    set(5, 1, 2.449494452963869e-10);
    set(5, 4, -0.9999999999999994);
    const r = nearestCorrelation(a, n);
    expectCorrelation(r.correlation, n);
    expect(r.iterations).toBe(0);
  });
});
