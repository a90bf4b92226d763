// `npm run bench`: every benchmark suite in turn (each also writes bench/results/<suite>.json).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const suites = ['volatility.js', 'kernels.js', 'var.js', 'surfaceVar.js', 'scale.js', 'optimize.js', 'service.js', 'shards.js', 'surface.js'];
for (const suite of suites) {
  execFileSync(process.execPath, [fileURLToPath(new URL(suite, import.meta.url))], { stdio: 'inherit' });
}
// BENCHMARKS.md and its charts from the results just written
execFileSync(process.execPath, [fileURLToPath(new URL('report.js', import.meta.url))], { stdio: 'inherit' });
