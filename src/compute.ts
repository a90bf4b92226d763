/**
 * The compute context of an engine: one kernel runtime on the calling thread, the heap that places
 * arrays in the shared kernel memory, and (threads > 1) a pool of workers with runtimes on the
 * same memory.
 */
import { abortError, AbortError, TimeoutError } from './pool/cancel.js';
import type { ExecutorFactory, KernelExecutor } from './pool/executor.js';
import { describeError, EngineClosedError, KernelRunError } from './pool/runError.js';
import type { Backend } from './pool/tasks.js';
import { newSetup, runtimeFor } from './runtimes.js';
import { Heap } from './wasm/heap.js';
import { callsInSlot, type KernelCall, type KernelRuntime } from './wasm/runtime.js';

export class Compute {
  private constructor(
    readonly threads: number,
    readonly backend: Backend,
    readonly runtime: KernelRuntime,
    readonly heap: Heap,
    private readonly pool: KernelExecutor | undefined,
  ) {}

  /**
   * @param executor makes the worker pool when threads > 1 (default: Piscina worker threads, Node only)
   */
  static async create(threads: number, backend: Backend, module: WebAssembly.Module | undefined, executor?: ExecutorFactory): Promise<Compute> {
    const setup = newSetup(backend, module);
    const runtime = await runtimeFor(setup);
    const heap = new Heap(runtime.memory, runtime.heapBase);
    let pool: KernelExecutor | undefined;
    if (threads > 1) {
      const make = executor ?? (await import('./pool/pool.js')).piscinaExecutor;
      pool = make(threads, { ...setup, heapBase: runtime.heapBase });
      try {
        await pool.ready;
      } catch (err) {
        await pool.close();
        throw err;
      }
    }
    return new Compute(threads, backend, runtime, heap, pool);
  }

  /**
   * Run groups of kernel calls: in parallel on the pool, or in order on this thread.
   *
   * All or nothing: it resolves once every group has run, or rejects once no group is running any
   * more (so the caller may free the memory they write) with `KernelRunError` naming `stage` (a
   * kernel error, or a worker lost twice on one group; a worker lost once is retried), or with
   * `AbortError` / `TimeoutError` when `signal` is aborted (no group starts after that; running
   * ones finish, as a kernel call cannot be interrupted).
   */
  async run(groups: KernelCall[][], options: RunOptions | ((group: number) => void) = {}): Promise<void> {
    const { stage = 'kernel run', onGroupDone, signal } = typeof options === 'function' ? { onGroupDone: options } : options;
    if (signal?.aborted) throw abortError(signal);
    if (this.pool && groups.length > 1) {
      let callbackError: unknown;
      const done = onGroupDone && ((g: number) => {
        try {
          onGroupDone(g);
        } catch (err) {
          callbackError ??= err;
          throw err;
        }
      });
      try {
        await this.pool.runAll(groups, done, { signal });
      } catch (err) {
        if (err instanceof AbortError || err instanceof TimeoutError || err instanceof EngineClosedError || (callbackError !== undefined && err === callbackError)) throw err;
        throw new KernelRunError(stage, err instanceof Error ? err.message : String(err), { cause: err });
      }
    } else {
      for (let g = 0; g < groups.length; g++) {
        for (const call of callsInSlot(groups[g], 0)) {
          try {
            this.runtime.call(call);
          } catch (err) {
            throw new KernelRunError(stage, `kernel ${call.kernel} raised ${describeError(err)} (group ${g + 1} of ${groups.length})`, { cause: err });
          }
        }
        onGroupDone?.(g);
        if (signal && g + 1 < groups.length) {
          await yieldToEventLoop(); // lets a timer or signal handler abort between groups
          if (signal.aborted) throw abortError(signal);
        }
      }
    }
    // an executor that ignores the signal still ran every group: complete, so keep the result
  }

  /** Run calls on this thread now (latency-critical paths such as one account's update). */
  runLocal(calls: KernelCall[]): void {
    for (const call of callsInSlot(calls, 0)) this.runtime.call(call);
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}

/** Options of `Compute.run`. */
export interface RunOptions {
  /** Pipeline stage named in errors, e.g. "stage A (scenarios and instrument P&L)". */
  stage?: string;
  /** Called after each group completes, with its index (progress, or reading what it computed). */
  onGroupDone?: (group: number) => void;
  /** Cancels the run between groups. */
  signal?: AbortSignal;
}

/** A macrotask turn (setTimeout exists in Node and browsers; unlike a microtask it lets timers and I/O run). */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
