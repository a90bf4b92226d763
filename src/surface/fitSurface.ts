/**
 * Implied-volatility surfaces from option quotes: per underlying, group quotes by expiry, fit
 * raw SVI per expiry (quasi-explicit, `fitSviSlice`) or SSVI globally (`fitSsvi`, converted to raw
 * SVI slices), then check static arbitrage (`checkSurfaceArbitrage`).
 *
 * Weights: each quote's weight on its implied-vol error is 1 / (ask - bid) in vol when the quotes
 * have a spread, else its Black-76 vega (normalized per expiry); the least squares in total
 * variance weighs (w_model - w)^2 by weight / (2 iv T)^2, the first-order conversion of vol error
 * into total-variance error (dw = 2 iv T d iv), so the fit is a weighted least squares in vol.
 */
import { InputError } from '../errors.js';
import { normalPdf } from '../twin/black76.js';
import { fitSviSlice } from './fitSviSlice.js';
import type { OptionQuote } from './quotesCsv.js';
import { fitSsvi, ssviToRawSvi } from './ssvi.js';
import { sviTotalVariance, type SviParams } from './svi.js';
import { checkSurfaceArbitrage, expiryDate, expiryName, type SurfaceViolation } from './surfaceArbitrage.js';
import { DAYS_PER_YEAR, type SurfaceFitReport, type SurfaceSlice, type UnderlyingSurface } from './surfaceSchema.js';

/** Surface models. */
export const SURFACE_MODELS = ['svi', 'ssvi'] as const;
export type SurfaceModel = (typeof SURFACE_MODELS)[number];

/** Options of fitSurface. */
export interface FitSurfaceOptions {
  /** ('svi' | 'ssvi') Raw SVI per expiry, or one SSVI surface per underlying. Default 'svi'. */
  model?: SurfaceModel;
  /** (string) Valuation time (ISO 8601), to name expiry dates in reports and messages. */
  asOf?: string;
  /** (string) File name for messages. Default '<api>'. */
  file?: string;
}

/** Surfaces, fit report and every arbitrage found. */
export interface SurfaceFitResult {
  surfaces: UnderlyingSurface[];
  fit: SurfaceFitReport[];
  violations: SurfaceViolation[];
}

/** Fewest quotes per expiry: five SVI parameters; two to interpolate the ATM variance for SSVI. */
const MIN_QUOTES = { svi: 5, ssvi: 2 } as const;

interface Slice {
  expiryDays: number;
  years: number;
  forward: number;
  quotes: OptionQuote[];
  k: Float64Array;
  w: Float64Array;
  /** weight on (w_model - w)^2 */
  weight: Float64Array;
}

/**
 * Fit a surface per underlying (in order of first appearance).
 * @throws InputError for too few quotes in an expiry or forwards that differ within an expiry.
 */
export function fitSurface(quotes: readonly OptionQuote[], options: FitSurfaceOptions = {}): SurfaceFitResult {
  const model = options.model ?? 'svi';
  const file = options.file ?? '<api>';
  const byUnderlying = new Map<string, OptionQuote[]>();
  for (const q of quotes) {
    const list = byUnderlying.get(q.underlying);
    if (list) list.push(q);
    else byUnderlying.set(q.underlying, [q]);
  }
  const result: SurfaceFitResult = { surfaces: [], fit: [], violations: [] };
  for (const [underlying, list] of byUnderlying) {
    const slices = groupSlices(underlying, list, model, file, options.asOf);
    const params: SviParams[] = model === 'svi'
      ? slices.map((s) => fitSviSlice({ k: s.k, w: s.w, weight: s.weight }).params)
      : ssviSlices(slices);
    const surface: UnderlyingSurface = {
      underlying,
      slices: slices.map((s, i): SurfaceSlice => ({ expiryDays: s.expiryDays, ...params[i] })),
    };
    const forwards = new Map(slices.map((s) => [s.expiryDays, s.forward]));
    const violations = checkSurfaceArbitrage(surface, { asOf: options.asOf, forward: (d) => forwards.get(d) });
    result.surfaces.push(surface);
    result.violations.push(...violations);
    slices.forEach((s, i) => result.fit.push(sliceReport(underlying, s, params[i], model, violations, options.asOf)));
  }
  return result;
}

