/** Piscina worker entry: one kernel runtime per worker on the engine's shared memory, reused by every task. */
import { workerData } from 'node:worker_threads';
import { runtimeFor } from '../runtimes.js';
import type { KernelRuntime } from '../wasm/runtime.js';
import { injectFault, type Fault } from './faults.js';
import type { Task, TaskResult, WorkerSetup } from './tasks.js';

const setup = workerData as WorkerSetup;
/**
 * Instantiated as the worker starts (the pool starts every worker with the engine), not on its
 * first task: the engine's first run then finds every worker ready.
 */
const runtime: Promise<KernelRuntime> = runtimeFor(setup);
runtime.catch(() => {}); // a failure is reported by the first task that awaits it

export default async function run(task: Task): Promise<TaskResult> {
  const rt = await runtime;
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
