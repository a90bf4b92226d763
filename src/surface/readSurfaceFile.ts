/** Node adapter: read and check surface.json. */
import { parseJsonText } from '../market/jsonText.js';
import { readTextFile } from '../market/readMarketFile.js';
import { parseSurfaceFile, type SurfaceSet } from './surfaceFile.js';

/** @throws InputError naming `path` for an unreadable file, invalid JSON or an invalid surface. */
export async function readSurfaceFile(path: string): Promise<SurfaceSet> {
  return parseSurfaceFile(parseJsonText(await readTextFile(path), path), path);
}
