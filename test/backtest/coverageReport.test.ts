// exceptionsOf and coverageReport: the report shape downstream code relies on, values tied to the
// SciPy fixture, and input errors.
import { describe, expect, it } from 'vitest';
import { christoffersen } from '../../src/backtest/christoffersen.js';
import { coverageReport } from '../../src/backtest/coverageReport.js';
import { exceptionsOf } from '../../src/backtest/exceptions.js';
import { InputError } from '../../src/errors.js';
import { close, fixture } from './fixture.js';

/** 250 days of requirement 10 with losses above it on the given days (and one loss exactly at it). */
function book(exceptionDays: number[]) {
  const requirements = new Float64Array(250).fill(10);
  const losses = Float64Array.from({ length: 250 }, (_, t) => ((t * 37) % 19) - 9); // in [-9, 9]
  losses[200] = 10; // equal to the requirement: covered
  for (const t of exceptionDays) losses[t] = 10.5 + t;
  return { losses, requirements };
}

describe('exceptionsOf', () => {
  it('flags loss > requirement only', () => {
    expect(exceptionsOf([1, 5, 3, -2], [4, 4, 3, -3])).toEqual([false, true, false, true]);
  });

  it('rejects empty, mismatched and non-finite input with the array and index named', () => {
    expect(() => exceptionsOf([], [])).toThrow('<api>: losses: is empty; need at least one observation');
    expect(() => exceptionsOf([1, 2], [1])).toThrow('<api>: requirements: has 1 entries but losses has 2; losses, requirements must have one length');
    expect(() => exceptionsOf([1, 2], [1, Number.NaN])).toThrow('<api>: requirements[1]: must be a finite number; got NaN');
    expect(() => exceptionsOf([1, '2' as unknown as number], [1, 1])).toThrow(/losses\[1\]: must be a finite number; got 2/);
  });
});

describe('coverageReport', () => {
  it('reports 250 days with 4 exceptions: counts, Kupiec from the fixture, Christoffersen, green', () => {
    const { losses, requirements } = book([13, 80, 81, 170]);
    const r = coverageReport(losses, requirements, 0.99);
    expect(Object.keys(r)).toEqual(['observations', 'exceptions', 'kupiec', 'christoffersen', 'zone']);
    expect(Object.keys(r.kupiec)).toEqual(['lr', 'pValue']);
    expect(Object.keys(r.christoffersen)).toEqual(['lrInd', 'pValueInd', 'lrCc', 'pValueCc']);
    expect(r.observations).toBe(250);
    expect(r.exceptions).toBe(4);
    const ref = fixture.kupiec.find((c) => c.n === 250 && c.x === 4 && c.coverage === 0.99)!;
    expect(close(r.kupiec.lr, ref.lr, 1e-12)).toBe(true);
    expect(close(r.kupiec.pValue, ref.pValue, 1e-11)).toBe(true);
    const flags = Array.from({ length: 250 }, (_, t) => [13, 80, 81, 170].includes(t));
    expect(r.christoffersen).toEqual(christoffersen(flags, 0.99));
    expect(r.christoffersen.lrCc).toBeCloseTo(r.kupiec.lr + r.christoffersen.lrInd, 13);
    expect(r.zone).toBe('green');
  });

  it('moves to yellow at 5 and red at 10 exceptions', () => {
    const days = [3, 30, 60, 90, 120, 150, 180, 210, 230, 240];
    const yellow = book(days.slice(0, 5));
    expect(coverageReport(yellow.losses, yellow.requirements, 0.99).zone).toBe('yellow');
    const red = book(days);
    const r = coverageReport(red.losses, red.requirements, 0.99);
    expect(r.exceptions).toBe(10);
    expect(r.zone).toBe('red');
  });

  it('rejects bad input', () => {
    expect(() => coverageReport([], [], 0.99)).toThrow(InputError);
    expect(() => coverageReport([1, 2], [1, 2, 3], 0.99)).toThrow(/requirements: has 3 entries but losses has 2/);
    expect(() => coverageReport([1, Infinity], [1, 2], 0.99)).toThrow(/losses\[1\]: must be a finite number; got Infinity/);
    expect(() => coverageReport([1, 2], [1, 2], 99)).toThrow(/coverage/);
  });
});
