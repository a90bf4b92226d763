/** No-arbitrage and sanity rules for the SVI slices of one surface (beyond the zod schema). */
import { InputError } from '../errors.js';
import { sviMeetsLeeBound, sviMinTotalVariance, sviTotalVariance } from './svi.js';
import type { SviSlice } from './sviSurface.js';

/** Log-moneyness grid of the calendar check: k = -2, -1.98, ..., 2. */
export const CALENDAR_GRID: readonly number[] = Array.from({ length: 201 }, (_, j) => (j - 100) / 50);
/** Relative slack of the calendar check (rounding of fitted parameters). */
const CALENDAR_SLACK = 1e-12;

/**
 * Check slices already of the right shape (b >= 0, |rho| < 1, sigma > 0 by the schema): ascending,
 * unique expiries; w > 0 everywhere; Lee (2004) b (1 + |rho|) <= 2; w non-decreasing in T at every
 * k of CALENDAR_GRID (no calendar arbitrage).
 * @param at JSON path of the surface, e.g. "underlyings[2].surface".
 * @throws InputError e.g. `market.json: underlyings[2].surface.slices[1].b: ...`.
 */
export function checkSurfaceSlices(slices: readonly SviSlice[], file: string, at: string): void {
  const fail = (i: number, field: string, problem: string): never => {
    throw new InputError(problem, { file, column: `${at}.slices[${i}]${field ? `.${field}` : ''}` });
  };
  if (slices.length === 0) throw new InputError('must have at least 1 entries; got 0', { file, column: `${at}.slices` });
  slices.forEach((s, i) => {
    if (i > 0 && !(s.expiryDays > slices[i - 1].expiryDays)) {
      fail(i, 'expiryDays', `${s.expiryDays} must be greater than slices[${i - 1}].expiryDays ${slices[i - 1].expiryDays} (slices ascending, one per expiry)`);
    }
    const wMin = sviMinTotalVariance(s);
    if (!(wMin > 0)) fail(i, 'a', `total variance must be > 0 at every k; its minimum a + b sigma sqrt(1 - rho^2) is ${wMin}`);
    if (!sviMeetsLeeBound(s)) fail(i, 'b', `wing slope b (1 + |rho|) = ${s.b * (1 + Math.abs(s.rho))} must be <= 2 (Lee 2004 moment bound)`);
    if (i === 0) return;
    for (const k of CALENDAR_GRID) {
      const before = sviTotalVariance(slices[i - 1], k);
      const w = sviTotalVariance(s, k);
      if (w < before * (1 - CALENDAR_SLACK)) {
        fail(i, '', `calendar arbitrage: total variance ${w} at k = ${k} is below ${before} of slices[${i - 1}] (w must not decrease with expiry)`);
      }
    }
  });
}
