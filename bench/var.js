// Monte Carlo VaR/ES on the reference workload W1 (50 underlyings, 500 instruments, 10,000 accounts,
// 10,000 scenarios): load and compute times for Wasm and the plain-TS twin at 1 and 2 threads, next
// to the NumPy peer run in the same invocation; updateAccount latency and whole-book reprice; the
// first call on a fresh engine against warm ones, the CLI against the library, and the 1 -> 2
// thread scaling next to the machine's ceilings measured in the same run.
//   node bench/var.js [--iterations 3] [--updates 2000]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { createEngine } from '../dist/index.js';
import { parseMarket } from '../dist/market/parseMarket.js';
import { parsePortfolio } from '../dist/portfolio/parsePortfolio.js';
import { RandomStream } from '../dist/data/random.js';
import { readWasm } from '../dist/wasm/node-source.js';
import { compileKernels } from '../dist/wasm/runtime.js';
import { bench, ceilings, medianMs, runPeer, saveResult, timedValueAtRisk } from './lib.js';

const { values } = parseArgs({
  options: { iterations: { type: 'string', default: '3' }, updates: { type: 'string', default: '2000' }, 'warm-up': { type: 'string', default: '500' } },
});
const iterations = Number(values.iterations);
const SCENARIOS = 10_000;

// W1 exactly as shared/bench/workload.py writes it (gzipped copy kept for the tests)
const dir = mkdtempSync(join(tmpdir(), 'dynamargin-w1-'));
const text = {};
for (const name of ['market', 'portfolio']) {
  text[name] = gunzipSync(readFileSync(new URL(`../test/fixtures/w1/${name}.json.gz`, import.meta.url))).toString('utf8');
  writeFileSync(join(dir, `${name}.json`), text[name]);
}
const load = () => {
  const market = parseMarket(JSON.parse(text.market), 'market.json');
  return { market, portfolio: parsePortfolio(JSON.parse(text.portfolio), market, 'portfolio.json') };
};
const { market, portfolio } = load();

// first call: a fresh engine (default threads) in a process that has computed nothing yet, then
// warm calls on it (bench/firstCall.js), in 3 fresh processes: the median run's figures
const timedCall = (engine) => timedValueAtRisk(engine, portfolio, market, { scenarios: SCENARIOS, seed: 1 });
const median = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
const firstRuns = [];
for (let i = 0; i < 3; i++) {
  const run = JSON.parse(execFileSync(process.execPath, [fileURLToPath(new URL('firstCall.js', import.meta.url)), dir], { encoding: 'utf8' }));
  const warmCall = { ms: median(run.warm.map((w) => w.ms)), cpuMs: median(run.warm.map((w) => w.cpuMs)), sysMs: median(run.warm.map((w) => w.sysMs)) };
  firstRuns.push({ ...run, warmCall, ratio: run.first.ms / warmCall.ms });
}
const firstRun = firstRuns.find((r) => r.ratio === median(firstRuns.map((x) => x.ratio)));
const { createMs, first: firstCall, warmCall, warm: warmCalls } = firstRun;

// the CLI on the same files: a whole process (start, load, engine, compute, output)
const cliRuns = [];
const cliPhases = [];
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  execFileSync(process.execPath, [fileURLToPath(new URL('../bin/dynamargin.js', import.meta.url)), 'var',
    '--market', join(dir, 'market.json'), '--portfolio', join(dir, 'portfolio.json'), '--scenarios', String(SCENARIOS), '--out', join(dir, 'var.json')]);
  cliRuns.push(performance.now() - t0);
  cliPhases.push(JSON.parse(readFileSync(join(dir, 'var.json'), 'utf8')).meta.timings);
}
const cliMs = median(cliRuns);
// the CLI's own phases (meta.timings of its output), from its median run
const cliAt = cliRuns.indexOf(cliMs);
const cliPhase = cliPhases[cliAt];
const cliOtherMs = cliMs - cliPhase.loadMs - cliPhase.engineWaitMs - cliPhase.computeMs;

const configs = [['wasm', 1], ['wasm', 2], ['ts', 1], ['ts', 2]];
const engines = {};
for (const [backend, threads] of configs) engines[`${backend}x${threads}`] = await createEngine({ backend, threads });

