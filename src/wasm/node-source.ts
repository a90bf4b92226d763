/** Node adapter: reads the compiled kernels from the package's `build/` folder. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** Path of `build/release.wasm` (or `debug.wasm`), resolved from this file in `src/` or `dist/`. */
export function wasmPath(target: 'release' | 'debug' = 'release'): string {
  return fileURLToPath(new URL(`../../build/${target}.wasm`, import.meta.url));
}

/** The compiled kernels' bytes; a clear error when `npm run build` has not run. */
export async function readWasm(target: 'release' | 'debug' = 'release'): Promise<Uint8Array> {
  const path = wasmPath(target);
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`dynamargin: ${path} is missing; run "npm run build" to compile the Wasm kernels`);
    }
    throw err;
  }
}
