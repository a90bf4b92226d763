/**
 * Log densities of a zero-mean return with conditional variance v: normal, and Student-t scaled to
 * unit variance (Bollerslev 1987, "A conditionally heteroskedastic time series model for
 * speculative prices and rates of return", Rev. Econ. Stat. 69(3)).
 */
import { logGamma } from './logGamma.js';

/** 0.5 ln(2π) = 0.91893853320467274 */
const HALF_LN_2PI = 0.91893853320467274;

/** Innovation distribution of a volatility model. */
export type InnovationDistribution = 'normal' | 'student-t';

/**
 * ln f(e | v) for N(0, v): -0.5 (ln 2π + ln v + e²/v).
 * @param e residual; @param v variance > 0.
 * @returns the log density.
 * @example normalLogDensity(0, 1) // -0.9189385332046727
 */
export function normalLogDensity(e: number, v: number): number {
  return -HALF_LN_2PI - 0.5 * (Math.log(v) + (e * e) / v);
}

/**
 * The part of the standardized-t log density that depends on ν alone:
 * ln Γ((ν+1)/2) - ln Γ(ν/2) - 0.5 ln(π (ν - 2)) (Bollerslev 1987).
 * @param dof ν > 2.
 * @returns the constant; NaN for ν <= 2.
 * @example studentTLogConstant(4) // -0.6342556627317535 (= ln Γ(2.5) - ln Γ(2) - 0.5 ln 2π)
 */
export function studentTLogConstant(dof: number): number {
  if (!(dof > 2)) return NaN;
  return logGamma(0.5 * (dof + 1)) - logGamma(0.5 * dof) - 0.5 * Math.log(Math.PI * (dof - 2));
}

/**
 * ln f(e | v, ν) for the Student-t with ν degrees of freedom scaled to variance v (Bollerslev 1987):
 * c(ν) - 0.5 ln v - (ν+1)/2 ln(1 + e² / ((ν - 2) v)).
 * @param e residual; @param v variance > 0; @param dof ν > 2;
 * @param logConstant studentTLogConstant(dof), passed in so loops compute it once.
 * @returns the log density.
 * @example studentTLogDensity(0, 1, 4, studentTLogConstant(4)) // -0.6342556627317535
 */
export function studentTLogDensity(e: number, v: number, dof: number, logConstant: number): number {
  return logConstant - 0.5 * Math.log(v) - 0.5 * (dof + 1) * Math.log1p((e * e) / ((dof - 2) * v));
}
