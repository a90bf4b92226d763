// Bad input -> InputError naming the place and the rule.
import { describe, expect, it } from 'vitest';
import { compareVolModels } from '../../src/calibration/compareVolModels.js';
import { fitEwmaLambda } from '../../src/calibration/fitEwmaLambda.js';
import { fitGarch11 } from '../../src/calibration/fitGarch11.js';
import { InputError } from '../../src/errors.js';
import { Rng } from './simulate.js';

const rng = new Rng(5);
const good = Array.from({ length: 200 }, () => 0.02 * rng.normal());

describe('input validation', () => {
  const fits = [
    ['fitEwmaLambda', (r: ArrayLike<number>) => fitEwmaLambda(r)],
    ['fitGarch11', (r: ArrayLike<number>) => fitGarch11(r)],
    ['compareVolModels', (r: ArrayLike<number>) => compareVolModels(r)],
  ] as const;
  for (const [name, fit] of fits) {
    it(`${name}: too few returns`, () => {
      expect(() => fit(good.slice(0, 99))).toThrow(InputError);
      expect(() => fit(good.slice(0, 99))).toThrow('<api>: returns: 99 returns: a volatility fit needs at least 100');
    });
    it(`${name}: names the index of a non-finite return`, () => {
      for (const bad of [NaN, Infinity, -Infinity]) {
        const r = good.slice();
        r[17] = bad;
        expect(() => fit(r)).toThrow(`<api>: returns[17]: ${bad}: every return must be a finite number`);
      }
    });
  }

  it('accepts exactly 100 returns and typed arrays', () => {
    expect(fitEwmaLambda(Float64Array.from(good.slice(0, 100))).observations).toBe(70);
    expect(fitGarch11(good.slice(0, 100)).observations).toBe(100);
  });

  it('rejects bad options', () => {
    expect(() => fitEwmaLambda(good, { seedReturns: 1 })).toThrow('<api>: options.seedReturns: 1: must be an integer in [2, 100]');
    expect(() => fitEwmaLambda(good, { seedReturns: 2.5 })).toThrow('options.seedReturns');
    expect(() => fitEwmaLambda(good, { lambdaBounds: [0.99, 0.9] })).toThrow('options.lambdaBounds: [0.99, 0.9]: lower bound must be below upper bound');
    expect(() => fitEwmaLambda(good, { lambdaBounds: [0.5, 1] })).toThrow('options.lambdaBounds[1]: 1: must be a number in');
    expect(() => fitEwmaLambda(good, { distribution: 'cauchy' as 'normal' })).toThrow('options.distribution: "cauchy": must be "normal" or "student-t"');
    expect(() => fitGarch11(good, { mean: 'ar1' as 'zero' })).toThrow('options.mean: "ar1": must be "zero" or "constant"');
    expect(() => fitGarch11(good, { likelihoodStart: -1 })).toThrow('options.likelihoodStart: -1: must be an integer in [0, 100]');
  });

  it('rejects degenerate data', () => {
    expect(() => fitGarch11(new Array(150).fill(0.01))).toThrow('all returns are equal');
    const r = good.slice();
    r.fill(0, 0, 30);
    expect(() => fitEwmaLambda(r)).toThrow('the first 30 returns are all 0: the seed variance must be > 0');
  });

  it('rejects something that is not an array', () => {
    expect(() => fitGarch11(null as unknown as number[])).toThrow('returns must be an array of numbers');
  });
});
