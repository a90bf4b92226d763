/** Choose the kernel implementation for a backend: one Wasm instance, or the plain-TS twins. */
import type { Backend } from './pool/tasks.js';
import { twinKernels } from './twin/index.js';
import type { VolatilityKernel } from './volatility/types.js';
import { WasmKernels, type WasmSource } from './wasm/kernels.js';

/** Every kernel family the engine calls; implemented by `WasmKernels` and by the TS twins. */
export type Kernels = VolatilityKernel;

export async function loadKernels(backend: Backend, source: WasmSource | undefined): Promise<Kernels> {
  if (backend === 'ts') return twinKernels;
  if (!source) throw new Error('dynamargin: the wasm backend needs the compiled kernels');
  return WasmKernels.create(source);
}
