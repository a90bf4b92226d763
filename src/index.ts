/** dynamargin: public API. Plain data in, plain data out. */
export { createEngine } from './engine.js';
export type { Engine, EngineOptions, VolatilityPoint, VolatilityResult } from './engine.js';
export { InputError } from './errors.js';
export type { InputLocation } from './errors.js';
export type { PriceSeries } from './prices/types.js';
export { VOLATILITY_DEFAULTS } from './volatility/options.js';
export type { VolatilityOptions } from './volatility/options.js';
export { ESTIMATORS } from './volatility/types.js';
export type { Estimator, PricePanel, VolatilityParams } from './volatility/types.js';
