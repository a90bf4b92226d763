// `npm run bench`: every benchmark suite in turn (each also writes bench/results/<suite>.json).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const suites = ['volatility.js', 'var.js'];
for (const suite of suites) {
  execFileSync(process.execPath, [fileURLToPath(new URL(suite, import.meta.url)), ...process.argv.slice(2)], { stdio: 'inherit' });
}
