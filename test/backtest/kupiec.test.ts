// Kupiec POF against SciPy (fixture, written with xlogy as -2 [ln L(p) - ln L(phat)]) and hand values.
import { describe, expect, it } from 'vitest';
import { kupiecPof } from '../../src/backtest/kupiec.js';
import { InputError } from '../../src/errors.js';
import { close, fixture } from './fixture.js';

describe('kupiecPof', () => {
  it('matches the SciPy reference for n = 250 at 99% (x = 0..12, 250) and other cases', () => {
    for (const c of fixture.kupiec) {
      const r = kupiecPof(c.n, c.x, c.coverage);
      expect(close(r.lr, c.lr, 1e-12, 1e-14), `LR(n=${c.n}, x=${c.x})`).toBe(true);
      expect(close(r.pValue, c.pValue, 1e-11, 1e-14), `p(n=${c.n}, x=${c.x})`).toBe(true);
    }
    expect(fixture.kupiec.map((c) => c.x).slice(0, 6)).toEqual([0, 1, 2, 4, 7, 12]);
  });

  it('gives the closed forms at the ends: x = 0 -> -2 n ln(1-p), x = n -> -2 n ln p', () => {
    expect(kupiecPof(250, 0, 0.99).lr).toBeCloseTo(-2 * 250 * Math.log(0.99), 12);
    expect(kupiecPof(250, 250, 0.99).lr).toBeCloseTo(-2 * 250 * Math.log(0.01), 10);
    const none = kupiecPof(250, 0, 0.99);
    const all = kupiecPof(250, 250, 0.99);
    for (const v of [none.lr, none.pValue, all.lr, all.pValue]) expect(Number.isFinite(v)).toBe(true);
    expect(all.pValue).toBeLessThan(1e-200);
  });

  it('is 0 with p-value 1 when the observed rate equals the expected one', () => {
    const equal = kupiecPof(1000, 10, 0.99); // phat = 0.01 = p up to rounding of 1 - 0.99
    expect(equal.lr).toBeLessThan(1e-13);
    expect(equal.pValue).toBeGreaterThan(0.9999);
    expect(kupiecPof(400, 10, 0.975).lr).toBeLessThan(1e-13);
  });

  it('rejects impossible counts and coverage', () => {
    expect(() => kupiecPof(0, 0, 0.99)).toThrow(InputError);
    expect(() => kupiecPof(250, 251, 0.99)).toThrow(/exceptions: must be an integer in \[0, 250\]; got 251/);
    expect(() => kupiecPof(250, 2.5, 0.99)).toThrow(/exceptions/);
    expect(() => kupiecPof(250, 2, 99)).toThrow(/coverage: must be a number strictly between 0 and 1; got 99/);
    expect(() => kupiecPof(250, 2, 1)).toThrow(InputError);
  });
});
