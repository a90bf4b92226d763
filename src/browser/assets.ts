/**
 * Where the browser engine finds its kernels and its worker script by default: next to this file
 * in the package (`dist/browser/` -> `build/*.wasm`). Written as `new URL('...', import.meta.url)`
 * so bundlers (Vite, webpack) copy the files and rewrite the URLs. The single-file bundle
 * replaces `makeWorker` with a worker that loads the bundle itself (see bundle.ts).
 */
export const assets = {
  /** Kernels on a shared memory (cross-origin isolated pages). */
  wasmUrl: (): URL => new URL('../../build/release.wasm', import.meta.url),
  /** The same kernels on a private memory (pages without cross-origin isolation). */
  privateWasmUrl: (): URL => new URL('../../build/release-private.wasm', import.meta.url),
  /** A kernel worker (options spelled out: bundlers read them statically; the name is KERNEL_WORKER_NAME). */
  makeWorker: (): Worker => new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'dynamargin-kernels' }),
};
