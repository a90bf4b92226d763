/** zod schema of the SVI slices of a surface as written in market.json (`underlyings[i].surface`). */
import * as z from 'zod';
import { MAX_EXPIRY_DAYS } from '../inputLimits.js';

export const SviSliceSchema = z
  .strictObject({
    expiryDays: z.number().positive().max(MAX_EXPIRY_DAYS).describe('Days to this expiry from market asOf (> 0); T = expiryDays / 365.'),
    a: z.number().describe('Raw SVI a: level of total variance.'),
    b: z.number().nonnegative().describe('Raw SVI b (>= 0): slope of the wings.'),
    rho: z.number().gt(-1).lt(1).describe('Raw SVI rho in (-1, 1): skew.'),
    m: z.number().describe('Raw SVI m: log-moneyness of the vertex.'),
    sigma: z.number().positive().describe('Raw SVI sigma (> 0): curvature at the vertex.'),
  })
  .describe('One expiry: raw SVI total implied variance w(k) = a + b (rho (k - m) + sqrt((k - m)^2 + sigma^2)) = iv^2 T, k = ln(K / F), F = S exp(rate T).');

export const SurfaceSlicesSchema = z
  .strictObject({
    slices: z.array(SviSliceSchema).min(1).describe('Slices ascending in expiryDays, unique.'),
  })
  .describe('Implied-vol surface of this underlying; options without `iv` are valued on it.');
