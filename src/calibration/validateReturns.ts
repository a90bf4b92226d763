/** Input checks shared by the volatility-model fits. */
import { InputError } from '../errors.js';

/** Fewer returns than this cannot identify a volatility model's parameters (the fits refuse them). */
export const MIN_RETURNS = 100;

/**
 * Copy `returns` into a Float64Array after checking the fit's preconditions.
 * @param returns log returns, one per period, oldest first.
 * @param minCount least number of returns accepted. Default MIN_RETURNS.
 * @returns a Float64Array copy of the returns.
 * @throws InputError `returns[17]: NaN: every return must be a finite number`, or
 *   `returns: 42 returns: a volatility fit needs at least 100`.
 * @example validateReturns([0.01, -0.02], 2) // Float64Array [0.01, -0.02]
 */
export function validateReturns(returns: ArrayLike<number>, minCount: number = MIN_RETURNS): Float64Array {
  if (returns === null || typeof returns !== 'object' || typeof returns.length !== 'number') {
    throw new InputError('returns must be an array of numbers', { file: '<api>', column: 'returns' });
  }
  const n = returns.length;
  if (n < minCount) {
    throw new InputError(`${n} returns: a volatility fit needs at least ${minCount}`, { file: '<api>', column: 'returns' });
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = returns[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new InputError(`${String(x)}: every return must be a finite number`, { file: '<api>', column: `returns[${i}]` });
    }
    out[i] = x;
  }
  return out;
}

/**
 * Check that a numeric option lies in [lo, hi] (and is an integer when `integer`).
 * @param name option name for the message.
 * @throws InputError `<api>: options.seedReturns: 0: must be an integer in [2, 98]`.
 * @example checkRange('seedReturns', 30, 2, 98, true) // returns; 0 would throw
 */
export function checkRange(name: string, value: number, lo: number, hi: number, integer = false): void {
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= lo && value <= hi && (!integer || Number.isInteger(value));
  if (!ok) {
    throw new InputError(`${String(value)}: must be ${integer ? 'an integer' : 'a number'} in [${lo}, ${hi}]`, {
      file: '<api>',
      column: `options.${name}`,
    });
  }
}
