#!/usr/bin/env node
// Single-file ESM build of `dynamargin/browser` (dist/browser/dynamargin.js), run by
// `npm run build:browser`: esbuild with platform `browser`, so a Node built-in reaching the bundle
// fails the build. package.json's `browser` map drops the Node-only modules (the Piscina pool and
// the Node platform) that the engine imports lazily and only in Node. The kernels are fetched at
// run time from build/*.wasm, two folders up from the bundle (or from `wasmUrl`).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Build the bundle to `outfile`.
 * @returns its size in bytes, raw and gzipped, and the source files it includes
 */
export async function buildBundle(outfile = `${root}dist/browser/dynamargin.js`) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['src/browser/bundle.ts'],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: 'linked',
    legalComments: 'eof',
    logLevel: 'warning',
    metafile: true,
  });
  const bytes = readFileSync(outfile);
  return { outfile, bytes: bytes.length, gzipBytes: gzipSync(bytes).length, inputs: Object.keys(result.metafile.inputs) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { bytes, gzipBytes, inputs } = await buildBundle();
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`dist/browser/dynamargin.js: ${kib(bytes)} (${kib(gzipBytes)} gzip), ${inputs.length} source files`);
}
