/**
 * A fixed-size Piscina pool whose workers each hold one kernel runtime on the engine's shared memory.
 *
 * Faults: a group whose worker dies (exit, uncaught error) is run once more on another worker
 * (Piscina replaces the dead one). That is safe because every kernel call writes only its own
 * outputs, computed from inputs it does not write (scenarioReturns fills its rows of x from the
 * seed before transforming them in place; transposeScenarios reads x and writes xt; instrumentPnl
 * reads xt and the P&L buffer in use and writes the other one; accountRiskBlocked rebuilds its
 * scratch (chunk losses, candidates, counts) from pnl and writes its accounts' rows of out and
 * their tail candidates; rollingVolatility writes out from the prices): a half-run group leaves
 * nothing a second run depends on. accountRiskTracked does read the candidates it rewrites, but
 * every state it leaves is valid for a second run (assembly/tracked.ts). A second death, or a kernel call that raises an error
 * (deterministic, so never retried), fails the run once the other running groups have finished.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { callsInSlot, type KernelCall } from '../wasm/runtime.js';
import { abortError } from './cancel.js';
import { ScratchSlots, type KernelExecutor, type RunControl } from './executor.js';
import { describeError, EngineClosedError, KernelCallError } from './runError.js';
import type { FaultPlan, Task, TaskResult, WorkerSetup } from './tasks.js';

/** Workers are always the built JavaScript (Node 20 cannot strip types), from `src/` or `dist/`. */
const WORKER_URL = new URL('../../dist/pool/worker.js', import.meta.url);

export function defaultThreads(): number {
  return availableParallelism();
}

/** A worker died twice running the same group. */
export class WorkerLostError extends Error {
  override readonly name = 'WorkerLostError';
}

export interface KernelPoolOptions {
  /** TEST ONLY: faults the workers inject (see `FaultPlan`). */
  faults?: FaultPlan;
}

export class KernelPool implements KernelExecutor {
  private readonly piscina: Piscina;
  private retried = 0;
  /** Set by close(): a task failing from then on failed because its worker was stopped. */
  private closing = false;
  /** Resolves once every worker has loaded its entry; rejects when one could not. */
  readonly ready: Promise<void>;

  constructor(
    readonly threads: number,
    setup: WorkerSetup,
    options: KernelPoolOptions = {},
  ) {
    this.piscina = new Piscina({
      filename: WORKER_URL.href,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: Infinity,
      workerData: options.faults ? { ...setup, faults: options.faults } : setup,
    });
    this.ready = new Promise((resolve, reject) => {
      let started = 0;
      const done = (): void => {
        this.piscina.off('workerCreate', created);
        this.piscina.off('error', failed);
      };
      const created = (): void => {
        if (++started < threads) return;
        done();
        resolve();
      };
      // Piscina starts no other worker after one fails to start, so tasks would wait for ever
      const failed = (err: unknown): void => {
        done();
        reject(new Error(`dynamargin: a kernel worker failed to start: ${describeError(err)}`, { cause: err }));
      };
      this.piscina.on('workerCreate', created);
      this.piscina.on('error', failed);
    });
    this.ready.catch(() => undefined); // reported to whoever awaits it (the engine being created)
  }

  /** Groups run again after their worker died (since the pool started). */
  get retries(): number {
    return this.retried;
  }

  /**
   * Run each group of calls as one task, at most `threads` at a time. Rejects (after the running
   * groups finish) with `KernelCallError`, `WorkerLostError`, or the abort error of `control.signal`.
   */
  runAll(groups: KernelCall[][], onGroupDone?: (group: number) => void, control: RunControl = {}): Promise<void> {
    const { signal } = control;
    const n = groups.length;
    return new Promise((resolve, reject) => {
      let next = 0;
      let running = 0;
      let failure: Error | undefined;
      let incomplete = false;
      const slots = new ScratchSlots(this.threads);
      const launch = (g: number, lost?: unknown): void => {
        running++;
        const slot = slots.take();
        this.piscina.run({ calls: callsInSlot(groups[g], slot), group: g } satisfies Task).then(
          (result: TaskResult) => {
            running--;
            slots.give(slot);
            if (result) {
              failure ??= new KernelCallError(`kernel ${result.kernel} raised ${result.message} (call ${result.failedCall + 1} of group ${g + 1} of ${n})`);
            } else if (!failure) {
              // the next group starts first: the caller's work on this one (e.g. margins) overlaps the workers'
              launchMore();
              try {
                onGroupDone?.(g);
              } catch (err) {
                failure = err instanceof Error ? err : new Error(String(err)); // the caller's callback: passed on as is
              }
            }
            pump();
          },
          (err: unknown) => {
            running--;
            slots.give(slot); // its worker is gone: nothing writes the slot any more
            if (this.closing) {
              failure ??= new EngineClosedError();
            } else if (lost === undefined && !failure && !signal?.aborted) {
              this.retried++;
              launch(g, err);
            } else if (lost === undefined && signal?.aborted) {
              incomplete = true; // cancelled: not worth a retry, and the run rejects anyway
            } else {
              const first = lost === undefined ? '' : `${describeError(lost)}, then `;
              failure ??= new WorkerLostError(`a worker died twice running group ${g + 1} of ${n} (${first}${describeError(err)})`, { cause: err });
            }
            pump();
          },
        );
      };
      const launchMore = (): void => {
        if (this.closing && next < n) failure ??= new EngineClosedError();
        while (!failure && !signal?.aborted && running < this.threads && next < n) launch(next++);
      };
      const pump = (): void => {
        launchMore();
        if (running > 0) return;
        if (failure) reject(failure);
        else if (signal?.aborted && (next < n || incomplete)) reject(abortError(signal));
        else resolve();
      };
      pump();
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.piscina.destroy();
  }
}

/** The Node executor: a Piscina pool of worker threads. */
export const piscinaExecutor = (threads: number, setup: WorkerSetup): KernelExecutor => new KernelPool(threads, setup);
