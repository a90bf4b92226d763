// Shared bench helpers: tinybench setup, peer runs, result files.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';

export const SHARED = fileURLToPath(new URL('../../shared/', import.meta.url));
export const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));

/** A tinybench instance that runs each task `iterations` times after one warm-up. */
export function bench(name, iterations) {
  return new Bench({ name, time: 0, iterations, warmupTime: 0, warmupIterations: 1 });
}

/** Median latency of a finished task in milliseconds. */
export function medianMs(b, taskName) {
  const task = b.getTask(taskName);
  const result = task?.result;
  if (!result || !result.latency) throw new Error(`bench task ${taskName} failed: ${result?.error ?? 'no result'}`);
  return result.latency.p50;
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
 * This machine's ceilings, measured now: Wasm memory streaming (GB/s over 256 MiB) and SIMD
 * arithmetic (GFLOP/s), one thread, on an instance of the kernels' `module` with a memory of its own.
 */
export async function ceilings(module, iterations) {
  const memory = new WebAssembly.Memory({ initial: 17 + 4096, maximum: 65536, shared: true });
  const { exports } = await WebAssembly.instantiate(module, { env: { memory, abort() {} } });
  const streamBytes = 256 * 2 ** 20;
  const base = 17 * 65536;
  new Float64Array(memory.buffer, base, streamBytes / 8).fill(1);
  const c = bench('ceilings', iterations);
  c.add('stream', () => exports.ceilingStream(base, streamBytes / 8));
  const rounds = 20_000_000;
  c.add('arithmetic', () => exports.ceilingArithmetic(rounds));
  await c.run();
  return { streamGBs: streamBytes / (medianMs(c, 'stream') * 1e6), gflops: (32 * rounds) / (medianMs(c, 'arithmetic') * 1e6) };
}
