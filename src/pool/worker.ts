/** Piscina worker entry: one kernel runtime per worker on the engine's shared memory, reused by every task. */
import { workerData } from 'node:worker_threads';
import { runtimeFor } from '../runtimes.js';
import type { KernelRuntime } from '../wasm/runtime.js';
import type { Task, WorkerSetup } from './tasks.js';

let runtime: Promise<KernelRuntime> | undefined;

export default async function run(task: Task): Promise<null> {
  const rt = await (runtime ??= runtimeFor(workerData as WorkerSetup));
  for (const call of task.calls) rt.call(call);
  return null;
}