const b = bench('W1 VaR', iterations);
b.add('load (parse + validate)', () => void load());
for (const key of Object.keys(engines)) {
  b.add(`compute ${key}`, async () => {
    await engines[key].valueAtRisk(portfolio, market, { scenarios: SCENARIOS, seed: 1 });
  });
}
await b.run();

// 1 -> 2 threads also in alternating pairs (1 thread, then 2, again and again): on a shared VM the
// neighbours' load drifts over seconds, which a ratio of two medians taken apart reads as scaling
const pairRatios = [];
for (let i = 0; i < Math.max(iterations, 7); i++) pairRatios.push((await timedCall(engines.wasmx1)).ms / (await timedCall(engines.wasmx2)).ms);

// latency of the incremental paths (Wasm, 2 threads: updateAccount runs on the calling thread)
const book = await engines.wasmx2.book(portfolio, market, { scenarios: SCENARIOS, seed: 1 });
const latency = {};
// two kinds of update per account size: a fill (one position's quantity moves by 0.5%, a different
// one each call; usually proven from the account's tracked tail scenarios alone) and a large change
// (every quantity x1.5, then back: the losses above the hint, or every scenario)
const changes = {
  '': (positions, c) => {
    const j = c % positions.length;
    positions[j] = { ...positions[j], quantity: positions[j].quantity * (c % 2 === 0 ? 1.005 : 1 / 1.005) };
    return positions;
  },
  ', every quantity x1.5 / 1.5': (positions, c) => positions.map((p) => ({ ...p, quantity: p.quantity * (c % 2 === 0 ? 1.5 : 1 / 1.5) })),
};
for (const [label, change] of Object.entries(changes)) {
  for (const n of [1, 5, 20]) {
    const account = portfolio.accounts.find((a) => a.positions.length === n);
    let positions = account.positions.map((p) => ({ instrument: p.instrument, quantity: p.quantity }));
    // warm-up calls first (JIT tiers, the account's hot copy), as tinybench warms up: not sampled
    const warmUp = Number(values['warm-up']);
    for (let i = 0; i < warmUp; i++) book.updateAccount(account.id, (positions = change(positions, i)));
    const samples = [];
    const paths0 = { ...book.updatePaths };
    const hot0 = book.hotCopyUpdates;
    for (let i = warmUp; i < warmUp + Number(values.updates); i++) {
      positions = change(positions, i);
      const t0 = performance.now();
      book.updateAccount(account.id, positions);
      samples.push((performance.now() - t0) * 1000);
    }
    samples.sort((x, y) => x - y);
    const at = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
    const paths = Object.fromEntries(Object.entries(book.updatePaths).map(([k, v]) => [k, v - paths0[k]]));
    latency[`${n} positions${label}`] = { calls: samples.length, warmUpCalls: warmUp, p50Us: at(0.5), p99Us: at(0.99), maxUs: samples.at(-1), paths, fromHotCopy: book.hotCopyUpdates - hot0, samplesUs: samples.map((x) => Math.round(x * 10) / 10) };
  }
}
// the same fills of the 20-position account on this book and on one without hot copies, in
// alternating batches of 100 calls (side by side: the VM's speed drifts over seconds)
const cold = await engines.wasmx2.book(portfolio, market, { scenarios: SCENARIOS, seed: 1, hotCopyBytes: 0 });
const hotVsCold = { hot: [], cold: [] };
{
  const account = portfolio.accounts.find((a) => a.positions.length === 20);
  const streams = { hot: account.positions.map((p) => ({ ...p })), cold: account.positions.map((p) => ({ ...p })) };
  for (let batch = 0; batch < 40; batch++) {
    for (const [kind, b] of [['hot', book], ['cold', cold]]) {
      for (let i = batch * 100; i < (batch + 1) * 100; i++) {
        streams[kind] = changes[''](streams[kind], i);
        const t0 = performance.now();
        b.updateAccount(account.id, streams[kind]);
        if (batch >= 5) hotVsCold[kind].push((performance.now() - t0) * 1000);
      }
    }
  }
}
cold.release();
const hotCopyEffect = { hotP50Us: median(hotVsCold.hot), coldP50Us: median(hotVsCold.cold), calls: hotVsCold.hot.length };

