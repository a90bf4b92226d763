/** Runs groups of kernel calls on other threads that share the engine's memory (Piscina in Node, Web Workers in browsers). */
import type { KernelCall } from '../wasm/runtime.js';
import type { WorkerSetup } from './tasks.js';

/** Optional control of one `runAll`. */
export interface RunControl {
  /** Stop dispatching groups once aborted; settle (reject) only after the running groups finish. */
  signal?: AbortSignal;
}

export interface KernelExecutor {
  readonly threads: number;
  /**
   * Run each group as one task (groups in parallel, calls within a group in order). Must settle
   * only after every group it dispatched has finished or its worker is gone: on rejection the
   * caller frees the memory the groups write. Honouring `control.signal` is optional (the caller
   * checks it after the run) but makes cancellation prompt.
   */
  runAll(groups: KernelCall[][], onGroupDone?: () => void, control?: RunControl): Promise<void>;
  close(): Promise<void>;
}

/** Makes the executor of an engine with `threads` threads, given what every worker needs. */
export type ExecutorFactory = (threads: number, setup: WorkerSetup) => KernelExecutor;
