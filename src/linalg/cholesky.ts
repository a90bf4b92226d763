/** Cholesky factor of a positive semi-definite matrix, with a documented pivot tolerance. */
import { InputError } from '../errors.js';
import { symmetricEigen } from './symmetricEigen.js';

/**
 * Relative pivot tolerance τ. With s = max diagonal entry, a pivot d (diagonal of the Schur
 * complement) is taken as 0 when |d| <= τ·s: its column of L is zeroed. A pivot below -τ·s means
 * the matrix is not positive semi-definite. When a pivot is zeroed, every residual r_ij of that
 * column must be negligible too, |r_ij| <= δ·s (δ = CHOLESKY_EIGENVALUE_FLOOR); otherwise the
 * eigenvalue check below decides. So rank-deficient matrices (e.g. two assets with correlation
 * exactly 1) factor directly, with L Lᵀ equal to the input up to rounding.
 */
export const CHOLESKY_PIVOT_TOLERANCE = 1e-10;

/**
 * Relative eigenvalue floor δ for the fallback. Unpivoted Cholesky of a numerically singular PSD
 * matrix can break down on rounding or meet a zero pivot with a small non-zero residual (a pivot of 1e-9 amplifies errors of 1e-16 to 1e-7 in later
 * pivots; Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., §10.3). When that happens
 * and the smallest eigenvalue is >= -τ·s, the matrix is replaced by V max(Λ, δ·s) Vᵀ rescaled to
 * the original diagonal, and factored again: L Lᵀ then differs from the input by about δ·s.
 */
export const CHOLESKY_EIGENVALUE_FLOOR = 1e-8;

export interface CholeskyLabels {
  /** Row names for messages, e.g. the market's symbols. */
  symbols?: readonly string[];
  /** File name for messages. */
  file?: string;
}

/**
 * Lower-triangular L with L Lᵀ = c (Cholesky–Crout, column by column; Golub & Van Loan 4th ed.
 * §4.2), extended to semi-definite matrices as described at CHOLESKY_PIVOT_TOLERANCE and
 * CHOLESKY_EIGENVALUE_FLOOR. For positive definite input it equals LAPACK dpotrf's factor.
 * @param c symmetric n*n row-major matrix (only the lower triangle is read).
 * @returns L, n*n row-major, zeros above the diagonal.
 * @throws InputError `not positive semi-definite: Cholesky pivot 17 (C017) is -0.0021 (smallest
 *   eigenvalue -0.0135)` (pivot index 0-based).
 * @example cholesky(new Float64Array([1, 1, 1, 1]), 2) // Float64Array [1, 0, 1, 0]
 */
export function cholesky(c: Float64Array, n: number, labels: CholeskyLabels = {}): Float64Array {
  if (c.length < n * n) throw new RangeError(`cholesky: expected ${n * n} entries, got ${c.length}`);
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(c[i * n + i]));
  const first = choleskyAttempt(c, n, scale, labels.symbols);
  if (first instanceof Float64Array) return first;

  const sym = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) sym[i * n + j] = sym[j * n + i] = c[i * n + j];
  const eigen = Number.isFinite(first.pivot) ? symmetricEigen(sym, n) : undefined;
  const smallest = eigen ? eigen.values[0] : NaN;
  if (eigen && smallest >= -CHOLESKY_PIVOT_TOLERANCE * scale) {
    const retry = choleskyAttempt(liftEigenvalues(sym, eigen.values, eigen.vectors, n, CHOLESKY_EIGENVALUE_FLOOR * scale), n, scale);
    if (retry instanceof Float64Array) return retry;
  }
  throw new InputError(`not positive semi-definite: ${first.problem} (smallest eigenvalue ${fmt(smallest)})`, { file: labels.file });
}

/** Unpivoted factorization with the zero-pivot rule; returns L or the first failure. */
function choleskyAttempt(
  c: Float64Array,
  n: number,
  scale: number,
  symbols?: readonly string[],
): Float64Array | { problem: string; pivot: number } {
  const l = new Float64Array(n * n);
  const tol = CHOLESKY_PIVOT_TOLERANCE * scale;
  const residualTol = CHOLESKY_EIGENVALUE_FLOOR * scale;
  const name = (i: number): string => (symbols?.[i] !== undefined ? ` (${symbols[i]})` : '');
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let d = c[rowJ + j];
    for (let k = 0; k < j; k++) d -= l[rowJ + k] * l[rowJ + k];
    if (!(d >= -tol)) return { problem: `Cholesky pivot ${j}${name(j)} is ${fmt(d)}`, pivot: d };
    if (d > tol) {
      const ljj = Math.sqrt(d);
      l[rowJ + j] = ljj;
      for (let i = j + 1; i < n; i++) {
        const rowI = i * n;
        let r = c[rowI + j];
        for (let k = 0; k < j; k++) r -= l[rowI + k] * l[rowJ + k];
        l[rowI + j] = r / ljj;
      }
      continue;
    }
    // Zero pivot: the column stays zero, provided its residuals are negligible too.
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      let r = c[rowI + j];
      for (let k = 0; k < j; k++) r -= l[rowI + k] * l[rowJ + k];
      if (!(Math.abs(r) <= residualTol)) {
        return { problem: `Cholesky pivot ${j}${name(j)} is ${fmt(d)} but its residual with ${i}${name(i)} is ${fmt(r)}`, pivot: d };
      }
    }
  }
  return l;
}

/** V max(Λ, floor) Vᵀ, rescaled so its diagonal equals that of `c`. */
function liftEigenvalues(c: Float64Array, values: Float64Array, vectors: Float64Array, n: number, floor: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const lambda = Math.max(values[k], floor);
    for (let i = 0; i < n; i++) {
      const vi = vectors[i * n + k] * lambda;
      for (let j = 0; j <= i; j++) out[i * n + j] += vi * vectors[j * n + k];
    }
  }
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) s[i] = Math.sqrt(c[i * n + i] / out[i * n + i]);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) out[j * n + i] = out[i * n + j] = out[i * n + j] * s[i] * s[j];
  }
  return out;
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(3)));
}