// price ticks: a random walk in which every spot moves by a normal 1% each tick (seeded), vols
// and correlations stay, so the book keeps its scenarios and reprices from each account's tail
// candidates of the last tick (accounts the move could have reordered are recomputed in full,
// counted in accountsInFull). Then vol moves of 1% (every vol 1% above or below its base, in
// turn: new scenario values, still tracked), and of 10% (past the tracking limit: every account
// in full).
const walk = new RandomStream(7);
let spot = market.spot.slice();
const priceTick = () => ({ ...market, spot: (spot = spot.map((s) => s * Math.exp(0.01 * walk.normal()))) });
const volTick = (i, size) => ({ ...market, spot, vol: market.vol.map((v) => v * (1 + size * (i % 2 ? 1 : -1))) });
const timedReprices = async (ticks, next) => {
  const ms = [];
  const inFull = [];
  for (let i = 0; i < ticks; i++) {
    const m = next(i);
    const t0 = performance.now();
    const r = await book.reprice(m);
    ms.push(performance.now() - t0);
    inFull.push(r.meta.accountsInFull);
  }
  return { ms, inFull };
};
await book.reprice(priceTick());
const ticks = Math.max(iterations, 9);
const { ms: repriceMs, inFull: repriceInFull } = await timedReprices(ticks, priceTick);
const { ms: volRepriceMs, inFull: volInFull } = await timedReprices(ticks, (i) => volTick(i, 0.01));
const { ms: fullRepriceMs } = await timedReprices(Math.max(iterations, 5), (i) => volTick(i, 0.1));
repriceMs.sort((x, y) => x - y);
volRepriceMs.sort((x, y) => x - y);
fullRepriceMs.sort((x, y) => x - y);
repriceMs.sort((x, y) => x - y);
book.release();
await Promise.all(Object.values(engines).map((e) => e.close()));

// the machine's ceilings in the same run, next to the 1 -> 2 thread scaling
const machineCeilings = await ceilings(await compileKernels(await readWasm()), iterations);

const peer = runPeer('numpy_peer.py', [dir, '--scenarios', String(SCENARIOS), '--seed', '1'], 3);
rmSync(dir, { recursive: true, force: true });

