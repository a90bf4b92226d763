// Nelder-Mead and Brent against functions with known minima.
import { describe, expect, it } from 'vitest';
import { brentMinimize } from '../../src/calibration/brentMinimize.js';
import { nelderMead } from '../../src/calibration/nelderMead.js';

describe('nelderMead', () => {
  it('finds the Rosenbrock minimum (1, 1) from (-1.2, 1)', () => {
    const res = nelderMead((x) => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2, [-1.2, 1], { tolX: 1e-10, tolF: 1e-16 });
    expect(res.converged).toBe(true);
    expect(res.x[0]).toBeCloseTo(1, 7);
    expect(res.x[1]).toBeCloseTo(1, 7);
    expect(res.fx).toBeLessThan(1e-14);
  });

  it('finds the minimum of a badly scaled 4-d quadratic', () => {
    const c = [3, -1, 0.5, 2];
    const w = [1, 100, 0.01, 10];
    const f = (x: Float64Array): number => x.reduce((s, xi, i) => s + w[i] * (xi - c[i]) ** 2, 0);
    const res = nelderMead(f, [0, 0, 0, 0], { tolX: 1e-9, tolF: 1e-18 });
    expect(res.converged).toBe(true);
    for (let i = 0; i < 4; i++) expect(res.x[i]).toBeCloseTo(c[i], 6);
  });

  it('treats NaN as +Infinity and stays in the finite region', () => {
    const f = (x: Float64Array): number => (x[0] < 0 ? NaN : (x[0] - 2) ** 2 + x[1] ** 2);
    const res = nelderMead(f, [0.1, 0.3]);
    expect(res.x[0]).toBeCloseTo(2, 6);
    expect(res.x[1]).toBeCloseTo(0, 6);
  });

  it('reports non-convergence when out of iterations', () => {
    const res = nelderMead((x) => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2, [-1.2, 1], { maxIterations: 10 });
    expect(res.converged).toBe(false);
    expect(res.iterations).toBe(10);
  });

  it('is deterministic', () => {
    const f = (x: Float64Array): number => Math.cos(3 * x[0]) + (x[0] - x[1]) ** 2 + 0.1 * x[1] ** 2;
    const a = nelderMead(f, [0.3, -0.2]);
    const b = nelderMead(f, [0.3, -0.2]);
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(a.evaluations).toBe(b.evaluations);
  });
});

describe('brentMinimize', () => {
  it('finds an interior minimum: -sin on [0, 3] at π/2', () => {
    const res = brentMinimize((x) => -Math.sin(x), 0, 3);
    expect(res.converged).toBe(true);
    expect(Math.abs(res.x - Math.PI / 2)).toBeLessThan(1e-7); // flat minimum: x error ~ sqrt(ε)
  });

  it('finds the minimum of a parabola to the tolerance', () => {
    const res = brentMinimize((x) => (x - 0.3) ** 2 + 1, 0, 1, { tolX: 1e-12 });
    expect(Math.abs(res.x - 0.3)).toBeLessThan(1e-7);
    expect(res.fx).toBeCloseTo(1, 14);
  });

  it('approaches a boundary minimum', () => {
    const res = brentMinimize((x) => x, 0.8, 0.999);
    expect(res.x - 0.8).toBeLessThan(3e-8); // within 2 tol = 2 (sqrt(ε)·0.8 + 1e-10/3) ≈ 2.4e-8
    expect(res.x).toBeGreaterThanOrEqual(0.8);
  });

  it('finds x ln x minimum at 1/e (asymmetric function)', () => {
    const res = brentMinimize((x) => x * Math.log(x), 0.01, 2);
    expect(Math.abs(res.x - 1 / Math.E)).toBeLessThan(1e-7);
  });
});
