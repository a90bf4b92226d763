/** Messages between the engine and its workers: kernel calls on the engine's shared memory. */
import type { KernelCall, KernelName } from '../wasm/runtime.js';

/** Which implementation runs the kernels: WebAssembly or the plain-TS twins. */
export type Backend = 'wasm' | 'ts';

/** What every worker receives once, at start. */
export interface WorkerSetup {
  backend: Backend;
  /** The compiled kernels (wasm backend). */
  module?: WebAssembly.Module;
  /** The engine's memory: a shared WebAssembly.Memory (wasm) or SharedArrayBuffer (ts). */
  memory: WebAssembly.Memory | SharedArrayBuffer;
  heapBase: number;
  /**
   * TEST ONLY: faults to inject (see `FaultPlan`). Set only through `new KernelPool(threads, setup,
   * { faults })`; no public option, environment variable or CLI flag reaches it.
   */
  faults?: FaultPlan;
}

/**
 * TEST ONLY: make a worker die or a kernel call fail, to test that runs survive lost workers.
 * A task matches when its group index is `group` (any when undefined) and it has a call of
 * `kernel`; the fault fires in a matching task while `remaining` (a shared Int32 counter) is > 0,
 * decrementing it, after the task has run `afterCalls` of its calls (its outputs half written).
 */
export interface FaultPlan {
  /** Int32Array(1) on a SharedArrayBuffer: faults left to inject (re-arm it with Atomics.store). */
  remaining: Int32Array;
  kernel: KernelName;
  group?: number;
  /** Calls of the task to run before the fault. Default 0. */
  afterCalls?: number;
  /**
   * `exit`: the worker calls process.exit (worker lost: retried); `crash`: an uncaught exception
   * kills the worker (retried); `throw`: the kernel call throws (a kernel error: not retried).
   */
  how: 'exit' | 'crash' | 'throw';
}

/** One task: kernel calls run in order on the shared memory; results are written in place. */
export interface Task {
  calls: readonly KernelCall[];
  /** Index of the group in its run (for messages and test faults). */
  group: number;
}

/** What a task returns: null, or the kernel call that raised an error (the worker stays usable). */
export type TaskResult = null | { failedCall: number; kernel: string; message: string };
