/** Per-instrument kernel inputs (SoA) from the normalized portfolio and market. */
import type { Market } from '../market/types.js';
import type { Instrument } from '../portfolio/types.js';
import { KIND_CALL, KIND_LINEAR, KIND_PUT, type InstrumentArrays } from '../twin/revalue.js';

/**
 * Linear instruments (perpetual, future, spot) revalue as multiplier * S * (exp(x) - 1); options
 * by Black-76 with expiry shortened by the horizon and implied vol times (1 + volShock).
 */
export function instrumentArrays(instruments: readonly Instrument[], market: Market, horizonDays: number, volShock: number): InstrumentArrays {
  const n = instruments.length;
  const a: InstrumentArrays = {
    kind: new Int32Array(n),
    factor: new Int32Array(n),
    spot: new Float64Array(n),
    multiplier: new Float64Array(n),
    strike: new Float64Array(n),
    expiryYears: new Float64Array(n),
    expiryAfterYears: new Float64Array(n),
    iv: new Float64Array(n),
    ivAfter: new Float64Array(n),
  };
  instruments.forEach((ins, i) => {
    a.factor[i] = ins.underlyingIndex;
    a.spot[i] = market.spot[ins.underlyingIndex];
    a.multiplier[i] = ins.multiplier;
    if (ins.kind !== 'option') {
      a.kind[i] = KIND_LINEAR;
      return;
    }
    a.kind[i] = ins.right === 'call' ? KIND_CALL : KIND_PUT;
    a.strike[i] = ins.strike!;
    a.expiryYears[i] = ins.expiryYears!;
    a.expiryAfterYears[i] = ins.expiryYears! - horizonDays / 365;
    a.iv[i] = ins.iv!;
    a.ivAfter[i] = ins.iv! * (1 + volShock);
  });
  return a;
}

/** Horizon standard deviation of each underlying's log-return: sqrt(h) * vol / sqrt(365). */
export function horizonScale(market: Market, horizonDays: number): Float64Array {
  return market.vol.map((v) => (Math.sqrt(horizonDays) * v) / Math.sqrt(365));
}
