/**
 * Kernel runtimes: something that executes a kernel call `{ kernel, args }` (pointers are byte
 * offsets) on a linear memory. The Wasm runtime is one instance of the compiled kernels on a
 * shared `WebAssembly.Memory`; the twin runtime (src/twin/abi.ts) runs the plain-TS twins on a
 * shared `SharedArrayBuffer`. Every thread of an engine has one runtime on the same memory, so
 * workers compute in place on arrays the calling thread placed with the heap: nothing is copied
 * between threads.
 */
import { instantiate, instantiateSync } from '@assemblyscript/loader';
import { MAX_PAGES, type LinearMemory } from './heap.js';

/** The kernels the pipeline calls through a runtime (exports of assembly/index.ts). */
export type KernelName = 'rollingVolatility' | 'scenarioReturns' | 'transposeScenarios' | 'instrumentPnl' | 'accountRisk' | 'accountRiskFrom' | 'accountRiskBlocked' | 'accountRiskTracked';

export interface KernelCall {
  kernel: KernelName;
  /** Numeric arguments exactly as the Wasm export takes them (pointers are byte offsets). */
  args: number[];
  /**
   * Scratch per running task: `args[arg]` is the first of `threads` regions of `bytes` each, and the
   * executor runs the call in region `slot` (args[arg] + slot * bytes) of the task's slot, one no
   * other running task of the same run holds (see `callsInSlot`).
   */
  scratch?: { arg: number; bytes: number };
}

/** The calls as run in scratch slot `slot` (0 .. threads - 1): each `scratch` argument moved to its region. */
export function callsInSlot(calls: readonly KernelCall[], slot: number): readonly KernelCall[] {
  if (!calls.some((c) => c.scratch)) return calls; // most calls: no copy (updateAccount runs one per update)
  return calls.map((c) => {
    if (!c.scratch) return c;
    const args = c.args.slice();
    args[c.scratch.arg] += slot * c.scratch.bytes;
    return { kernel: c.kernel, args };
  });
}

export interface KernelRuntime {
  readonly memory: LinearMemory;
  /** First byte the host may allocate. */
  readonly heapBase: number;
  call(call: KernelCall): void;
}

/** Compiled kernels as bytes or as an already compiled module (cheap to share with workers). */
export type WasmSource = ArrayBuffer | Uint8Array | WebAssembly.Module;

/** Pages of a new kernel memory: above the module's static data (`initialMemory` in asconfig.json). */
const INITIAL_PAGES = 17;

/** Compile once, instantiate many times (one instance per thread). */
export async function compileKernels(source: WasmSource): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return source;
  return WebAssembly.compile(source instanceof Uint8Array ? (source as Uint8Array<ArrayBuffer>) : new Uint8Array(source));
}

/**
 * Whether threads can share memory here: everywhere but browser pages that are not cross-origin
 * isolated (no SharedArrayBuffer without COOP/COEP), which get `build/release-private.wasm`.
 */
export function canShareMemory(): boolean {
  return typeof SharedArrayBuffer === 'function' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;
}

/** A new memory for the kernels (one per engine): shared unless the environment cannot share. */
export function kernelMemory(shared = canShareMemory()): WebAssembly.Memory {
  try {
    return new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES, shared });
  } catch (err) {
    // a shared memory reserves its whole maximum of address space up front
    throw new Error(
      `dynamargin: could not reserve the kernel memory (${(MAX_PAGES * 65536) / 2 ** 30} GiB of address space for WebAssembly): ` +
        `${err instanceof Error ? err.message : String(err)}; the process's memory limit (e.g. ulimit -v) is too low for it`,
      { cause: err },
    );
  }
}

const IN_NODE = typeof process === 'object' && typeof process.versions?.node === 'string';

/** Raw exports: every kernel plus `heapBase`. */
export type KernelExports = Record<string, (...args: number[]) => unknown> & { heapBase(): number };

/** Instantiate the kernels on `memory` (instantiation rewrites only the static data below heapBase). */
export async function instantiateKernels(module: WebAssembly.Module, memory: WebAssembly.Memory): Promise<KernelExports> {
  try {
    // Node: synchronously, as the loader's async path reads the global `Response`, which makes Node
    // load its fetch implementation (10-25 ms in every worker); browsers keep the async path
    const imports = { env: { memory } };
    const { exports } = IN_NODE ? instantiateSync<Record<string, unknown>>(module, imports) : await instantiate<Record<string, unknown>>(module, imports);
    return exports as unknown as KernelExports;
  } catch (err) {
    if (err instanceof WebAssembly.LinkError && /shared/i.test(err.message)) {
      const want = memory.buffer instanceof ArrayBuffer ? 'build/release-private.wasm' : 'build/release.wasm';
      throw new Error(`dynamargin: these kernels do not match the ${memory.buffer instanceof ArrayBuffer ? 'private' : 'shared'} memory of this environment; use ${want}`, { cause: err });
    }
    throw err;
  }
}

export async function wasmRuntime(module: WebAssembly.Module, memory: WebAssembly.Memory = kernelMemory()): Promise<KernelRuntime> {
  const exports = await instantiateKernels(module, memory);
  const heapBase = exports.heapBase();
  return {
    memory,
    heapBase,
    call({ kernel, args }) {
      const fn = exports[kernel];
      if (typeof fn !== 'function') throw new Error(`dynamargin: the Wasm module has no kernel "${kernel}"`);
      fn(...args);
    },
  };
}
