/** Piscina worker of optimizePolicyOnThreads: calibrates one asset's one side. */
import type { PriceSeries } from '../prices/types.js';
import { optimizeSide, type ResolvedOptimizeOptions } from './optimizePolicy.js';

export default function run(task: { series: PriceSeries; side: 'long' | 'short'; options: ResolvedOptimizeOptions }) {
  return optimizeSide(task.series, task.side, task.options);
}
