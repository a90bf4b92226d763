// Exported kernels: the whole Wasm boundary. Every kernel works on flat arrays at byte offsets
// into linear memory that the host (src/wasm/kernels.ts) owns; no kernel allocates.
export { rollingVolatility } from './volatility';

/** First byte the host may use: static data lives below it. */
export function heapBase(): usize {
  return __heap_base;
}
