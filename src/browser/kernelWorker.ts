/**
 * The Web Worker side of the browser executor (mirrors src/pool/worker.ts): one kernel runtime on
 * the engine's shared memory, made from the first message, then groups of kernel calls run in order.
 */
import { runtimeFor } from '../runtimes.js';
import type { KernelRuntime } from '../wasm/runtime.js';
import type { WorkerReply, WorkerRequest } from './messages.js';

/** Name given to kernel workers, so a bundle loaded as one knows to serve kernel calls. */
export const KERNEL_WORKER_NAME = 'dynamargin-kernels';

interface WorkerScope {
  readonly name: string;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerReply): void;
}

const scope = (): WorkerScope | undefined => {
  const g = globalThis as { WorkerGlobalScope?: unknown; name?: unknown };
  return typeof g.WorkerGlobalScope === 'function' && typeof g.name === 'string' ? (globalThis as unknown as WorkerScope) : undefined;
};

/** True inside a worker the browser executor started. */
export function inKernelWorker(): boolean {
  return scope()?.name === KERNEL_WORKER_NAME;
}

/** Serve kernel calls on this worker. */
export function startKernelWorker(): void {
  const self = scope();
  if (!self) throw new Error('dynamargin: startKernelWorker must run in a Web Worker');
  let runtime: Promise<KernelRuntime> | undefined;
  self.onmessage = async ({ data }) => {
    if (data.type === 'setup') {
      runtime = runtimeFor(data.setup);
      runtime.catch(() => undefined); // reported by the first run
      return;
    }
    try {
      if (!runtime) throw new Error('dynamargin: kernel worker got calls before its setup');
      const rt = await runtime;
      for (const call of data.calls) rt.call(call);
      self.postMessage({ type: 'done', id: data.id });
    } catch (err) {
      self.postMessage({ type: 'failed', id: data.id, message: err instanceof Error ? err.message : String(err) });
    }
  };
}
