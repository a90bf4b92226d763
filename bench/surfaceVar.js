// Options on implied-vol surfaces (issue 15 B) on W1 (50 underlyings, 450 options, 10,000
// accounts, 10,000 scenarios): flat vol (portfolio.json iv) against the same book valued on an SVI
// surface per underlying (slices at 7, 30, 90, 180, 365 days, put skew, exampleSurface around the
// underlying's vol), sticky strike and sticky moneyness, measured side by side (interleaved) in
// one run on the Wasm engine.
//   node bench/surfaceVar.js [--iterations 5] [--threads 1]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { createEngine } from '../dist/index.js';
import { parseMarket } from '../dist/market/parseMarket.js';
import { parsePortfolio } from '../dist/portfolio/parsePortfolio.js';
import { exampleSurface } from '../dist/surface/exampleSurface.js';
import { saveResult } from './lib.js';

const { values } = parseArgs({ options: { iterations: { type: 'string', default: '5' }, threads: { type: 'string', default: '1' } } });
const iterations = Number(values.iterations);
const threads = Number(values.threads);
const SCENARIOS = 10_000;

// W1 exactly as shared/bench/workload.py writes it (the gzipped copy of test/fixtures/w1)
const w1 = (name) => JSON.parse(gunzipSync(readFileSync(new URL(`../test/fixtures/w1/${name}.json.gz`, import.meta.url))).toString('utf8'));
const marketJson = w1('market');
const portfolioJson = w1('portfolio');
const flatMarket = parseMarket(marketJson, 'market.json');
const flatBook = parsePortfolio(portfolioJson, flatMarket, 'portfolio.json');
const surfaceMarket = parseMarket({ ...marketJson, underlyings: marketJson.underlyings.map((u) => ({ ...u, surface: { slices: exampleSurface(u.vol) } })) }, 'market.json');
// the same options without iv: valued on their underlying's surface
const surfaceBook = parsePortfolio({ ...portfolioJson, instruments: portfolioJson.instruments.map(({ iv, ...ins }) => ins) }, surfaceMarket, 'portfolio.json');

const engine = await createEngine({ backend: 'wasm', threads });
const runs = {
  flat: () => engine.valueAtRisk(flatBook, flatMarket, { scenarios: SCENARIOS, seed: 1 }),
  'sticky-strike': () => engine.valueAtRisk(surfaceBook, surfaceMarket, { scenarios: SCENARIOS, seed: 1, surfaceDynamics: 'sticky-strike' }),
  'sticky-moneyness': () => engine.valueAtRisk(surfaceBook, surfaceMarket, { scenarios: SCENARIOS, seed: 1, surfaceDynamics: 'sticky-moneyness' }),
};
const samples = Object.fromEntries(Object.keys(runs).map((k) => [k, { computeMs: [], scenariosMs: [] }]));
const totalVar = {};
// warm-up, and the sum of the accounts' VaR (how much the surface moves the figures)
for (const [name, run] of Object.entries(runs)) totalVar[name] = (await run()).accounts.reduce((sum, a) => sum + a.var, 0);
for (let i = 0; i < iterations; i++) {
  for (const [name, run] of Object.entries(runs)) {
    const t0 = performance.now();
    const r = await run();
    samples[name].computeMs.push(performance.now() - t0);
    samples[name].scenariosMs.push(r.meta.timings.stages?.scenariosMs ?? NaN);
  }
}
await engine.close();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = Object.fromEntries(Object.entries(samples).map(([k, s]) => [k, { computeMs: median(s.computeMs), scenariosMs: median(s.scenariosMs), totalVarUsd: totalVar[k], samples: s }]));
const ratio = (k, f) => results[k][f] / results.flat[f];
const summary = {
  stickyStrikeOverFlat: { compute: ratio('sticky-strike', 'computeMs'), stageA: ratio('sticky-strike', 'scenariosMs') },
  stickyMoneynessOverFlat: { compute: ratio('sticky-moneyness', 'computeMs'), stageA: ratio('sticky-moneyness', 'scenariosMs') },
};
console.log(`W1 surface VaR, wasm, ${threads} thread(s), ${SCENARIOS} scenarios, median of ${iterations}:`);
for (const [k, r] of Object.entries(results)) console.log(`  ${k.padEnd(17)} compute ${r.computeMs.toFixed(0)} ms (stage A: scenarios + revaluation ${r.scenariosMs.toFixed(0)} ms), sum of account VaR ${(r.totalVarUsd / 1e6).toFixed(2)} M`);
console.log(`  surface / flat: sticky-strike ${summary.stickyStrikeOverFlat.compute.toFixed(3)}x, sticky-moneyness ${summary.stickyMoneynessOverFlat.compute.toFixed(3)}x (stage A ${summary.stickyMoneynessOverFlat.stageA.toFixed(3)}x; target <= 1.5x)`);
saveResult('surfaceVar', { workload: 'W1', scenarios: SCENARIOS, threads, iterations, surface: 'exampleSurface(vol) per underlying: SVI slices at 7, 30, 90, 180, 365 days', results, summary });
