/** Messages between the engine and its workers: kernel calls on the engine's shared memory. */
import type { KernelCall } from '../wasm/runtime.js';

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
}

/** One task: kernel calls run in order on the shared memory; results are written in place. */
export interface Task {
  calls: KernelCall[];
}
