/**
 * Nearest correlation matrix in the Frobenius norm: N. J. Higham, "Computing the nearest correlation
 * matrix — a problem from finance", IMA J. Numer. Anal. 22 (2002) 329-343, Algorithm 3.3
 * (alternating projections onto the PSD cone and the unit-diagonal set, with Dykstra's correction
 * applied to the PSD projection).
 */
import { cholesky } from './cholesky.js';
import { checkCorrelation } from './checkCorrelation.js';
import { symmetricEigen } from './symmetricEigen.js';

export interface NearestCorrelationOptions {
  /** (number > 0) stop when successive iterates and the two projections agree to this relative
   * Frobenius tolerance. Default 1e-12. */
  tolerance?: number;
  /** (integer >= 1) iteration cap; exceeding it throws. Default 10000. */
  maxIterations?: number;
}

export interface NearestCorrelation {
  /** The repaired matrix, n*n row-major: symmetric, unit diagonal, entries in [-1, 1], PSD. */
  correlation: Float64Array;
  /** ‖input − result‖_F. */
  frobeniusDistance: number;
  /** max |input_ij − result_ij|. */
  maxAbsChange: number;
  /** Iterations run (0 when the input was already a valid correlation matrix). */
  iterations: number;
}

/**
 * Repair `a` (n*n row-major) into the nearest correlation matrix. A non-symmetric input is first
 * replaced by (A + Aᵀ)/2, which has the same nearest correlation matrix. An input that already
 * passes `checkCorrelation` and `cholesky` is returned unchanged (a copy) with distance 0.
 * @throws Error when not converged within `maxIterations` or the input has non-finite entries.
 * @example nearestCorrelation(new Float64Array([1, 2, 2, 1]), 2).correlation // [1, 1, 1, 1]
 */
export function nearestCorrelation(a: Float64Array, n: number, options: NearestCorrelationOptions = {}): NearestCorrelation {
  const tolerance = options.tolerance ?? 1e-12;
  const maxIterations = options.maxIterations ?? 10_000;
  const size = n * n;
  if (a.length !== size) throw new RangeError(`nearestCorrelation: expected ${size} entries, got ${a.length}`);
  for (let i = 0; i < size; i++) {
    if (!Number.isFinite(a[i])) throw new RangeError(`nearestCorrelation: entry ${i} is ${a[i]}`);
  }
  if (isValidCorrelation(a, n)) {
    return { correlation: Float64Array.from(a), frobeniusDistance: 0, maxAbsChange: 0, iterations: 0 };
  }
  const target = new Float64Array(size);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) target[i * n + j] = 0.5 * (a[i * n + j] + a[j * n + i]);

  let y: Float64Array = Float64Array.from(target);
  let x: Float64Array = new Float64Array(size);
  const dykstra = new Float64Array(size); // ΔS
  const r = new Float64Array(size);
  let iterations = 0;
  for (;;) {
    if (++iterations > maxIterations) {
      throw new Error(`nearestCorrelation: no convergence in ${maxIterations} iterations`);
    }
    for (let k = 0; k < size; k++) r[k] = y[k] - dykstra[k];
    const xNext = projectPsd(r, n);
    for (let k = 0; k < size; k++) dykstra[k] = xNext[k] - r[k];
    const yNext = Float64Array.from(xNext);
    for (let i = 0; i < n; i++) yNext[i * n + i] = 1;
    const done =
      relativeDifference(xNext, x) <= tolerance &&
      relativeDifference(yNext, y) <= tolerance &&
      relativeDifference(yNext, xNext) <= tolerance;
    x = xNext;
    y = yNext;
    if (done) break;
  }
  // Return X (PSD by construction) rescaled to unit diagonal, D^-1/2 X D^-1/2: still PSD, and
  // within the tolerance of Y, so it always passes `cholesky`; then tidy symmetry and range.
  const scale = new Float64Array(n);
  for (let i = 0; i < n; i++) scale[i] = 1 / Math.sqrt(x[i * n + i]);
  const result = new Float64Array(size);
  for (let i = 0; i < n; i++) {
    result[i * n + i] = 1;
    for (let j = 0; j < i; j++) {
      const v = Math.min(1, Math.max(-1, x[i * n + j] * scale[i] * scale[j]));
      result[i * n + j] = v;
      result[j * n + i] = v;
    }
  }
  let sumSq = 0;
  let maxAbs = 0;
  for (let k = 0; k < size; k++) {
    const diff = Math.abs(a[k] - result[k]);
    sumSq += diff * diff;
    maxAbs = Math.max(maxAbs, diff);
  }
  return { correlation: result, frobeniusDistance: Math.sqrt(sumSq), maxAbsChange: maxAbs, iterations };
}

/** P_S: V max(Λ, 0) Vᵀ for symmetric `r` (Higham 2002, Theorem 3.2 with W = I). */
export function projectPsd(r: Float64Array, n: number): Float64Array {
  const { values, vectors } = symmetricEigen(r, n);
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const lambda = values[k];
    if (!(lambda > 0)) continue;
    for (let i = 0; i < n; i++) {
      const vi = vectors[i * n + k] * lambda;
      if (vi === 0) continue;
      for (let j = 0; j <= i; j++) out[i * n + j] += vi * vectors[j * n + k];
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) out[j * n + i] = out[i * n + j];
  return out;
}

function relativeDifference(p: Float64Array, q: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let k = 0; k < p.length; k++) {
    const d = p[k] - q[k];
    num += d * d;
    den += p[k] * p[k];
  }
  return den === 0 ? Math.sqrt(num) : Math.sqrt(num / den);
}

function isValidCorrelation(a: Float64Array, n: number): boolean {
  try {
    checkCorrelation(a, n, [], '');
    cholesky(a, n);
    return true;
  } catch {
    return false;
  }
}
