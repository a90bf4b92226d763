/** Entry-wise validation of a correlation matrix (shape, finiteness, unit diagonal, range, symmetry). */
import { InputError } from '../errors.js';

/** Absolute tolerance for symmetry, the unit diagonal and the [-1, 1] range. */
export const CORRELATION_TOLERANCE = 1e-9;

/**
 * Check that `c` (n*n row-major) is a correlation matrix entry by entry. Positive semi-definiteness
 * is not checked here: `cholesky` does that.
 * @param symbols names of the rows (for messages); may be shorter than n.
 * @param file file name for messages, e.g. "market.json".
 * @throws InputError naming the first offending entry in row-major order, e.g.
 *   `market.json: correlation[3][7] = 0.5 but correlation[7][3] = 0.4: not symmetric (C003, C007)`.
 * @example checkCorrelation(new Float64Array([1, 0.5, 0.5, 1]), 2, ['BTC', 'ETH'], 'market.json') // ok
 */
export function checkCorrelation(c: Float64Array, n: number, symbols: readonly string[], file: string): void {
  const fail = (problem: string): never => {
    throw new InputError(problem, { file });
  };
  if (!Number.isInteger(n) || n < 0 || c.length !== n * n) {
    fail(`correlation: must be ${n} x ${n} (${n * n} entries); got ${c.length} entries`);
  }
  const name = (i: number): string => symbols[i] ?? `#${i}`;
  const at = (i: number, j: number): string => `correlation[${i}][${j}]`;
  const tol = CORRELATION_TOLERANCE;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = c[i * n + j];
      if (!Number.isFinite(x)) fail(`${at(i, j)} = ${x}: must be a finite number (${name(i)}, ${name(j)})`);
      if (i === j) {
        if (Math.abs(x - 1) > tol) fail(`${at(i, i)} = ${x}: diagonal must be 1 (${name(i)})`);
        continue;
      }
      if (Math.abs(x) > 1 + tol) fail(`${at(i, j)} = ${x}: must be in [-1, 1] (${name(i)}, ${name(j)})`);
      if (j > i) {
        const y = c[j * n + i];
        if (Number.isFinite(y) && Math.abs(x - y) > tol) {
          fail(`${at(i, j)} = ${x} but ${at(j, i)} = ${y}: not symmetric (${name(i)}, ${name(j)})`);
        }
      }
    }
  }
}
