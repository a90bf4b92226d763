/** Messages between the browser engine and its kernel workers. */
import type { WorkerSetup } from '../pool/tasks.js';
import type { KernelCall } from '../wasm/runtime.js';

export type WorkerRequest =
  /** First message: the compiled module and the shared memory (structured-cloned, not copied). */
  | { type: 'setup'; setup: WorkerSetup }
  /** One group of kernel calls, run in order. */
  | { type: 'run'; id: number; calls: readonly KernelCall[] };

export type WorkerReply = { type: 'done'; id: number } | { type: 'failed'; id: number; message: string };
