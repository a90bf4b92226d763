/**
 * JSON shape (zod) of an implied-volatility surface: per underlying, one raw SVI slice of total
 * implied variance per expiry. Written by `dynamargin surface` (surface.json), read by the
 * scenario revaluation. Semantic checks (butterfly / calendar arbitrage) live in
 * `checkSurfaceArbitrage`, not here.
 *
 * Conventions: w(k) = iv(k)^2 T with T = expiryDays / 365 years and k = ln(K / F), F the forward
 * to that expiry; w(k) = a + b (rho (k - m) + sqrt((k - m)^2 + sigma^2)) (raw SVI, Gatheral 2004).
 */
import * as z from 'zod';
import { MAX_EXPIRY_DAYS, LIMIT_REASON } from '../inputLimits.js';

/** Days per year of `expiryDays` (T = expiryDays / DAYS_PER_YEAR), as elsewhere in the engine. */
export const DAYS_PER_YEAR = 365;

export const SurfaceSliceSchema = z
  .strictObject({
    expiryDays: z.number().positive().max(MAX_EXPIRY_DAYS, LIMIT_REASON).describe(`Days to expiry from asOf (> 0, <= ${MAX_EXPIRY_DAYS}); T = expiryDays / 365 years.`),
    a: z.number().describe('Raw SVI a: level of total variance (w(m) = a + b sigma).'),
    b: z.number().nonnegative().describe('Raw SVI b >= 0: wing slope scale; Lee bound b (1 + |rho|) <= 2.'),
    rho: z.number().gt(-1).lt(1).describe('Raw SVI rho in (-1, 1): skew (rotation).'),
    m: z.number().describe('Raw SVI m: log-moneyness of the vertex.'),
    sigma: z.number().positive().describe('Raw SVI sigma > 0: ATM curvature (smoothness of the vertex).'),
  })
  .describe('One expiry: raw SVI parameters of total implied variance w(k) = iv^2 T, k = ln(K/F).');

export const UnderlyingSurfaceSchema = z
  .strictObject({
    underlying: z.string().min(1).describe('Symbol of the underlying, e.g. "BTC".'),
    slices: z
      .array(SurfaceSliceSchema)
      .min(1)
      .superRefine((slices, ctx) => {
        for (let i = 1; i < slices.length; i++) {
          if (!(slices[i].expiryDays > slices[i - 1].expiryDays)) {
            ctx.addIssue({ code: 'custom', path: [i, 'expiryDays'], message: `expiries must be strictly ascending (${slices[i - 1].expiryDays} then ${slices[i].expiryDays})` });
          }
        }
      })
      .describe('Raw SVI slices, sorted by expiryDays strictly ascending.'),
  })
  .describe('Implied-volatility surface of one underlying.');

export const SurfaceFitReportSchema = z
  .strictObject({
    underlying: z.string().min(1).describe('Symbol of the underlying.'),
    expiryDays: z.number().positive().describe('Days to expiry of the slice.'),
    expiry: z.string().optional().describe('Expiry date (ISO 8601) when known.'),
    model: z.enum(['svi', 'ssvi']).describe('Model the slice was fitted with.'),
    quotes: z.number().int().nonnegative().describe('Number of quotes fitted.'),
    rmseVolPoints: z.number().nonnegative().describe('Root-mean-square implied-vol error over the quotes, vol points (1 = 1%).'),
    maxAbsErrorVolPoints: z.number().nonnegative().describe('Largest absolute implied-vol error, vol points.'),
    arbitrageFree: z.boolean().describe('True when the slice passed the butterfly checks and the calendar checks against its neighbouring expiries.'),
  })
  .describe('Fit quality of one expiry.');

export const SurfaceFileSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Optional JSON Schema reference; ignored.'),
    asOf: z.string().optional().describe('Valuation time of the quotes, ISO 8601, when known.'),
    surfaces: z.array(UnderlyingSurfaceSchema).min(1).describe('One surface per underlying (unique symbols).'),
    fit: z.array(SurfaceFitReportSchema).optional().describe('Fit report per underlying and expiry (written by `dynamargin surface`; optional on input).'),
  })
  .describe('surface.json: implied-volatility surfaces as raw SVI slices per expiry.');

/** One expiry of a surface (raw SVI of total variance). */
export type SurfaceSlice = z.infer<typeof SurfaceSliceSchema>;
/** Surface of one underlying: slices by expiryDays ascending. */
export type UnderlyingSurface = z.infer<typeof UnderlyingSurfaceSchema>;
/** Fit quality of one expiry. */
export type SurfaceFitReport = z.infer<typeof SurfaceFitReportSchema>;
/** surface.json. */
export type SurfaceFile = z.infer<typeof SurfaceFileSchema>;
