/** Stress testing: hypothetical grids (Paradex preset, custom) and historical windows on current positions. */
export {
  PARADEX_PORTFOLIO_MARGIN, customGrid, validateGrid, formatPercent,
  type StressGrid, type ExtendedMove, type IvShockScaling, type Comovement,
} from './grid.js';
export { IV_FLOOR, ivShockScale, shockedIv, instrumentUnitPnl, unitRevaluer, unitPnlMatrix, type RevalueOptions } from './revalue.js';
export { DEFAULT_CASH_ASSETS, valueCollateral, type CollateralValuation } from './collateral.js';
export { runScenarios, type ScenarioSet, type EngineOptions, type EngineResult, type AccountOutcome } from './scenarioEngine.js';
export { bookSummary, type BookSummary, type ScenarioTotal } from './bookSummary.js';
export { stressTest, expandGrid, type StressTestOptions, type StressTestResult, type GridScenario, type AccountStress } from './stressBook.js';
export {
  historicalStressTest, historicalWindows, HISTORICAL_STRESS_DEFAULTS,
  type HistoricalStressOptions, type HistoricalStressResult, type HistoricalWindow, type HistoricalAccountStress,
} from './historical.js';
