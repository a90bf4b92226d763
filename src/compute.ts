/**
 * The compute context of an engine: one kernel runtime on the calling thread, the heap that places
 * arrays in the shared kernel memory, and (threads > 1) a pool of workers with runtimes on the
 * same memory.
 */
import type { ExecutorFactory, KernelExecutor } from './pool/executor.js';
import type { Backend } from './pool/tasks.js';
import { newSetup, runtimeFor } from './runtimes.js';
import { Heap } from './wasm/heap.js';
import type { KernelCall, KernelRuntime } from './wasm/runtime.js';

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
    }
    return new Compute(threads, backend, runtime, heap, pool);
  }

  /** Run groups of kernel calls: in parallel on the pool, or in order on this thread. */
  async run(groups: KernelCall[][], onGroupDone?: () => void): Promise<void> {
    if (this.pool && groups.length > 1) return this.pool.runAll(groups, onGroupDone);
    for (const group of groups) {
      for (const call of group) this.runtime.call(call);
      onGroupDone?.();
    }
  }

  /** Run calls on this thread now (latency-critical paths such as one account's update). */
  runLocal(calls: KernelCall[]): void {
    for (const call of calls) this.runtime.call(call);
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}
