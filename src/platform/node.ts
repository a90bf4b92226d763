/** The Node platform: kernels read from `build/release.wasm`, one Piscina worker thread per core. */
import { piscinaExecutor, defaultThreads } from '../pool/pool.js';
import { readWasm } from '../wasm/node-source.js';
import type { Platform } from './types.js';

export const nodePlatform: Platform = {
  defaultThreads,
  maxThreads: Infinity,
  loadWasm: () => readWasm(),
  executor: piscinaExecutor,
};
