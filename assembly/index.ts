// Exported kernels: the whole Wasm boundary. Every kernel works on flat arrays at byte offsets
// into linear memory that the host (src/wasm/kernels.ts) owns; no kernel allocates.
export { rollingVolatility } from './volatility';
export { philox4x32, uniforms, normalQuantileBatch } from './random';
export { scenarioReturns } from './scenarios';
export { black76Batch, normalCdfBatch } from './black76';

/** First byte the host may use: static data lives below it. */
export function heapBase(): usize {
  return __heap_base;
}
export { transposeScenarios, instrumentPnl, smileSdBatch } from './revalue';
export { accountRisk } from './aggregate';
export { accountRiskBlocked, accountRiskFrom } from './blocked';
export { accountRiskTracked } from './tracked';
export { ceilingStream, ceilingArithmetic } from './ceilings';
