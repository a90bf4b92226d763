// STUB: replaced by the plain-TS twin of assembly/volatility.ts.
import type { PricePanel, VolatilityParams } from '../volatility/types.js';
export function rollingVolatility(panel: PricePanel, _params: VolatilityParams, out: Float64Array): void {
  out.fill(NaN, 0, panel.close.length);
}
