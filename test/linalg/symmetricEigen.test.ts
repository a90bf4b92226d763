import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { symmetricEigen } from '../../src/linalg/symmetricEigen.js';
import { fcParams } from '../properties/randomBook.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/linalg_eigen.json', import.meta.url), 'utf8')) as {
  cases: { n: number; a: number[]; values: number[] }[];
};

/** max |V diag(d) Vᵀ − A| and max |Vᵀ V − I|. */
function residuals(a: Float64Array, n: number): { reconstruction: number; orthogonality: number } {
  const { values, vectors: v } = symmetricEigen(a, n);
  let reconstruction = 0;
  let orthogonality = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let o = 0;
      for (let k = 0; k < n; k++) {
        s += v[i * n + k] * values[k] * v[j * n + k];
        o += v[k * n + i] * v[k * n + j];
      }
      reconstruction = Math.max(reconstruction, Math.abs(s - a[i * n + j]));
      orthogonality = Math.max(orthogonality, Math.abs(o - (i === j ? 1 : 0)));
    }
  }
  return { reconstruction, orthogonality };
}

describe('symmetricEigen', () => {
  it.each(fixture.cases.map((c) => [c.n, c]))('matches numpy.linalg.eigvalsh (n=%i)', (_n, c) => {
    const a = Float64Array.from(c.a);
    const { values } = symmetricEigen(a, c.n);
    values.forEach((x, k) => expect(x).toBeCloseTo(c.values[k], 12));
    const r = residuals(a, c.n);
    expect(r.reconstruction).toBeLessThan(1e-12);
    expect(r.orthogonality).toBeLessThan(1e-12);
  });

  it('2x2 closed form: eigenvalues of [[a, b], [b, c]] are (a+c)/2 ± sqrt(((a-c)/2)² + b²)', () => {
    const { values } = symmetricEigen(new Float64Array([2, 1, 1, 2]), 2);
    expect(values[0]).toBeCloseTo(1, 14);
    expect(values[1]).toBeCloseTo(3, 14);
  });

  it('reconstructs random symmetric matrices with orthonormal vectors', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 144, maxLength: 144 }), (n, raw) => {
        const a = new Float64Array(n * n);
        for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = raw[i * 12 + j];
        const { values } = symmetricEigen(a, n);
        for (let k = 1; k < n; k++) expect(values[k]).toBeGreaterThanOrEqual(values[k - 1]);
        const r = residuals(a, n);
        expect(r.reconstruction).toBeLessThan(1e-11);
        expect(r.orthogonality).toBeLessThan(1e-12);
      }),
      fcParams(200),
    );
  });
});
