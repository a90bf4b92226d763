// Scale: W1 with 10,000 and with 100,000 accounts (W1's accounts repeated ten times under new ids),
// 10,000 scenarios, 2 threads: compute time and peak RSS, each in a fresh process.
//   node bench/scale.js [--accounts 100000]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { saveResult } from './lib.js';

const { values } = parseArgs({ options: { accounts: { type: 'string', default: '100000' }, child: { type: 'string' } } });

if (values.child) {
  const { createEngine } = await import('../dist/index.js');
  const text = (name) => gunzipSync(readFileSync(new URL(`../test/fixtures/w1/${name}.json.gz`, import.meta.url))).toString('utf8');
  const market = JSON.parse(text('market'));
  const w1 = JSON.parse(text('portfolio'));
  const n = Number(values.child);
  const accounts = Array.from({ length: n }, (_, i) => ({ ...w1.accounts[i % w1.accounts.length], id: `acct-${i}` }));
  const engine = await createEngine({ threads: 2 });
  const t0 = performance.now();
  const { meta } = await engine.valueAtRisk({ ...w1, accounts }, market, { scenarios: 10_000, seed: 1 });
  const ms = performance.now() - t0;
  await engine.close();
  console.log(JSON.stringify({ accounts: n, ms, computeMs: meta.timings.computeMs, stages: meta.timings.stages, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
} else {
  const run = (n) => JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', String(n)], { encoding: 'utf8' }).trim().split('\n').pop());
  const small = run(10_000);
  const large = run(Number(values.accounts));
  const ratio = large.ms / small.ms;
  const gib = (b) => (b / 2 ** 30).toFixed(2);
  console.log(`\nScale (2 threads, 10,000 scenarios; parse + compute, fresh process each)`);
  console.log(`  ${small.accounts} accounts: ${small.ms.toFixed(0)} ms, peak RSS ${gib(small.maxRssBytes)} GiB`);
  console.log(`  ${large.accounts} accounts: ${large.ms.toFixed(0)} ms, peak RSS ${gib(large.maxRssBytes)} GiB (${ratio.toFixed(2)}x the time)`);
  saveResult('scale', { small, large, ratio });
}
