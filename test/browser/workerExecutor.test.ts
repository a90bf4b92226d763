/**
 * The Web Worker executor's contract (src/pool/executor.ts), with fake workers in Node: every group
 * runs once; on a failure or an abort no further group starts and the run settles only after the
 * running groups finish (the caller then frees the memory they write); a lost worker fails its group.
 */
import { describe, expect, it } from 'vitest';
import { AbortError } from '../../src/pool/cancel.js';
import type { WorkerSetup } from '../../src/pool/tasks.js';
import type { WorkerReply, WorkerRequest } from '../../src/browser/messages.js';
import { WebWorkerExecutor } from '../../src/browser/workerExecutor.js';
import type { KernelCall } from '../../src/wasm/runtime.js';

/** A worker whose "kernel call" waits args[0] ms and fails when args[1] is 1 (or crashes the worker when 2). */
class FakeWorker {
  onmessage: ((e: MessageEvent<WorkerReply>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  terminated = false;
  constructor(private readonly log: Log) {}
  postMessage(m: WorkerRequest): void {
    if (m.type !== 'run') return;
    const [ms, mode, group, scratch] = m.calls[0].args;
    this.log.started.push(group);
    if (this.log.scratchInUse.has(scratch)) this.log.sharedScratch.push(group);
    this.log.scratchInUse.add(scratch);
    this.log.scratchSeen.add(scratch);
    setTimeout(() => {
      if (this.terminated) return;
      this.log.scratchInUse.delete(scratch);
      this.log.finished.push(group);
      if (mode === 2) this.onerror?.({ message: 'boom', preventDefault() {} } as ErrorEvent);
      else this.onmessage?.({ data: mode === 1 ? { type: 'failed', id: m.id, message: 'kernel raised' } : { type: 'done', id: m.id } } as MessageEvent<WorkerReply>);
    }, ms);
  }
  terminate(): void {
    this.terminated = true;
  }
}

interface Log {
  started: number[];
  finished: number[];
  /** Scratch regions of the running calls, every one seen, and groups started in one already in use. */
  scratchInUse: Set<number>;
  scratchSeen: Set<number>;
  sharedScratch: number[];
}

const setup = { backend: 'ts', memory: new SharedArrayBuffer(8), heapBase: 0 } as WorkerSetup;
/** args[3]: the first of `threads` scratch regions of 100 bytes at 1000 (the executor picks the task's one). */
const group = (g: number, ms: number, mode = 0): KernelCall[] => [{ kernel: 'accountRisk', args: [ms, mode, g, 1000], scratch: { arg: 3, bytes: 100 } }];

function executor(threads: number) {
  const log: Log = { started: [], finished: [], scratchInUse: new Set(), scratchSeen: new Set(), sharedScratch: [] };
  const ex = new WebWorkerExecutor(threads, setup, () => new FakeWorker(log) as unknown as Worker);
  return { ex, log };
}

describe('WebWorkerExecutor', () => {
  it('runs every group once and reports each', async () => {
    const { ex, log } = executor(3);
    let done = 0;
    await ex.runAll(Array.from({ length: 10 }, (_, g) => group(g, 1 + (g % 3))), () => done++);
    expect(done).toBe(10);
    expect([...log.finished].sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
    await ex.close();
  });

  it('runs each task in a scratch region no other running task holds', async () => {
    const { ex, log } = executor(3);
    await ex.runAll(Array.from({ length: 12 }, (_, g) => group(g, 1 + ((g * 7) % 5))));
    expect(log.sharedScratch).toEqual([]);
    expect([...log.scratchSeen].sort((a, b) => a - b)).toEqual([1000, 1100, 1200]);
    await ex.close();
  });

  it('stops on a failure and settles after the running groups finish', async () => {
    const { ex, log } = executor(2);
    const groups = [group(0, 1, 1), group(1, 30), group(2, 1), group(3, 1)];
    await expect(ex.runAll(groups)).rejects.toThrow(/kernel raised \(group 1 of 4\)/);
    expect(log.finished).toContain(1); // the long group finished before the run settled
    expect(log.started).not.toContain(3);
    await ex.close();
  });

  it('rejects with AbortError once the running groups finish', async () => {
    const { ex, log } = executor(2);
    const controller = new AbortController();
    const run = ex.runAll([group(0, 20), group(1, 20), group(2, 1), group(3, 1)], undefined, { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(run).rejects.toBeInstanceOf(AbortError);
    expect(log.finished.sort()).toEqual([0, 1]);
    await ex.close();
  });

  it('fails the group of a lost worker and keeps going with the others', async () => {
    const { ex } = executor(2);
    await expect(ex.runAll([group(0, 1, 2), group(1, 5)])).rejects.toThrow(/kernel worker failed: boom/);
    await ex.runAll([group(2, 1), group(3, 1)]); // one worker left
    await ex.close();
    await expect(ex.runAll([group(4, 1)])).rejects.toThrow(/closed/);
  });
});
