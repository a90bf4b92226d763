/** Defaults and validation of rolling-volatility options (API and CLI share them). */
import { InputError } from '../errors.js';
import type { CancelOptions } from '../pool/cancel.js';
import { didYouMean } from '../suggest.js';
import { ESTIMATORS, type Estimator, type VolatilityParams } from './types.js';

/** Estimator options, plus `signal` / `timeoutMs` to cancel the run (see src/pool/cancel.ts). */
export interface VolatilityOptions extends CancelOptions {
  /** (Estimator) which estimator to run. Default `ewma`. */
  estimator?: Estimator;
  /** (integer >= 2) window length n. Default 30. */
  window?: number;
  /** (number in (0, 1)) EWMA decay. Default 0.94 (RiskMetrics 1996). */
  lambda?: number;
  /** (number > 0) periods per year used to annualize. Default 365. */
  annualization?: number;
}

export const VOLATILITY_DEFAULTS: Readonly<VolatilityParams> = {
  estimator: 'ewma',
  window: 30,
  lambda: 0.94,
  annualization: 365,
};

/** Fill defaults and reject out-of-range values with an error naming the option. */
export function volatilityParams(options: VolatilityOptions = {}): VolatilityParams {
  const { signal: _signal, timeoutMs: _timeoutMs, ...estimatorOptions } = options;
  for (const key of Object.keys(estimatorOptions)) {
    if (!(key in VOLATILITY_DEFAULTS)) {
      throw new InputError(`unknown option${didYouMean(key, [...Object.keys(VOLATILITY_DEFAULTS), 'signal', 'timeoutMs'])}`, { column: key });
    }
  }
  const p = { ...VOLATILITY_DEFAULTS, ...stripUndefined(estimatorOptions) };
  if (!ESTIMATORS.includes(p.estimator)) {
    throw new InputError(`must be one of ${ESTIMATORS.join(', ')}; got "${String(p.estimator)}"`, { column: 'estimator' });
  }
  if (!Number.isInteger(p.window) || p.window < 2) {
    throw new InputError(`must be an integer >= 2; got ${p.window}`, { column: 'window' });
  }
  if (!(p.lambda > 0 && p.lambda < 1)) {
    throw new InputError(`must be in (0, 1); got ${p.lambda}`, { column: 'lambda' });
  }
  if (!(p.annualization > 0 && Number.isFinite(p.annualization))) {
    throw new InputError(`must be a finite number > 0; got ${p.annualization}`, { column: 'annualization' });
  }
  return p;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
