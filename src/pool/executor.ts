/** Runs groups of kernel calls on other threads that share the engine's memory (Piscina in Node, Web Workers in browsers). */
import type { KernelCall } from '../wasm/runtime.js';
import type { WorkerSetup } from './tasks.js';

export interface KernelExecutor {
  readonly threads: number;
  /** Run each group as one task (groups in parallel, calls within a group in order). */
  runAll(groups: KernelCall[][], onGroupDone?: () => void): Promise<void>;
  close(): Promise<void>;
}

/** Makes the executor of an engine with `threads` threads, given what every worker needs. */
export type ExecutorFactory = (threads: number, setup: WorkerSetup) => KernelExecutor;
