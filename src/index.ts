/** dynamargin: public API (Node entry). Plain data in, plain data out. */
export { createEngine, createEngineOn, MAX_THREADS } from './engine.js';
export type { Platform } from './platform/types.js';
export type { Engine, EngineOptions, RiskOptions, VolatilityPoint, VolatilityResult } from './engine.js';
export { InputError } from './errors.js';
export type { InputLocation } from './errors.js';
export { AbortError, TimeoutError } from './pool/cancel.js';
export type { CancelOptions } from './pool/cancel.js';
export { EngineClosedError, KernelRunError } from './pool/runError.js';

// prices
export type { PriceSeries } from './prices/types.js';
export { parsePriceCsv } from './io/priceCsv.js';
export { writePriceCsv } from './io/writePriceCsv.js';
export { readPriceFiles } from './io/readPrices.js';
export { syntheticPrices } from './data/syntheticMarket.js';

// volatility
export { VOLATILITY_DEFAULTS } from './volatility/options.js';
export type { VolatilityOptions } from './volatility/options.js';
export { ESTIMATORS } from './volatility/types.js';
export type { Estimator, PricePanel, VolatilityParams } from './volatility/types.js';

// market, portfolio and risk
export { parseMarket } from './market/parseMarket.js';
export { marketFileOf } from './market/marketFileOf.js';
export type { ParseMarketOptions } from './market/parseMarket.js';
export { readMarketFile } from './market/readMarketFile.js';
export { calibrateMarket } from './market/calibrate.js';
export type { CalibrateOptions } from './market/calibrate.js';
export type { CorrelationRepair, Market } from './market/types.js';
export type { MarketFile } from './market/schema.js';
export { parsePortfolio } from './portfolio/parsePortfolio.js';
export { readPortfolioFile } from './portfolio/readPortfolioFile.js';
export type { Account, Instrument, Portfolio, Position } from './portfolio/types.js';
export type { PortfolioFile } from './portfolio/schema.js';
export { RiskBook } from './montecarlo/book.js';
export type { AccountRisk, InstrumentGreeks, OnAccounts, PositionInput, RepriceOptions, VarMeta, VarResult } from './montecarlo/book.js';
export type { AccountGreeks, Greeks } from './montecarlo/greeks.js';
export { MODELS, VAR_DEFAULTS } from './montecarlo/options.js';
export type { RiskModel, VarOptions } from './montecarlo/options.js';

// walk-forward calibration of the margin rates (calibrate --optimize)
export { optimizePolicy, OPTIMIZE_DEFAULTS } from './optimize/optimizePolicy.js';
export type { AssetOptimization, CalibratedPolicy, OptimizeOptions, PolicyOptimization, SideOptimization } from './optimize/optimizePolicy.js';
export { optimizePolicyOnThreads } from './optimize/optimizeOnThreads.js';
export { scheduledRates, entryFromJson } from './optimize/schedule.js';
export type { JsonScheduleEntry, ScheduleEntry } from './optimize/schedule.js';
export type { Verdict } from './optimize/judge.js';
export { parsePolicyConfig, DEFAULT_POLICY_CONFIG } from './policy/config.js';
export type { PolicyConfig, PolicyConfigInput } from './policy/config.js';
export { PolicyConfigSchema } from './policy/config.js';
export type { ReadonlyInput } from './readonlyInput.js';
export type { MarketFileInput } from './market/schema.js';
export type { PortfolioFileInput } from './portfolio/schema.js';
export type { MarketInput, PortfolioInput } from './montecarlo/inputs.js';

// the main jobs: calibrate (backtest, book margins, stress), backtest, stress
export { calibrate, backtest, stress } from './calibrate/api.js';
export type { StressOptions } from './calibrate/api.js';
export type { AssetCalibration, BookCalibration, CalibrationOptions, CalibrationResult } from './calibrate/run.js';
export type { BacktestModel, WalkForwardResult, LatestRate } from './backtest/walkForward.js';
export type { CoverageReport } from './backtest/coverageReport.js';
export { PARADEX_PORTFOLIO_MARGIN, customGrid } from './stress/grid.js';
export type { StressGrid } from './stress/grid.js';
export type { StressTestResult, AccountStress } from './stress/stressBook.js';
export type { HistoricalStressResult } from './stress/historical.js';

// the margin policy, account by account
export { accountRequirement } from './policy/requirement.js';
export type { AccountPolicyInputs, AccountRequirement, AccountRequirementStep, AccountRiskInput } from './policy/requirement.js';
export { prepareMarket } from './policy/market.js';
export type { MarketSnapshot, PolicyMarket, UnderlyingSnapshot } from './policy/market.js';
export { bookPolicyMargins, accountPolicyMargin, policyBook } from './policy/bookMargins.js';
export type { PolicyBook } from './policy/bookMargins.js';
export type { DeltaPosition } from './policy/deltaOneRisk.js';
export { policyInputsFromRisk, riskOptionsFor } from './policy/engineInputs.js';
export type { MarginStatus, MarginCall, AccountHealth } from './policy/health.js';
export type { Component, ComponentKey } from './policy/breakdown.js';

// JSON Schemas of the input files and the policy
export { jsonSchemas } from './schemas.js';
export type { InputJsonSchemas, JsonSchema } from './schemas.js';
export { defineMarket, definePortfolio } from './defineInputs.js';

// walk-forward VaR / ES backtest of multi-asset books (backtest-book)
export { bookBacktest } from './backtest/bookBacktest.js';
export type { BookBacktest, BookBacktestOptions, BookBacktestResult } from './backtest/bookBacktest.js';
export { parseBookSpec } from './backtest/bookSpec.js';
export type { BookSpec, BookPosition } from './backtest/bookSpec.js';

// Implied-volatility surfaces (#15): raw SVI / SSVI fits to quotes, static-arbitrage checks.
export { sviTotalVariance, sviButterflyDensity, sviMeetsLeeBound } from './surface/svi.js';
export type { SviParams } from './surface/svi.js';
export { fitSviSlice } from './surface/fitSviSlice.js';
export type { FitSviSliceOptions, SliceData, SviSliceFit } from './surface/fitSviSlice.js';
export { fitSsvi, ssviToRawSvi, ssviTotalVariance, ssviIsArbitrageFree } from './surface/ssvi.js';
export type { SsviFit, SsviParams, SsviSliceData } from './surface/ssvi.js';
export { fitSurface, SURFACE_MODELS } from './surface/fitSurface.js';
export type { FitSurfaceOptions, SurfaceFitResult, SurfaceModel } from './surface/fitSurface.js';
export { parseQuotesCsv } from './surface/quotesCsv.js';
export type { OptionQuote, ParseQuotesCsvOptions, ParsedQuotes } from './surface/quotesCsv.js';
export { checkSurfaceArbitrage, assertSurfaceArbitrageFree, SurfaceArbitrageError } from './surface/surfaceArbitrage.js';
export type { SurfaceArbitrageOptions, SurfaceViolation } from './surface/surfaceArbitrage.js';
export { SurfaceFileSchema, UnderlyingSurfaceSchema, SurfaceSliceSchema } from './surface/surfaceSchema.js';
export type { SurfaceFile, SurfaceFitReport, SurfaceSlice, UnderlyingSurface } from './surface/surfaceSchema.js';
