import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cholesky } from '../../src/linalg/cholesky.js';
import { InputError } from '../../src/errors.js';
import { nearestCorrelation } from '../../src/linalg/nearestCorrelation.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/linalg_cholesky.json', import.meta.url), 'utf8')) as {
  cases: { n: number; c: number[]; l: number[] }[];
};

function maxReconstructionError(l: Float64Array, c: Float64Array, n: number): number {
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += l[i * n + k] * l[j * n + k];
      worst = Math.max(worst, Math.abs(s - c[i * n + j]));
    }
  }
  return worst;
}

describe('cholesky', () => {
  it.each(fixture.cases.map((c) => [c.n, c]))('matches numpy.linalg.cholesky to 1e-12 (n=%i)', (_n, c) => {
    const l = cholesky(Float64Array.from(c.c), c.n);
    let worst = 0;
    l.forEach((x, k) => (worst = Math.max(worst, Math.abs(x - c.l[k]))));
    expect(worst).toBeLessThan(1e-12);
  });

  it('2x2 closed form: L = [[1, 0], [ρ, sqrt(1-ρ²)]]', () => {
    const l = cholesky(new Float64Array([1, 0.6, 0.6, 1]), 2);
    expect(Array.from(l)).toEqual([1, 0, 0.6, 0.8]);
  });

  it('accepts identical assets (correlation 1, rank 1) and zeroes the dependent column', () => {
    const c = new Float64Array([1, 1, 0.3, 1, 1, 0.3, 0.3, 0.3, 1]);
    const l = cholesky(c, 3);
    expect(l[1 * 3 + 1]).toBe(0);
    expect(l[2 * 3 + 1]).toBe(0);
    expect(maxReconstructionError(l, c, 3)).toBeLessThan(1e-15);
  });

  it('accepts a rank-deficient matrix from a 2-factor model (n=6)', () => {
    const b = [
      [0.9, 0.1], [0.5, 0.7], [0.3, -0.6], [0.8, 0.2], [-0.4, 0.5], [0.6, 0.6],
    ].map(([x, y]) => { const s = Math.hypot(x, y); return [x / s, y / s]; });
    const n = b.length;
    const c = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) c[i * n + j] = i === j ? 1 : b[i][0] * b[j][0] + b[i][1] * b[j][1];
    const l = cholesky(c, n);
    expect(maxReconstructionError(l, c, n)).toBeLessThan(1e-12);
  });

  it('rejects an indefinite matrix naming the pivot and symbol', () => {
    // [[1, .9, .9], [.9, 1, -.9], [.9, -.9, 1]] has eigenvalue -0.8; pivot 2 = 1 - .81 - (-.9-.81)²/.19
    const c = new Float64Array([1, 0.9, 0.9, 0.9, 1, -0.9, 0.9, -0.9, 1]);
    const pivot = 1 - 0.81 - (-0.9 - 0.81) ** 2 / 0.19;
    expect(() => cholesky(c, 3, { symbols: ['A', 'B', 'C'], file: 'market.json' })).toThrow(
      `market.json: not positive semi-definite: Cholesky pivot 2 (C) is ${Number(pivot.toPrecision(3))}`,
    );
    expect(() => cholesky(c, 3)).toThrow(InputError);
  });

  it('rejects a zero pivot whose residual is not negligible', () => {
    // [[1, 1, 0], [1, 1, 0.5], [0, 0.5, 1]]: pivot 1 is 0 but its residual with 2 is 0.5.
    const c = new Float64Array([1, 1, 0, 1, 1, 0.5, 0, 0.5, 1]);
    expect(() => cholesky(c, 3, { symbols: ['X', 'Y', 'Z'] })).toThrow(
      'not positive semi-definite: Cholesky pivot 1 (Y) is 0 but its residual with 2 (Z) is 0.5',
    );
  });

  it('treats a tiny negative pivot within tolerance as zero', () => {
    const c = new Float64Array([1, 1 - 1e-12, 1 - 1e-12, 1]); // eigenvalue 1e-12 > 0 but pivot ~ 2e-12
    expect(() => cholesky(c, 2)).not.toThrow();
    const d = new Float64Array([1, 1 + 1e-12, 1 + 1e-12, 1]); // eigenvalue -1e-12: within tolerance
    expect(() => cholesky(d, 2)).not.toThrow();
    const e = new Float64Array([1, 1 + 1e-6, 1 + 1e-6, 1]); // eigenvalue -1e-6: rejected
    expect(() => cholesky(e, 2)).toThrow('Cholesky pivot 1 is -0.000002 (smallest eigenvalue -0.000001)');
  });

  it.each([1, -1])('factors a numerically singular PSD matrix where plain Cholesky breaks down on rounding (noise sign %i)', (sign) => {
    // Rank 2: unit vectors at angles 0, θ, φ with θ = 3.2e-5 (pivot 1 = sin²θ ≈ 1e-9), plus 3e-14
    // of noise: pivot 2 is 0 in exact arithmetic but the noise, divided by sin θ, moves it by ~±4e-9.
    const theta = 3.2e-5;
    const phi = 0.7;
    const angles = [0, theta, phi];
    const c = new Float64Array(9);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) c[i * 3 + j] = i === j ? 1 : Math.cos(angles[i] - angles[j]);
    c[2 * 3 + 1] = c[1 * 3 + 2] = c[1 * 3 + 2] + sign * 3e-14;
    const l = cholesky(c, 3);
    expect(maxReconstructionError(l, c, 3)).toBeLessThan(1e-7);
  });

  it('factors the nearest correlation matrix of random inconsistent inputs', () => {
    const n = 8;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) a[i * n + i] = 1;
    a[4 * n + 3] = a[3 * n + 4] = -0.9999999;
    a[7 * n + 4] = a[4 * n + 7] = -0.3;
    a[7 * n + 3] = a[3 * n + 7] = -0.3;
    const c = nearestCorrelation(a, n).correlation;
    const l = cholesky(c, n);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(l[i * n + j]).toBe(0);
    expect(maxReconstructionError(l, c, n)).toBeLessThan(1e-7);
  });
});
