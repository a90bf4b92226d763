/** A fixed-size Piscina pool whose workers each hold one kernel instance (see `worker.ts`). */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { Backend, Task } from './tasks.js';

/** Workers are always the built JavaScript (Node 20 cannot strip types), from `src/` or `dist/`. */
const WORKER_URL = new URL('../../dist/pool/worker.js', import.meta.url);

export function defaultThreads(): number {
  return availableParallelism();
}

export class KernelPool {
  private readonly piscina: Piscina;

  constructor(
    readonly threads: number,
    backend: Backend,
    module: WebAssembly.Module | undefined,
  ) {
    this.piscina = new Piscina({
      filename: WORKER_URL.href,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: Infinity,
      workerData: { backend, module },
    });
  }

  run<T>(task: Task, transferList: ArrayBuffer[] = []): Promise<T> {
    return this.piscina.run(task, { transferList }) as Promise<T>;
  }

  async close(): Promise<void> {
    await this.piscina.destroy();
  }
}
