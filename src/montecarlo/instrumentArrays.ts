/** Per-instrument kernel inputs (SoA) from the normalized portfolio and market. */
import type { Market } from '../market/types.js';
import type { Instrument } from '../portfolio/types.js';
import { ivShockScale } from '../stress/revalue.js';
import { optionIv, optionSurface } from '../surface/optionIv.js';
import { smileArray, smileCoefficients } from '../surface/smileCoefficients.js';
import { surfaceIv } from '../surface/sviSurface.js';
import { KIND_CALL, KIND_LINEAR, KIND_PUT, KIND_SMILE, SMILE_FIELDS, type InstrumentArrays } from '../twin/revalue.js';
import type { VarParams } from './options.js';

/** What instrumentArrays reads of the run's parameters. */
export type RevaluationParams = Pick<VarParams, 'horizonDays' | 'volShock' | 'surfaceDynamics' | 'ivShockScaling'>;

/**
 * Linear instruments (perpetual, future, spot) revalue as multiplier * S * (exp(x) - 1); options
 * by Black-76 with expiry shortened by the horizon and implied vol times (1 + volShock scale(DTE))
 * (scale 1 without ivShockScaling). An option on its underlying's surface: today's vol is the
 * surface at (ln(K / F0), T0); after the horizon (T1), sticky-strike: the surface at
 * (ln(K / F1), T1); sticky-moneyness: the smile at T1 (smileCoefficients) evaluated in each
 * scenario by the kernel (KIND_SMILE).
 */
export function instrumentArrays(instruments: readonly Instrument[], market: Market, p: RevaluationParams): InstrumentArrays {
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
    const t0 = ins.expiryYears!;
    const t1 = t0 - p.horizonDays / 365;
    a.strike[i] = ins.strike!;
    a.expiryYears[i] = t0;
    a.expiryAfterYears[i] = t1;
    const iv0 = optionIv(ins, market);
    a.iv[i] = iv0;
    const volFactor = 1 + p.volShock * ivShockScale(t0 * 365, p.ivShockScaling);
    const surface = optionSurface(ins, market);
    if (!surface || !(t1 > 0)) {
      a.ivAfter[i] = iv0 * volFactor;
      return;
    }
    const f1 = a.spot[i] * Math.exp(market.rate * t1);
    a.ivAfter[i] = surfaceIv(surface, Math.log(ins.strike! / f1), t1) * volFactor;
    if (p.surfaceDynamics !== 'sticky-moneyness') return;
    a.kind[i] |= KIND_SMILE;
    a.smile ??= smileArray(n);
    smileCoefficients(surface, t1, volFactor, a.smile, i * SMILE_FIELDS);
  });
  return a;
}

/** Horizon standard deviation of each underlying's log-return: sqrt(h) * vol / sqrt(365). */
export function horizonScale(market: Market, horizonDays: number): Float64Array {
  return market.vol.map((v) => (Math.sqrt(horizonDays) * v) / Math.sqrt(365));
}
