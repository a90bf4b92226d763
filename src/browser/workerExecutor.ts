/**
 * The browser executor: Web Workers that each run the same compiled module on the engine's shared
 * WebAssembly.Memory (needs a cross-origin isolated page). Groups go to idle workers first come,
 * first served; results do not depend on which worker runs which group. Same contract as the Node
 * pool (src/pool/executor.ts): a run settles only once none of its groups is running, and stops
 * dispatching on the first failure or when its signal is aborted.
 */
import { abortError } from '../pool/cancel.js';
import { ScratchSlots, type KernelExecutor, type RunControl } from '../pool/executor.js';
import type { WorkerSetup } from '../pool/tasks.js';
import { callsInSlot, type KernelCall } from '../wasm/runtime.js';
import type { WorkerReply, WorkerRequest } from './messages.js';

/** Settles one group sent to a worker. */
type Pending = (failure: Error | undefined) => void;

export class WebWorkerExecutor implements KernelExecutor {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly pending = new Map<Worker, { id: number; settle: Pending }>();
  /** Runs waiting for an idle worker. */
  private readonly waiting = new Set<() => void>();
  private nextId = 0;
  private closed = false;

  constructor(
    readonly threads: number,
    setup: WorkerSetup,
    makeWorker: () => Worker,
  ) {
    for (let t = 0; t < threads; t++) {
      const worker = makeWorker();
      worker.onmessage = (event: MessageEvent<WorkerReply>) => this.settle(worker, event.data.id, event.data.type === 'failed' ? new Error(event.data.message) : undefined);
      worker.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        this.lose(worker, new Error(`dynamargin: a kernel worker failed: ${event.message || 'could not load the worker script'}`));
      };
      worker.postMessage({ type: 'setup', setup } satisfies WorkerRequest);
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  /** Run each group as one task (groups in parallel, calls within a group in order). */
  runAll(groups: KernelCall[][], onGroupDone?: (group: number) => void, control: RunControl = {}): Promise<void> {
    const { signal } = control;
    return new Promise((resolve, reject) => {
      let next = 0;
      let running = 0;
      let failure: Error | undefined;
      const slots = new ScratchSlots(this.threads);
      const launchMore = (): void => {
        if (this.closed) failure ??= new Error('dynamargin: engine closed while computing');
        if (!failure && this.workers.length === 0) failure = new Error('dynamargin: no kernel worker is left');
        while (!failure && !signal?.aborted && next < groups.length && this.idle.length > 0) {
          const g = next++;
          running++;
          const slot = slots.take();
          this.send(this.idle.shift()!, callsInSlot(groups[g], slot), (err) => {
            running--;
            slots.give(slot);
            if (err) failure ??= new Error(`${err.message} (group ${g + 1} of ${groups.length})`, { cause: err });
            else if (!failure) {
              // the next group starts first: the caller's work on this one (e.g. margins) overlaps the workers'
              launchMore();
              onGroupDone?.(g);
            }
            this.wake();
            pump();
          });
        }
      };
      const pump = (): void => {
        launchMore();
        if (running > 0) return;
        const finished = next === groups.length && !failure;
        if (!finished && !failure && !signal?.aborted) {
          this.waiting.add(pump); // every worker is busy with another run
          return;
        }
        this.waiting.delete(pump);
        signal?.removeEventListener('abort', pump);
        if (failure) reject(failure);
        else if (!finished) reject(abortError(signal!));
        else resolve();
      };
      signal?.addEventListener('abort', pump);
      pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.workers) w.terminate();
    const err = new Error('dynamargin: engine closed while computing');
    for (const { settle } of [...this.pending.values()]) settle(err);
    this.pending.clear();
    this.workers.length = 0;
    this.idle.length = 0;
    this.wake();
  }

  private send(worker: Worker, calls: readonly KernelCall[], settle: Pending): void {
    const id = this.nextId++;
    this.pending.set(worker, { id, settle });
    worker.postMessage({ type: 'run', id, calls } satisfies WorkerRequest);
  }

  private settle(worker: Worker, id: number, failure: Error | undefined): void {
    const job = this.pending.get(worker);
    if (!job || job.id !== id) return;
    this.pending.delete(worker);
    this.idle.push(worker);
    job.settle(failure);
  }

  /** A worker that cannot run anything any more: its group fails, and it leaves the pool. */
  private lose(worker: Worker, err: Error): void {
    worker.terminate();
    const at = this.workers.indexOf(worker);
    if (at >= 0) this.workers.splice(at, 1);
    const idle = this.idle.indexOf(worker);
    if (idle >= 0) this.idle.splice(idle, 1);
    const job = this.pending.get(worker);
    this.pending.delete(worker);
    if (job) job.settle(err);
    else this.wake();
  }

  private wake(): void {
    for (const pump of [...this.waiting]) {
      this.waiting.delete(pump);
      pump();
    }
  }
}
