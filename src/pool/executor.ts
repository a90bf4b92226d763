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
   * Resolves once every worker can take a task (the engine waits for it, so its first run does not
   * pay the workers' start); rejects when a worker cannot start.
   */
  readonly ready?: Promise<void>;
  /**
   * Run each group as one task (groups in parallel, calls within a group in order), at most
   * `threads` at once, each task in a scratch slot 0 .. threads - 1 that no other running task of
   * this run holds (`ScratchSlots`, `callsInSlot`). Must settle
   * only after every group it dispatched has finished or its worker is gone: on rejection the
   * caller frees the memory the groups write. Honouring `control.signal` is optional (the caller
   * checks it after the run) but makes cancellation prompt.
   */
  runAll(groups: KernelCall[][], onGroupDone?: (group: number) => void, control?: RunControl): Promise<void>;
  close(): Promise<void>;
}

/** Makes the executor of an engine with `threads` threads, given what every worker needs. */
export type ExecutorFactory = (threads: number, setup: WorkerSetup) => KernelExecutor;

/** The scratch slots of one run: a task holds a free one while it runs. */
export class ScratchSlots {
  private readonly free: number[];

  constructor(threads: number) {
    this.free = Array.from({ length: threads }, (_, i) => i);
  }

  take(): number {
    const slot = this.free.pop();
    if (slot === undefined) throw new Error('dynamargin: more tasks running than threads (no scratch slot free)');
    return slot;
  }

  give(slot: number): void {
    this.free.push(slot);
  }
}
