/**
 * Chi-square distribution function and survival function (p-values of likelihood-ratio tests).
 *
 * see: Numerical Recipes 3rd ed. (Press et al. 2007) sec. 6.14.8: for X ~ chi2(k),
 * P(X <= x) = P(k/2, x/2) and P(X > x) = Q(k/2, x/2) (regularized incomplete gamma).
 */
import { inputError } from './checkInputs.js';
import { regularizedGammaP, regularizedGammaQ } from './incompleteGamma.js';

/**
 * Chi-square CDF P(X <= x), X ~ chi2(dof).
 * @param x statistic, >= 0
 * @param dof degrees of freedom, > 0
 * @returns the probability in [0, 1]
 * @example chiSquareCdf(3.841458820694124, 1) // 0.9499999999999998
 */
export function chiSquareCdf(x: number, dof: number): number {
  checkDof(dof);
  if (!(x >= 0)) throw inputError('x', `chi-square statistic must be >= 0; got ${x}`);
  return regularizedGammaP(dof / 2, x / 2);
}

/**
 * Chi-square survival function P(X > x), X ~ chi2(dof): the p-value of a statistic x.
 * @param x statistic, >= 0
 * @param dof degrees of freedom, > 0
 * @returns the p-value in [0, 1]; accurate in relative terms far into the tail
 * @example chiSquareSurvival(2, 2) // 0.36787944117144233 (= e^-1)
 */
export function chiSquareSurvival(x: number, dof: number): number {
  checkDof(dof);
  if (!(x >= 0)) throw inputError('x', `chi-square statistic must be >= 0; got ${x}`);
  return regularizedGammaQ(dof / 2, x / 2);
}

function checkDof(dof: number): void {
  if (!(dof > 0) || dof === Infinity) throw inputError('dof', `degrees of freedom must be a finite number > 0; got ${dof}`);
}
