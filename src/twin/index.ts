/** The plain-TypeScript twins of the Wasm kernels, with the same signatures (see `src/wasm/kernels.ts`). */
import type { VolatilityKernel } from '../volatility/types.js';
import { rollingVolatility } from './rollingVolatility.js';

export const twinKernels: VolatilityKernel = { rollingVolatility };
