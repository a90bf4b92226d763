/**
 * The dynamargin page (`npm run web`: dev server; `npm run build:web`: static build in web/dist).
 * Both servers send COOP/COEP so the page is cross-origin isolated: SharedArrayBuffer and a shared
 * WebAssembly.Memory, hence Web Workers computing in place. Without the headers the engine runs
 * on the main thread.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** COOP + COEP: what makes a page cross-origin isolated. */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  // the page imports the library from ../src and the kernels from ../build
  server: { headers: ISOLATION_HEADERS, fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
  preview: { headers: ISOLATION_HEADERS },
  worker: { format: 'es' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 1024 },
  logLevel: 'warn',
});
