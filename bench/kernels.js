// Kernels of the Monte Carlo pipeline on W1 (10,000 scenarios): scenario generation (Philox +
// AS241 normals + Cholesky product), Black-76 revaluation, account aggregation with tail selection,
// and tail selection alone; Wasm versus the plain-TS twin at 1 and 2 threads, in ns per item, next to
// this machine's ceilings (Wasm memory streaming and SIMD arithmetic) measured in the same run.
//   node bench/kernels.js [--iterations 5]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { Compute } from '../dist/compute.js';
import { parseMarket } from '../dist/market/parseMarket.js';
import { RiskBook } from '../dist/montecarlo/book.js';
import { varParams } from '../dist/montecarlo/options.js';
import { splitByPoints } from '../dist/volatility/panel.js';
import { parsePortfolio } from '../dist/portfolio/parsePortfolio.js';
import { readWasm } from '../dist/wasm/node-source.js';
import { compileKernels } from '../dist/wasm/runtime.js';
import { bench, ceilings, medianMs, saveResult } from './lib.js';

const { values } = parseArgs({ options: { iterations: { type: 'string', default: '5' } } });
const iterations = Number(values.iterations);
const M = 10_000;

const text = (name) => gunzipSync(readFileSync(new URL(`../test/fixtures/w1/${name}.json.gz`, import.meta.url))).toString('utf8');
const market = parseMarket(JSON.parse(text('market')), 'market.json');
const portfolio = parsePortfolio(JSON.parse(text('portfolio')), market, 'portfolio.json');
const positions = portfolio.accounts.reduce((n, a) => n + a.positions.length, 0);
// tail selection alone: 2,000 accounts of one position each (aggregation is one row)
const singles = { ...portfolio, accounts: portfolio.accounts.slice(0, 2000).map((a) => ({ ...a, positions: a.positions.slice(0, 1) })) };
const module = await compileKernels(await readWasm());

/** The kernel calls of a computed book, by stage (BookLayout is internal: reached here for measurement only). */
async function stages(compute, book) {
  const layout = book.layout;
  const split = Array.from({ length: compute.threads + 1 }, (_, i) => Math.round((M * i) / compute.threads));
  const stageA = layout.scenarioCalls(split, book.source, market.rate);
  return {
    normals: stageA.map((g) => g.filter((c) => c.kernel === 'scenarioReturns')),
    revalue: stageA.map((g) => g.filter((c) => c.kernel !== 'scenarioReturns')),
    accounts: layout.accountCalls(splitByPoints(book.accounts.map((a) => a.positions.length + 1), layout.shape.blocks), book.ranks),
  };
}

const items = {
  normals: M * market.symbols.length,
  revalue: M * portfolio.instruments.length,
  accounts: M * positions,
  tails: M * singles.accounts.length,
};
const configs = [['wasm', 1], ['wasm', 2], ['ts', 1], ['ts', 2]];
const b = bench('kernels', iterations);
const books = [];
for (const [backend, threads] of configs) {
  const key = `${backend}x${threads}`;
  const compute = await Compute.create(threads, backend, backend === 'wasm' ? module : undefined);
  const params = varParams({ scenarios: M, seed: 1 });
  const book = await RiskBook.create(compute, { portfolio, market, params });
  const single = await RiskBook.create(compute, { portfolio: singles, market, params });
  const s = await stages(compute, book);
  const t = await stages(compute, single);
  b.add(`normals ${key}`, () => compute.run(s.normals));
  b.add(`revalue ${key}`, () => compute.run(s.revalue));
  b.add(`accounts ${key}`, () => compute.run(s.accounts));
  b.add(`tails ${key}`, () => compute.run(t.accounts));
  books.push({ compute, book, single });
}
await b.run();
for (const { compute, book, single } of books) {
  book.release();
  single.release();
  await compute.close();
}

const machineCeilings = await ceilings(module, iterations);
const { streamGBs, gflops } = machineCeilings;

const rows = Object.keys(items).map((kernel) => {
  const ns = Object.fromEntries(configs.map(([be, th]) => [`${be}x${th}`, (medianMs(b, `${kernel} ${be}x${th}`) * 1e6) / items[kernel]]));
  return { kernel, items: items[kernel], nsPerItem: ns, wasmVsTs1: ns.tsx1 / ns.wasmx1, wasmVsTs2: ns.tsx2 / ns.wasmx2, scaling: ns.wasmx1 / ns.wasmx2 };
});
// aggregation reads an 8-byte P&L value per position and scenario: effective bandwidth vs the stream ceiling
const agg = rows.find((r) => r.kernel === 'accounts');
const aggGBs = 8 / agg.nsPerItem.wasmx1;

const f = (x, d = 2) => x.toFixed(d);
console.log(`\nPipeline kernels on W1, ${M} scenarios (median of ${iterations}; ns per item)`);
console.log('kernel (item)                         wasm x1  wasm x2    ts x1    ts x2 | wasm/ts x1  wasm/ts x2  x2 scaling');
const label = { normals: 'normals (scenario x factor)', revalue: 'Black-76 reval (scenario x instr.)', accounts: 'aggregate+tails (scenario x pos.)', tails: 'tail selection (scenario x account)' };
for (const r of rows) {
  const n = r.nsPerItem;
  console.log(`${label[r.kernel].padEnd(36)} ${f(n.wasmx1).padStart(8)} ${f(n.wasmx2).padStart(8)} ${f(n.tsx1).padStart(8)} ${f(n.tsx2).padStart(8)} | ${f(r.wasmVsTs1).padStart(9)}x ${f(r.wasmVsTs2).padStart(10)}x ${f(r.scaling).padStart(10)}x`);
}
console.log(`ceilings (Wasm, 1 thread): memory stream ${f(streamGBs, 1)} GB/s, SIMD arithmetic ${f(gflops, 1)} GFLOP/s; 2 threads at once: ${f(machineCeilings.streamScaling)}x, ${f(machineCeilings.arithmeticScaling)}x`);
console.log(`aggregation reads P&L at ${f(aggGBs, 1)} GB/s = ${f((100 * aggGBs) / streamGBs, 0)}% of the stream ceiling (1 thread)`);
saveResult('kernels', { scenarios: M, iterations, items, rows, ceilings: machineCeilings, aggregationGBs: aggGBs });
