/**
 * dynamargin in the browser (`dynamargin/browser`): the Node API's engine on the same Wasm
 * kernels, fetched with streaming compilation, split over Web Workers when the page is cross-origin
 * isolated and run on the main thread otherwise. Same inputs and seed, bit-identical figures.
 *
 * @example
 * import { createEngine } from 'dynamargin/browser';
 * const engine = await createEngine();                      // workers if crossOriginIsolated
 * const { accounts } = await engine.valueAtRisk(portfolio, market, { scenarios: 10000 });
 * await engine.close();
 */
import { createEngineOn, type Engine, type EngineOptions } from '../engine.js';
import { browserPlatform, type BrowserPlatformOptions } from './platform.js';

export interface BrowserEngineOptions extends EngineOptions, BrowserPlatformOptions {}

/**
 * An engine for this page. `threads` defaults to `navigator.hardwareConcurrency` on cross-origin
 * isolated pages and is 1 (main thread) elsewhere; `wasm` (bytes or module) skips the fetch.
 */
export async function createEngine(options: BrowserEngineOptions = {}): Promise<Engine> {
  const { wasmUrl, privateWasmUrl, makeWorker, ...engine } = options;
  return createEngineOn(browserPlatform({ wasmUrl, privateWasmUrl, makeWorker }), engine);
}

export { browserCapabilities, browserPlatform } from './platform.js';
export type { BrowserCapabilities, BrowserPlatformOptions } from './platform.js';
export { loadKernels } from './loadKernels.js';
export type { Engine, EngineOptions, RiskOptions, VolatilityPoint, VolatilityResult } from '../engine.js';
export { InputError } from '../errors.js';
export type { InputLocation } from '../errors.js';

// prices and sample data
export type { PriceSeries } from '../prices/types.js';
export { parsePriceCsv } from '../io/priceCsv.js';
export { parseJsonText } from '../market/jsonText.js';
export { writePriceCsv } from '../io/writePriceCsv.js';
export { syntheticPrices, SYNTHETIC_DEFAULTS } from '../data/syntheticMarket.js';
export { syntheticPortfolio } from '../data/syntheticPortfolio.js';

// volatility
export { VOLATILITY_DEFAULTS } from '../volatility/options.js';
export type { VolatilityOptions } from '../volatility/options.js';
export { ESTIMATORS } from '../volatility/types.js';
export type { Estimator } from '../volatility/types.js';
export { regimeSeries } from '../policy/regimes.js';

// market, portfolio and risk
export { parseMarket } from '../market/parseMarket.js';
export { marketFileOf } from '../market/marketFileOf.js';
export type { ParseMarketOptions } from '../market/parseMarket.js';
export { calibrateMarket } from '../market/calibrate.js';
export type { CalibrateOptions } from '../market/calibrate.js';
export type { CorrelationRepair, Market } from '../market/types.js';
export type { MarketFile } from '../market/schema.js';
export { parsePortfolio } from '../portfolio/parsePortfolio.js';
export type { Account, Instrument, Portfolio, Position } from '../portfolio/types.js';
export type { PortfolioFile } from '../portfolio/schema.js';
export type { RiskBook } from '../montecarlo/book.js';
export type { AccountRisk, InstrumentGreeks, PositionInput, VarMeta, VarResult } from '../montecarlo/book.js';
export type { AccountGreeks, Greeks } from '../montecarlo/greeks.js';
export { MODELS, VAR_DEFAULTS } from '../montecarlo/options.js';
export type { RiskModel, VarOptions } from '../montecarlo/options.js';
