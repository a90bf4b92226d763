/**
 * Rolling-volatility types shared by the Wasm kernels, their plain-TS twins, the pool and the API.
 *
 * Panel layout (what crosses the Wasm boundary): S series are concatenated into flat arrays.
 * `offsets` (Int32Array, length S + 1) holds the start index of each series, so series s owns
 * points `offsets[s] .. offsets[s+1] - 1` of `open`, `high`, `low`, `close` (Float64Array, length
 * `offsets[S]`). The output is a Float64Array of the same length: `out[i]` is the annualized
 * volatility at point i, or NaN where the estimator is not defined yet.
 */

/** Estimator names, in the order of their numeric codes in the Wasm kernel. */
export const ESTIMATORS = [
  'close',
  'ewma',
  'parkinson',
  'garman-klass',
  'rogers-satchell',
  'yang-zhang',
] as const;

export type Estimator = (typeof ESTIMATORS)[number];

/** Numeric code of an estimator as the kernel expects it. */
export function estimatorCode(estimator: Estimator): number {
  const code = ESTIMATORS.indexOf(estimator);
  if (code < 0) throw new RangeError(`unknown estimator "${String(estimator)}"`);
  return code;
}

/** Estimators that only read close prices (the other arrays may be left empty). */
export const CLOSE_ONLY: ReadonlySet<Estimator> = new Set<Estimator>(['close', 'ewma']);

/** Flat multi-series layout; see the module comment. */
export interface PricePanel {
  offsets: Int32Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
}

/** Numeric parameters of one rolling-volatility run. */
export interface VolatilityParams {
  /** Estimator to apply to every series. */
  estimator: Estimator;
  /** Window length n in returns (close, yang-zhang), bars (range estimators) or seed returns (ewma). */
  window: number;
  /** EWMA decay lambda in (0, 1). Default 0.94 (RiskMetrics 1996). */
  lambda: number;
  /** Periods per year A; volatility is multiplied by sqrt(A). Default 365 (crypto trades daily). */
  annualization: number;
}

/**
 * Index of the first defined output point of a series, relative to the series start
 * (`close`, `ewma`, `yang-zhang`: n-th return = price index n; range estimators: n-th bar = index n-1).
 */
export function firstDefinedIndex(estimator: Estimator, window: number): number {
  return estimator === 'parkinson' || estimator === 'garman-klass' || estimator === 'rogers-satchell'
    ? window - 1
    : window;
}

/** Something that can fill `out` with rolling volatility for a panel: the Wasm kernels or the TS twin. */
export interface VolatilityKernel {
  rollingVolatility(panel: PricePanel, params: VolatilityParams, out: Float64Array): void;
}
