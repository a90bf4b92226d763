/** zod schema of the surface an underlying may carry in market.json (`underlyings[i].surface`). */
import * as z from 'zod';
import { SurfaceSliceSchema } from './surfaceSchema.js';

export const SurfaceSlicesSchema = z
  .strictObject({
    slices: z.array(SurfaceSliceSchema).min(1).describe('Slices ascending in expiryDays, unique.'),
  })
  .describe('Implied-vol surface of this underlying; options without `iv` are valued on it.');