function groupSlices(underlying: string, list: OptionQuote[], model: SurfaceModel, file: string, asOf?: string): Slice[] {
  const byExpiry = new Map<number, OptionQuote[]>();
  for (const q of list) {
    const group = byExpiry.get(q.expiryDays);
    if (group) group.push(q);
    else byExpiry.set(q.expiryDays, [q]);
  }
  return [...byExpiry.entries()].sort((x, y) => x[0] - y[0]).map(([expiryDays, qs]) => {
    const forward = qs[0].forward;
    for (const q of qs) {
      if (Math.abs(q.forward - forward) > 1e-9 * forward) {
        throw new InputError(`${underlying} ${expiryName(expiryDays, asOf)}: forward ${q.forward} differs from ${forward} (line ${qs[0].line ?? '?'}) within one expiry`, { file, line: q.line, column: 'forward' });
      }
    }
    if (qs.length < MIN_QUOTES[model]) {
      throw new InputError(`${underlying} ${expiryName(expiryDays, asOf)}: ${qs.length} quote${qs.length === 1 ? '' : 's'}; ${model} needs at least ${MIN_QUOTES[model]} per expiry`, { file });
    }
    const years = expiryDays / DAYS_PER_YEAR;
    const n = qs.length;
    const k = new Float64Array(n), w = new Float64Array(n), weight = new Float64Array(n);
    let total = 0;
    qs.forEach((q, i) => {
      k[i] = Math.log(q.strike / forward);
      w[i] = q.iv * q.iv * years;
      const sd = q.iv * Math.sqrt(years);
      // 1 / spread, else Black-76 vega per unit forward: n(d1) sqrt(T)
      const volWeight = q.ivSpread !== undefined ? 1 / q.ivSpread : normalPdf(-k[i] / sd + 0.5 * sd) * Math.sqrt(years);
      weight[i] = volWeight;
      total += volWeight;
    });
    for (let i = 0; i < n; i++) weight[i] = weight[i] / total / (2 * qs[i].iv * years) ** 2;
    return { expiryDays, years, forward, quotes: qs, k, w, weight };
  });
}

/** SSVI fit over all expiries; theta_t interpolated from the quotes at k = 0. */
function ssviSlices(slices: Slice[]): SviParams[] {
  const fit = fitSsvi(slices.map((s) => ({ theta: atmTotalVariance(s.k, s.w), k: s.k, w: s.w, weight: s.weight })));
  return fit.thetas.map((theta) => ssviToRawSvi(fit.params, theta));
}

/** Total variance at k = 0, linear in k between the nearest quotes (extrapolated from the two nearest when 0 is outside). */
export function atmTotalVariance(k: ArrayLike<number>, w: ArrayLike<number>): number {
  const order = Array.from({ length: k.length }, (_, i) => i).sort((i, j) => k[i] - k[j]);
  let hi = order.findIndex((i) => k[i] >= 0);
  if (hi < 0) hi = order.length - 1;
  if (hi === 0) hi = 1;
  const i0 = order[hi - 1], i1 = order[hi];
  if (k[i1] === k[i0]) return Math.max(w[i0], 1e-12);
  const t = (0 - k[i0]) / (k[i1] - k[i0]);
  return Math.max(w[i0] + t * (w[i1] - w[i0]), 1e-12);
}

function sliceReport(underlying: string, s: Slice, p: SviParams, model: SurfaceModel, violations: SurfaceViolation[], asOf?: string): SurfaceFitReport {
  let sum = 0, maxAbs = 0;
  s.quotes.forEach((q, i) => {
    const err = Math.sqrt(Math.max(sviTotalVariance(p, s.k[i]), 0) / s.years) - q.iv;
    sum += err * err;
    maxAbs = Math.max(maxAbs, Math.abs(err));
  });
  const bad = violations.some((v) => v.expiryDays === s.expiryDays || v.laterExpiryDays === s.expiryDays);
  const date = asOf === undefined ? undefined : expiryDate(s.expiryDays, asOf);
  return {
    underlying, expiryDays: s.expiryDays, ...(date === undefined ? {} : { expiry: date }), model, quotes: s.quotes.length,
    rmseVolPoints: 100 * Math.sqrt(sum / s.quotes.length), maxAbsErrorVolPoints: 100 * maxAbs, arbitrageFree: !bad,
  };
}
