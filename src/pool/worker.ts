/** Piscina worker entry: one kernel runtime per worker on the engine's shared memory, reused by every task. */
import { workerData } from 'node:worker_threads';
import { runtimeFor } from '../runtimes.js';
import type { KernelRuntime } from '../wasm/runtime.js';
import { injectFault, type Fault } from './faults.js';
import type { Task, TaskResult, WorkerSetup } from './tasks.js';

let runtime: Promise<KernelRuntime> | undefined;

export default async function run(task: Task): Promise<TaskResult> {
  const setup = workerData as WorkerSetup;
  const rt = await (runtime ??= runtimeFor(setup));
  const fault: Fault | undefined = setup.faults ? injectFault(setup.faults, task) : undefined;
  for (let i = 0; i < task.calls.length; i++) {
    const call = task.calls[i];
    try {
      if (fault?.at === i) await fault.fire();
      rt.call(call);
    } catch (err) {
      // a kernel error is deterministic: report it as a result (retrying cannot help)
      return { failedCall: i, kernel: call.kernel, message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
    }
  }
  if (fault?.at === task.calls.length) await fault.fire(); // test faults only: exit or crash after the last call
  return null;
}
