/** Piscina worker entry: one kernel instance per worker, created on the first task and reused. */
import { workerData } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { loadKernels, type Kernels } from '../kernels.js';
import type { Task } from './tasks.js';

const { backend, module } = workerData as { backend: 'wasm' | 'ts'; module?: WebAssembly.Module };
let kernels: Promise<Kernels> | undefined;

export default async function run(task: Task): Promise<unknown> {
  const k = await (kernels ??= loadKernels(backend, module));
  switch (task.op) {
    case 'rollingVolatility': {
      const out = new Float64Array(task.panel.close.length);
      k.rollingVolatility(task.panel, task.params, out);
      return Piscina.move(out);
    }
    default:
      throw new Error(`dynamargin worker: unknown task ${(task as { op: string }).op}`);
  }
}
