/**
 * What the engine needs from its environment, so that src/engine.ts stays platform-agnostic:
 * where the compiled kernels come from, how many threads to use, and what runs kernel calls on
 * other threads. Node's implementation is `./node.ts`; browsers' is `src/browser/platform.ts`.
 */
import type { ExecutorFactory } from '../pool/executor.js';
import type { WasmSource } from '../wasm/runtime.js';

export interface Platform {
  /** Threads when the caller gives none. */
  defaultThreads(): number;
  /** Most threads an engine can use here (1 where threads cannot share memory). */
  readonly maxThreads: number;
  /** The compiled kernels when the caller gives none. */
  loadWasm(): Promise<WasmSource>;
  /** Runs groups of kernel calls on other threads sharing the engine's memory (used when threads > 1). */
  readonly executor: ExecutorFactory;
}
