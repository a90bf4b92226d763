/** A market with the surfaces of a surface file put on its underlyings (replacing market.json's). */
import { InputError } from '../errors.js';
import type { Market } from '../market/types.js';
import type { SurfaceSet } from './surfaceFile.js';

/** @throws InputError naming the file and `surfaces[i].underlying` for a symbol the market does not have (listing those it has). */
export function mergeSurfaces(market: Market, set: SurfaceSet): Market {
  const surfaces = [...(market.surfaces ?? market.symbols.map(() => undefined))];
  set.surfaces.forEach((s, i) => {
    const u = market.symbols.indexOf(s.underlying);
    if (u < 0) {
      throw new InputError(`unknown underlying "${s.underlying}"; the market has ${market.symbols.join(', ')}`, { file: set.file, column: `surfaces[${i}].underlying` });
    }
    surfaces[u] = s.slices;
  });
  return { ...market, surfaces };
}
