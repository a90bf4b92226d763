/** The kernel's per-option smile (SMILE_FIELDS f64): the surface at one expiry, weights and vol shock folded in. */
import { SMILE_FIELDS } from '../twin/revalue.js';
import { sliceBracket, type SviSurface } from './sviSurface.js';

/**
 * Write into out[at..at + SMILE_FIELDS) the smile of `surface` at tYears with implied vols times
 * volFactor: w'(k) = volFactor^2 (c0 w_lo(k) + c1 w_hi(k)) = A + B0 svi_lo(k) + B1 svi_hi(k)
 * (raw SVI w = a + b svi(k), Gatheral 2004; c0, c1 of sliceBracket), so sd = sqrt(w'(k)).
 */
export function smileCoefficients(surface: SviSurface, tYears: number, volFactor: number, out: Float64Array, at: number): void {
  const { lo, hi, c0, c1 } = sliceBracket(surface, tYears);
  const f2 = volFactor * volFactor;
  const s0 = surface[lo];
  const s1 = surface[hi];
  out[at] = f2 * (c0 * s0.a + c1 * s1.a);
  [s0, s1].forEach((s, j) => {
    const p = at + 1 + 4 * j;
    out[p] = f2 * (j === 0 ? c0 : c1) * s.b;
    out[p + 1] = s.rho;
    out[p + 2] = s.m;
    out[p + 3] = s.sigma * s.sigma;
  });
}

/** Smile array of `n` instruments (filled later per option). */
export function smileArray(n: number): Float64Array {
  return new Float64Array(n * SMILE_FIELDS);
}
