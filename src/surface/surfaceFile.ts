/**
 * surface.json as the fitter writes it: { asOf?, surfaces: [{ underlying, slices }], fit? }. Its
 * zod schema here covers what the engine reads (the fitter's own schema may say more about `fit`).
 */
import * as z from 'zod';
import { zodInputError } from '../market/zodIssue.js';
import { InputError } from '../errors.js';
import { checkSurfaceSlices } from './checkSurface.js';
import { SurfaceSliceSchema } from './surfaceSchema.js';
import type { SviSurface } from './sviSurface.js';

const SurfaceFileSchema = z.object({
  $schema: z.string().optional(),
  asOf: z.string().optional(),
  surfaces: z.array(z.strictObject({ underlying: z.string().min(1), slices: z.array(SurfaceSliceSchema).min(1) })),
  fit: z.unknown().optional(),
});

/** The surfaces of one file, by underlying symbol, with the file's name for messages. */
export interface SurfaceSet {
  file: string;
  surfaces: readonly { underlying: string; slices: SviSurface }[];
}

/**
 * Check `json` (parsed surface.json): the shape, one surface per underlying, each surface's
 * slices as in market.json (checkSurfaceSlices).
 * @throws InputError e.g. `surface.json: surfaces[1].slices[0].rho: must be < 1; got 1`.
 */
export function parseSurfaceFile(json: unknown, file: string): SurfaceSet {
  const parsed = SurfaceFileSchema.safeParse(json);
  if (!parsed.success) throw zodInputError(SurfaceFileSchema.safeParse(json, { reportInput: true }).error!, file);
  const seen = new Map<string, number>();
  parsed.data.surfaces.forEach((s, i) => {
    const before = seen.get(s.underlying);
    if (before !== undefined) throw new InputError(`duplicate underlying "${s.underlying}" (also surfaces[${before}])`, { file, column: `surfaces[${i}].underlying` });
    seen.set(s.underlying, i);
    checkSurfaceSlices(s.slices, file, `surfaces[${i}]`);
  });
  return { file, surfaces: parsed.data.surfaces };
}
