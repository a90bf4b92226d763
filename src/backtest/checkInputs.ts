/**
 * Argument checks shared by the backtest statistics. Each failure is an `InputError` whose
 * column names the argument (and the index, e.g. `losses[17]`) and states the rule broken.
 */
import { InputError } from '../errors.js';

const API = '<api>';

/** Throws unless `values` is a non-empty array of finite numbers. */
export function checkFiniteSeries(name: string, values: ArrayLike<number>): void {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new InputError('must be an array of numbers', { file: API, column: name });
  }
  if (values.length === 0) throw new InputError('is empty; need at least one observation', { file: API, column: name });
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new InputError(`must be a finite number; got ${String(v)}`, { file: API, column: `${name}[${i}]` });
    }
  }
}

/** Throws unless every array in `named` (name -> array) has the length of the first one. */
export function checkSameLength(named: Record<string, ArrayLike<unknown>>): void {
  const entries = Object.entries(named);
  const [firstName, first] = entries[0];
  for (const [name, values] of entries.slice(1)) {
    if (values.length !== first.length) {
      throw new InputError(
        `has ${values.length} entries but ${firstName} has ${first.length}; ${entries.map(([n]) => n).join(', ')} must have one length`,
        { file: API, column: name },
      );
    }
  }
}

/** Throws unless `value` is a probability strictly inside (0, 1). */
export function checkOpenProbability(name: string, value: number): void {
  if (typeof value !== 'number' || !(value > 0 && value < 1)) {
    throw new InputError(`must be a number strictly between 0 and 1; got ${String(value)}`, { file: API, column: name });
  }
}

/** Throws unless `value` is an integer in [min, max]. */
export function checkInteger(name: string, value: number, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InputError(`must be an integer in [${min}, ${max}]; got ${String(value)}`, { file: API, column: name });
  }
}

/** Throws an InputError at `column` with `problem` (for checks specific to one function). */
export function inputError(column: string, problem: string): InputError {
  return new InputError(problem, { file: API, column });
}
