// Shared helpers of the hardening tests: a small book, an engine context whose workers inject
// faults (test-only hook: KernelPool's `faults` option), and the heap of an engine.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Compute } from '../../src/compute.js';
import type { Engine } from '../../src/engine.js';
import { RiskBook, type VarResult } from '../../src/montecarlo/book.js';
import { toMarket, toPortfolio } from '../../src/montecarlo/inputs.js';
import { varParams, type VarOptions } from '../../src/montecarlo/options.js';
import { KernelPool } from '../../src/pool/pool.js';
import type { FaultPlan } from '../../src/pool/tasks.js';
import type { Heap } from '../../src/wasm/heap.js';
import { compileKernels } from '../../src/wasm/runtime.js';

export const fx = JSON.parse(readFileSync(new URL('../fixtures/var_pipeline.json', import.meta.url), 'utf8'));
/** 6 underlyings, 46 instruments (perpetuals, futures, options), 60 accounts. */
export const market = fx.market;
export const portfolio = fx.portfolio;

export async function wasmModule(): Promise<WebAssembly.Module> {
  return compileKernels(readFileSync(new URL('../../build/release.wasm', import.meta.url)));
}

/** A fault plan with `count` faults to inject (re-arm with `arm`). */
export function faultPlan(plan: Omit<FaultPlan, 'remaining'>): FaultPlan {
  return { ...plan, remaining: new Int32Array(new SharedArrayBuffer(4)) };
}

export function arm(plan: FaultPlan, count: number): void {
  Atomics.store(plan.remaining, 0, count);
}

export function faultsLeft(plan: FaultPlan): number {
  return Atomics.load(plan.remaining, 0);
}

/** A compute context (what an engine runs on) whose Piscina workers follow `plan`. */
export async function faultyCompute(threads: number, plan: FaultPlan, backend: 'wasm' | 'ts' = 'wasm') {
  let pool!: KernelPool;
  const compute = await Compute.create(threads, backend, backend === 'wasm' ? await wasmModule() : undefined, (t, setup) => {
    pool = new KernelPool(t, setup, { faults: plan });
    return pool;
  });
  return { compute, pool };
}

/** Compute a book on `compute` the way `engine.book` does. */
export function computeBook(compute: Compute, options: VarOptions = {}, signal?: AbortSignal): Promise<RiskBook> {
  const m = toMarket(market);
  return RiskBook.create(compute, { portfolio: toPortfolio(portfolio, m), market: m, params: varParams(options), signal });
}

/** Every figure of every account, for bit-identity checks. */
export function figures(r: VarResult): number[][] {
  return r.accounts.map((a) => [a.var, a.es, ...a.varCi, ...a.esCi]);
}

/** The kernel heap of an engine (internal: what every run allocates from and must give back). */
export function heapOf(engine: Engine): Heap {
  return (engine as unknown as { compute: Compute }).compute.heap;
}

/** Throw when a built file in dist/ is missing or older than its source (the pool and the CLI run dist/). */
export function assertBuilt(...folders: string[]): void {
  const root = new URL('../../', import.meta.url);
  for (const folder of folders) {
    for (const f of readdirSync(new URL(`src/${folder}/`, root)).filter((n) => n.endsWith('.ts'))) {
      const source = new URL(`src/${folder}/${f}`, root);
      const built = new URL(`dist/${folder}/${f.replace(/\.ts$/, '.js')}`, root);
      if (!existsSync(built) || statSync(built).mtimeMs < statSync(source).mtimeMs) {
        throw new Error(`dist/${folder}/${f.replace(/\.ts$/, '.js')} is missing or older than its source: run "npx tsc -p tsconfig.build.json" first`);
      }
    }
  }
}

/**
 * A character device to write to: as root, a null device made in `dir` (so that a broken writer
 * can never replace the system's /dev/null, which root could); otherwise /dev/null itself.
 */
export function nullDevice(dir: string): string {
  if (process.getuid?.() !== 0) return '/dev/null';
  const path = join(dir, 'null-device');
  if (!existsSync(path)) execFileSync('mknod', ['-m', '666', path, 'c', '1', '3']);
  return path;
}
