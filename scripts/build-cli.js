#!/usr/bin/env node
// The `dynamargin` command as one ESM bundle (dist/bundle/cli.js, with a chunk per lazily loaded
// command), run by `npm run build:ts` after tsc. Node's ESM loader resolves, reads and compiles
// each module on its own: the ~200 files of dist/ and zod's own took ~200 ms of every run before
// the command started (on a 2-core EPYC VM: `--help` 0.56 s, 0.18-0.40 s bundled; `var` on W1 0.2 s).
// Packages that find their own files at run time (Piscina's worker, uPlot's script) or that only
// `serve` loads stay outside. The bundle lives two folders below the root like every dist/ module,
// so the workers (dist/pool/worker.js) and kernels (build/*.wasm) resolve as from dist/.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/bundle`;

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { cli: 'dist/cli/main.js' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked', // through dist/'s own maps, to src/ (their sources are embedded)
  sourcesContent: true,
  external: ['piscina', 'uplot', 'fastify', '@fastify/*', 'pg', '@electric-sql/*', '@nats-io/*', 'ws'],
  // commander and cli-progress are CommonJS: their require() of Node built-ins needs a real one
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
