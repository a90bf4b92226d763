/** A fixed-size Piscina pool whose workers each hold one kernel runtime on the engine's shared memory. */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { KernelCall } from '../wasm/runtime.js';
import type { KernelExecutor } from './executor.js';
import type { Task, WorkerSetup } from './tasks.js';

/** Workers are always the built JavaScript (Node 20 cannot strip types), from `src/` or `dist/`. */
const WORKER_URL = new URL('../../dist/pool/worker.js', import.meta.url);

export function defaultThreads(): number {
  return availableParallelism();
}

export class KernelPool implements KernelExecutor {
  private readonly piscina: Piscina;

  constructor(
    readonly threads: number,
    setup: WorkerSetup,
  ) {
    this.piscina = new Piscina({
      filename: WORKER_URL.href,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: Infinity,
      workerData: setup,
    });
  }

  /** Run each group of calls as one task (groups in parallel, calls within a group in order). */
  async runAll(groups: KernelCall[][], onGroupDone?: () => void): Promise<void> {
    await Promise.all(groups.map((calls) => this.piscina.run({ calls } satisfies Task).then(() => onGroupDone?.())));
  }

  async close(): Promise<void> {
    await this.piscina.destroy();
  }
}

/** The Node executor: a Piscina pool of worker threads. */
export const piscinaExecutor = (threads: number, setup: WorkerSetup): KernelExecutor => new KernelPool(threads, setup);
