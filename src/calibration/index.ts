/** Volatility-model calibration: EWMA λ and GARCH(1,1) by maximum likelihood. */
export { fitEwmaLambda, DOF_MAX, DOF_MIN, type EwmaFit, type FitEwmaOptions } from './fitEwmaLambda.js';
export { fitGarch11, PERSISTENCE_MAX, PERIODS_PER_YEAR, type FitGarchOptions, type Garch11Fit } from './fitGarch11.js';
export { compareVolModels, type CompareVolModelsOptions, type VolModelScore } from './compareVolModels.js';
export { ewmaLogLikelihood, type EwmaLikelihoodParams } from './ewmaLogLikelihood.js';
export { garch11LogLikelihood, type Garch11Params } from './garch11LogLikelihood.js';
export { normalLogDensity, studentTLogDensity, studentTLogConstant, type InnovationDistribution } from './innovationDensity.js';
export { nelderMead, type NelderMeadOptions, type NelderMeadResult } from './nelderMead.js';
export { brentMinimize, type BrentOptions, type BrentResult } from './brentMinimize.js';
export { MIN_RETURNS } from './validateReturns.js';
