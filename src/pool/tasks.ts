/** Messages between the pool and its workers: plain data plus transferred typed arrays. */
import type { PricePanel, VolatilityParams } from '../volatility/types.js';

/** Which implementation a worker runs: the Wasm kernels or their plain-TS twins. */
export type Backend = 'wasm' | 'ts';

export interface RollingVolatilityTask {
  op: 'rollingVolatility';
  panel: PricePanel;
  params: VolatilityParams;
}

export type Task = RollingVolatilityTask;

/** Typed arrays whose buffers can be transferred (not copied) with a panel. */
export function panelBuffers(panel: PricePanel): ArrayBuffer[] {
  return [panel.offsets, panel.open, panel.high, panel.low, panel.close]
    .filter((a) => a.byteLength > 0)
    .map((a) => a.buffer as ArrayBuffer);
}
