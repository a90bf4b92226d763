// The walk-forward calibrator (calibrate --optimize) on the 15 real histories in ../shared/data:
// wall time on 1 and on 2 worker threads, measured side by side, and how many series-sides pass.
import { existsSync, readdirSync } from 'node:fs';
import { SHARED, bench, medianMs, saveResult } from './lib.js';

const { readPriceFiles } = await import('../dist/index.js');
const { optimizePolicy } = await import('../dist/optimize/optimizePolicy.js');
const { optimizePolicyOnThreads } = await import('../dist/optimize/optimizeOnThreads.js');

const dataDir = `${SHARED}data/`;
const files = existsSync(dataDir) ? readdirSync(dataDir).filter((f) => /^(spx|[a-z]+-usd|btcusdt-perp-binance)-daily\.csv$/.test(f)).map((f) => dataDir + f) : [];
if (files.length === 0) {
  console.log(`\nOptimize: no histories in ${dataDir}; skipped`);
} else {
  const prices = await readPriceFiles(files);
  let result;
  const b = bench('optimize', 2);
  b.add('1 thread', () => {
    result = optimizePolicy(prices);
  });
  b.add('2 threads', async () => {
    result = await optimizePolicyOnThreads(prices, {}, 2);
  });
  await b.run();
  const one = medianMs(b, '1 thread');
  const two = medianMs(b, '2 threads');
  const sides = result.assets.flatMap((a) => [a.long, a.short]);
  const passed = sides.filter((s) => s.verdict.passes).length;
  const naivePassed = sides.filter((s) => s.naive.passes).length;
  console.log(`\nOptimize (${prices.length} histories, ${sides.length} series-sides, walk-forward monthly refits)`);
  console.log(`  1 thread:  ${(one / 1000).toFixed(1)} s`);
  console.log(`  2 threads: ${(two / 1000).toFixed(1)} s (${(one / two).toFixed(2)}x)`);
  console.log(`  pass the committee bar: calibrated ${passed}/${sides.length}, naive ${naivePassed}/${sides.length}`);
  saveResult('optimize', { histories: prices.length, oneThreadMs: one, twoThreadsMs: two, speedup: one / two, passed, naivePassed, sides: sides.length });
}
