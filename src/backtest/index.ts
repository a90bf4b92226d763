/** Backtest statistics of margin (VaR / ES) forecasts: coverage tests, traffic lights, ES test, procyclicality. */
export { acerbiSzekelyZ2, acerbiSzekelyZ2PValue, ACERBI_SZEKELY_Z2_CRITICAL_5PCT, ACERBI_SZEKELY_Z2_CRITICAL_001PCT } from './acerbiSzekely.js';
export type { AcerbiSzekelyOptions, AcerbiSzekelyResult, LossSimulator } from './acerbiSzekely.js';
export { baselZone, baselZoneBounds, YELLOW_CUMULATIVE_PROBABILITY, RED_CUMULATIVE_PROBABILITY } from './baselZone.js';
export type { BaselZone, BaselZoneBounds } from './baselZone.js';
export { binomialCdf, binomialPmf } from './binomial.js';
export { chiSquareCdf, chiSquareSurvival } from './chiSquare.js';
export { christoffersen, transitionCounts } from './christoffersen.js';
export type { ChristoffersenResult, TransitionCounts } from './christoffersen.js';
export { coverageReport } from './coverageReport.js';
export type { CoverageReport } from './coverageReport.js';
export { exceptionsOf } from './exceptions.js';
export { regularizedGammaP, regularizedGammaQ } from './incompleteGamma.js';
export { kupiecPof } from './kupiec.js';
export type { LikelihoodRatio } from './kupiec.js';
export { maxIncrease, procyclicality } from './procyclicality.js';
export type { ProcyclicalityResult } from './procyclicality.js';
