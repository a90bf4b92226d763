/**
 * The browser platform. Cross-origin isolated pages (COOP `same-origin` + COEP `require-corp` or
 * `credentialless`) get the kernels on a shared WebAssembly.Memory and Web Workers; other pages get
 * the same kernels compiled for a private memory (`release-private.wasm`) on the main thread.
 */
import type { Platform } from '../platform/types.js';
import { canShareMemory } from '../wasm/runtime.js';
import { assets } from './assets.js';
import { loadKernels } from './loadKernels.js';
import { WebWorkerExecutor } from './workerExecutor.js';

export interface BrowserPlatformOptions {
  /** (string | URL) kernels for a shared memory. Default: the package's `build/release.wasm`. */
  wasmUrl?: string | URL;
  /** (string | URL) kernels for a private memory. Default: the package's `build/release-private.wasm`. */
  privateWasmUrl?: string | URL;
  /** (function) makes a module worker running `dynamargin/browser`'s worker. Default: the package's. */
  makeWorker?: () => Worker;
}

/** What this page can do: share memory (cross-origin isolated) and start workers. */
export interface BrowserCapabilities {
  crossOriginIsolated: boolean;
  workers: boolean;
  /** Threads a default engine uses. */
  threads: number;
}

export function browserCapabilities(): BrowserCapabilities {
  const isolated = canShareMemory();
  const workers = isolated && typeof Worker === 'function';
  const cores = typeof navigator === 'object' && navigator.hardwareConcurrency > 0 ? navigator.hardwareConcurrency : 1;
  return { crossOriginIsolated: isolated, workers, threads: workers ? cores : 1 };
}

export function browserPlatform(options: BrowserPlatformOptions = {}): Platform {
  const can = browserCapabilities();
  const makeWorker = options.makeWorker ?? assets.makeWorker;
  return {
    defaultThreads: () => can.threads,
    maxThreads: can.workers ? Infinity : 1,
    loadWasm: () =>
      loadKernels(can.crossOriginIsolated ? (options.wasmUrl ?? assets.wasmUrl()) : (options.privateWasmUrl ?? assets.privateWasmUrl())),
    executor: (threads, setup) => new WebWorkerExecutor(threads, setup, makeWorker),
  };
}
