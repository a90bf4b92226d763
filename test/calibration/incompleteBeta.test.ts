// Regularized incomplete beta and its inverse against scipy.special.betainc / betaincinv
// (test/fixtures/skewt.json, made by make_skewt_fixtures.py), plus identities.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inverseRegularizedIncompleteBeta, regularizedIncompleteBeta } from '../../src/calibration/incompleteBeta.js';
import { InputError } from '../../src/errors.js';

const fx = JSON.parse(readFileSync(new URL('../fixtures/skewt.json', import.meta.url), 'utf8')) as {
  betainc: { x: number; a: number; b: number; value: number }[];
  betaincinv: { p: number; a: number; b: number; x: number }[];
};

describe('regularizedIncompleteBeta', () => {
  it(`matches scipy.special.betainc at ${fx.betainc.length} points (1e-13 relative, 1e-15 absolute)`, () => {
    for (const { x, a, b, value } of fx.betainc) {
      const got = regularizedIncompleteBeta(x, a, b);
      expect(Math.abs(got - value), `I_${x}(${a}, ${b}) = ${got}, scipy ${value}`).toBeLessThanOrEqual(1e-13 * value + 1e-15);
    }
  });

  it('closed forms and the symmetry I_x(a, b) = 1 - I_{1-x}(b, a)', () => {
    expect(Math.abs(regularizedIncompleteBeta(0.5, 2, 3) - 0.6875)).toBeLessThan(2e-15);
    expect(regularizedIncompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 15); // uniform
    expect(regularizedIncompleteBeta(0.25, 0.5, 0.5)).toBeCloseTo((2 / Math.PI) * Math.asin(0.5), 15); // arcsine law
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
    for (const [x, a, b] of [[0.2, 3.5, 0.5], [0.7, 1.25, 9], [0.45, 40, 60]]) {
      expect(regularizedIncompleteBeta(x, a, b) + regularizedIncompleteBeta(1 - x, b, a)).toBeCloseTo(1, 14);
    }
  });
});

describe('inverseRegularizedIncompleteBeta', () => {
  it(`matches scipy.special.betaincinv at ${fx.betaincinv.length} points (1e-11 relative)`, () => {
    for (const { p, a, b, x } of fx.betaincinv) {
      const got = inverseRegularizedIncompleteBeta(p, a, b);
      expect(Math.abs(got - x), `I⁻¹_${p}(${a}, ${b}) = ${got}, scipy ${x}`).toBeLessThanOrEqual(1e-11 * x + 1e-300);
    }
  });

  it('the root is bracketed within 1e-14 relative in x (p from 1e-12 to 1 - 1e-9)', () => {
    for (const [a, b] of [[0.5, 0.5], [1.25, 0.5], [0.5, 25], [5, 1], [25, 0.5], [250, 0.5]]) {
      for (const p of [1e-12, 1e-6, 0.003, 0.2, 0.5, 0.77, 0.999, 1 - 1e-9]) {
        const x = inverseRegularizedIncompleteBeta(p, a, b);
        const below = regularizedIncompleteBeta(x * (1 - 1e-14), a, b);
        const above = regularizedIncompleteBeta(Math.min(1, x * (1 + 1e-14)), a, b);
        expect(below, `a ${a}, b ${b}, p ${p}, x ${x}`).toBeLessThanOrEqual(p);
        expect(above, `a ${a}, b ${b}, p ${p}, x ${x}`).toBeGreaterThanOrEqual(p);
      }
    }
    expect(inverseRegularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(inverseRegularizedIncompleteBeta(1, 2, 3)).toBe(1);
  });

  it('bad inputs raise InputError', () => {
    expect(() => regularizedIncompleteBeta(1.5, 2, 3)).toThrow(InputError);
    expect(() => regularizedIncompleteBeta(1.5, 2, 3)).toThrow('<api>: x: 1.5: x must be in [0, 1]');
    expect(() => regularizedIncompleteBeta(0.5, 0, 3)).toThrow('<api>: a: 0: shape a must be a finite number > 0');
    expect(() => regularizedIncompleteBeta(0.5, 2, NaN)).toThrow('<api>: b: NaN: shape b must be a finite number > 0');
    expect(() => inverseRegularizedIncompleteBeta(-0.1, 2, 3)).toThrow('<api>: p: -0.1: probability must be in [0, 1]');
  });
});
