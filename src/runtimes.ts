/** The kernel runtime of a backend, on a given shared memory (the calling thread's and every worker's). */
import type { WorkerSetup } from './pool/tasks.js';
import { twinRuntime } from './twin/abi.js';
import { PAGE_BYTES, sharedArrayMemory } from './wasm/heap.js';
import { kernelMemory, wasmRuntime, type KernelRuntime } from './wasm/runtime.js';

/** The twins have no static data; their heap starts where the Wasm module's would. */
const TWIN_HEAP_BASE = PAGE_BYTES;

export async function runtimeFor(setup: WorkerSetup): Promise<KernelRuntime> {
  if (setup.backend === 'wasm') {
    if (!setup.module) throw new Error('dynamargin: the wasm backend needs the compiled kernels');
    return wasmRuntime(setup.module, setup.memory as WebAssembly.Memory);
  }
  return twinRuntime(sharedArrayMemory(setup.memory as SharedArrayBuffer), setup.heapBase);
}

/** A fresh setup (memory and all) for a new engine. */
export function newSetup(backend: WorkerSetup['backend'], module: WebAssembly.Module | undefined): WorkerSetup {
  if (backend === 'wasm') return { backend, module, memory: kernelMemory(), heapBase: 0 };
  if (typeof SharedArrayBuffer !== 'function') {
    throw new Error('dynamargin: the ts backend needs SharedArrayBuffer (in a browser: a cross-origin isolated page); use the wasm backend');
  }
  return { backend, memory: sharedArrayMemory().buffer as SharedArrayBuffer, heapBase: TWIN_HEAP_BASE };
}
