// Shared bench helpers: tinybench setup, peer runs, result files.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';

export const SHARED = fileURLToPath(new URL('../../shared/', import.meta.url));
export const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));

/**
 * One `engine.valueAtRisk` call, timed: wall ms next to the CPU time of every thread of the process
 * (user + system, and system alone), as other load on the machine stretches wall time only.
 */
export async function timedValueAtRisk(engine, portfolio, market, options) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await engine.valueAtRisk(portfolio, market, options);
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, sysMs: c.system / 1000 };
}

/** A tinybench instance that runs each task `iterations` times after one warm-up. */
export function bench(name, iterations) {
  return new Bench({ name, time: 0, iterations, warmupTime: 0, warmupIterations: 1 });
}

/** Median latency of a finished task in milliseconds. */
export function medianMs(b, taskName) {
  return latency(b, taskName).p50;
}

/** Fastest run of a finished task in milliseconds: for a ceiling, what the machine gives at best. */
export function fastestMs(b, taskName) {
  return latency(b, taskName).min;
}

function latency(b, taskName) {
  const task = b.getTask(taskName);
  const result = task?.result;
  if (!result || !result.latency) throw new Error(`bench task ${taskName} failed: ${result?.error ?? 'no result'}`);
  return result.latency;
}

/**
 * Run a NumPy peer script `runs` times; returns the JSON line of its fastest run (by `fastestBy`),
 * with every run's figure in `runs`, or `{ unavailable }` when Python/NumPy is missing. The fastest
 * run is the fair comparison: on a shared VM the same peer varied 3x between consecutive runs.
 */
export function runPeer(script, args, runs = 1, fastestBy = 'compute_s') {
  const all = [];
  for (let i = 0; i < runs; i++) {
    const one = runPeerOnce(script, args);
    if (one.unavailable) return one;
    all.push(one);
  }
  const best = all.reduce((a, b) => ((b[fastestBy] ?? Infinity) < (a[fastestBy] ?? Infinity) ? b : a));
  return { ...best, runs: all.map((r) => r[fastestBy]) };
}

function runPeerOnce(script, args) {
  const path = `${SHARED}bench/${script}`;
  if (!existsSync(path)) return { unavailable: `${path} not found` };
  try {
    execFileSync('python3', ['-c', 'import numpy, scipy'], { stdio: 'ignore' });
  } catch {
    return { unavailable: 'python3 with NumPy and SciPy is not available' };
  }
  const out = execFileSync('python3', [path, ...args], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop());
}

export function machine() {
  return { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, date: new Date().toISOString() };
}

export function saveResult(name, data) {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(`${RESULTS}${name}.json`, JSON.stringify({ machine: machine(), ...data }, null, 2) + '\n');
}

/**
 * This machine's ceilings, measured now (fastest of `iterations` runs): Wasm memory streaming (GB/s
 * over 256 MiB) and SIMD arithmetic (GFLOP/s), on one worker alone, then on two at once (each its
 * own 256 MiB, the same arithmetic): what two cores of this VM give at best, next to which a
 * workload's 1 -> 2 thread scaling is read. Both on workers, so both run the same tiered-up code
 * (one long call on a fresh instance of the calling thread ran the baseline tier: a 2-thread
 * "speed-up" of 4.9x).
 */
export async function ceilings(module, iterations) {
  const streamBytes = 256 * 2 ** 20;
  const pages = streamBytes / 65536;
  const memory = new WebAssembly.Memory({ initial: 17 + 2 * pages, maximum: 65536, shared: true });
  const base = 17 * 65536;
  new Float64Array(memory.buffer, base, (2 * streamBytes) / 8).fill(1);
  const rounds = 20_000_000;
  const calls = { stream: (w) => ['ceilingStream', [base + w * streamBytes, streamBytes / 8]], arithmetic: () => ['ceilingArithmetic', [rounds]] };
  const workers = [0, 1].map(() => new Worker(new URL('./ceilingWorker.js', import.meta.url), { workerData: { module, memory } }));
  const reply = (w) => new Promise((resolve, reject) => {
    const fail = (err) => reject(err);
    w.once('error', fail);
    w.once('message', () => {
      w.off('error', fail);
      resolve();
    });
  });
  await Promise.all(workers.map(reply));
  const on = (n, name) => Promise.all(workers.slice(0, n).map((w, i) => { const [kernel, args] = calls[name](i); const done = reply(w); w.postMessage({ kernel, args }); return done; }));
  const c = bench('ceilings', iterations);
  const c2 = bench('ceilings, 2 threads', iterations);
  for (const name of Object.keys(calls)) {
    c.add(name, () => on(1, name));
    c2.add(name, () => on(2, name));
  }
  await c.run();
  await c2.run();
  await Promise.all(workers.map((w) => w.terminate()));
  // the fastest of the runs: other load on a shared VM only ever slows a run down
  const streamGBs = streamBytes / (fastestMs(c, 'stream') * 1e6);
  const gflops = (32 * rounds) / (fastestMs(c, 'arithmetic') * 1e6);
  const streamGBs2 = (2 * streamBytes) / (fastestMs(c2, 'stream') * 1e6);
  const gflops2 = (64 * rounds) / (fastestMs(c2, 'arithmetic') * 1e6);
  return { streamGBs, gflops, streamGBs2, gflops2, streamScaling: streamGBs2 / streamGBs, arithmeticScaling: gflops2 / gflops };
}