const ms = Object.fromEntries(Object.keys(engines).map((k) => [k, medianMs(b, `compute ${k}`)]));
const loadMs = medianMs(b, 'load (parse + validate)');
const peerMs = peer.compute_s === undefined ? null : peer.compute_s * 1000;
const f = (x, d = 0) => (x === null || x === undefined ? '-' : x.toFixed(d));
console.log(`\nW1: ${portfolio.accounts.length} accounts, ${portfolio.instruments.length} instruments, ${SCENARIOS} scenarios (median of ${iterations} runs)`);
console.log(`load (parse + validate JSON)  ${f(loadMs)} ms      NumPy peer load ${peer.load_s === undefined ? '-' : f(peer.load_s * 1000)} ms`);
console.log('compute                         ms    vs NumPy');
for (const k of Object.keys(ms)) console.log(`  ${k.padEnd(10)} ${f(ms[k]).padStart(16)}   ${peerMs ? f(ms[k] / peerMs, 3) + 'x' : '-'}`);
console.log(`  NumPy peer ${f(peerMs).padStart(16)}   (fastest of ${peer.runs?.length ?? 0} runs: ${(peer.runs ?? []).map((x) => f(x * 1000)).join(", ")} ms)`);
console.log(`ratios: wasm 2 threads vs 1: ${f(ms.wasmx1 / ms.wasmx2, 2)}x faster; wasm vs TS twin: ${f(ms.tsx1 / ms.wasmx1, 2)}x (1 thread), ${f(ms.tsx2 / ms.wasmx2, 2)}x (2 threads)`);
const repriceMedian = repriceMs[repriceMs.length >> 1];
const fullMedian = fullRepriceMs[fullRepriceMs.length >> 1];
const volMedian = volRepriceMs[volRepriceMs.length >> 1];
const vsPeer = (x) => (peerMs ? ` = ${f(x / peerMs, 3)}x NumPy compute` : '');
console.log(`reprice whole book (wasm x2), 1% price ticks: ${f(repriceMedian)} ms${vsPeer(repriceMedian)}; accounts recomputed in full per tick: ${repriceInFull.join(', ')} of ${portfolio.accounts.length}`);
console.log(`reprice whole book (wasm x2), 1% vol moves: ${f(volMedian)} ms${vsPeer(volMedian)}; accounts in full: ${volInFull.join(', ')}`);
console.log(`reprice whole book (wasm x2), 10% vol moves (every account in full): ${f(fullMedian)} ms${vsPeer(fullMedian)}`);
for (const [k, v] of Object.entries(latency)) {
  console.log(`updateAccount ${k.padEnd(13)} p50 ${f(v.p50Us, 1)} us  p99 ${f(v.p99Us, 1)} us  max ${f(v.maxUs, 1)} us  (${v.calls} calls after ${v.warmUpCalls} unsampled: ${v.paths.fromList} from the tracked tail, ${v.fromHotCopy} of them from the hot copy; ${v.paths.fromThreshold} above the hint, ${v.paths.inFull} in full)`);
}
console.log(`updateAccount 20 positions, fills, side by side: p50 ${f(hotCopyEffect.hotP50Us, 1)} us with hot copies, ${f(hotCopyEffect.coldP50Us, 1)} us without (${f(hotCopyEffect.coldP50Us / hotCopyEffect.hotP50Us, 2)}x; ${hotCopyEffect.calls} calls each)`);
const scalingOfMedians = ms.wasmx1 / ms.wasmx2;
const scaling = median(pairRatios);
const firstWarm = firstRun.ratio;
const cliVsLibrary = cliMs / (warmCall.ms + loadMs);
console.log(`first call (fresh engine, ${createMs.toFixed(0)} ms to create) ${f(firstCall.ms)} ms (CPU ${f(firstCall.cpuMs)} ms, system ${f(firstCall.sysMs)} ms); warm ${f(warmCall.ms)} ms (CPU ${f(warmCall.cpuMs)} ms, system ${f(warmCall.sysMs)} ms): first/warm ${f(firstWarm, 2)}x wall, ${f(firstCall.cpuMs / warmCall.cpuMs, 2)}x CPU (median of ${firstRuns.length} fresh processes: ${firstRuns.map((r) => f(r.ratio, 2)).join(', ')})`);
console.log(`CLI var on W1 ${f(cliMs)} ms (runs ${cliRuns.map((x) => f(x)).join(', ')}) = ${f(cliVsLibrary, 2)}x warm library compute + load (${f(warmCall.ms)} + ${f(loadMs)} ms)`);
console.log(
  `  CLI phases: inputs read and validated ${f(cliPhase.loadMs)} ms, engine start left after them ${f(cliPhase.engineWaitMs)} ms, ` +
    `valueAtRisk ${f(cliPhase.computeMs)} ms (${f(cliPhase.computeMs / warmCall.ms, 2)}x warm), process start + modules + output ${f(cliOtherMs)} ms`,
);
console.log(
  `scaling 1 -> 2 threads ${f(scaling, 2)}x (median of ${pairRatios.length} alternating pairs: ${pairRatios.map((x) => f(x, 2)).join(', ')}; ratio of the medians above ${f(scalingOfMedians, 2)}x); ceilings (1 thread): memory stream ${f(machineCeilings.streamGBs, 1)} GB/s, SIMD ${f(machineCeilings.gflops, 1)} GFLOP/s; ` +
    `the same on 2 threads at once: ${f(machineCeilings.streamScaling, 2)}x, ${f(machineCeilings.arithmeticScaling, 2)}x`,
);
if (peer.unavailable) console.log(`NumPy peer not run: ${peer.unavailable}`);
saveResult('var', {
  scenarios: SCENARIOS, iterations, loadMs, computeMs: ms, scaling, scalingPairs: pairRatios, scalingOfMedians, ceilings: machineCeilings,
  createMs, firstCallMs: firstCall.ms, warmCallMs: warmCall.ms, firstWarmRatio: firstWarm, firstWarmRatios: firstRuns.map((r) => r.ratio), firstCall, warmCall, warmCalls,
  cliMs, cliRuns, cliVsLibrary, cliPhases, cliComputeVsWarm: cliPhase.computeMs / warmCall.ms, peer, repriceMs, repriceInFull, volRepriceMs, volInFull, fullRepriceMs, latency, hotCopyEffect });
