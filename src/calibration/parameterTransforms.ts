/**
 * Smooth bijections from R onto bounded intervals (the logistic function and its inverse, the
 * logit), so constrained likelihoods can be maximized by an unconstrained optimizer.
 */

/**
 * Logistic 1 / (1 + e^-x), evaluated without overflow; in (0, 1) for |x| < 36.
 * @example logistic(0) // 0.5
 */
export function logistic(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/**
 * Inverse of logistic: ln(p / (1 - p)) for p in (0, 1).
 * @example logit(0.5) // 0
 */
export function logit(p: number): number {
  return Math.log(p / (1 - p));
}

/**
 * Map x in R onto the open interval (lo, hi): lo + (hi - lo) logistic(x). The argument is clamped
 * to [-30, 30] so the result stays strictly inside (lo, hi) in floating point for the intervals
 * used here (width <= 1000 and hi - lo >= 1e-6 relative to |hi|).
 * @example toInterval(0, 0.8, 0.999) // 0.8995
 */
export function toInterval(x: number, lo: number, hi: number): number {
  const c = Math.min(30, Math.max(-30, x));
  return lo + (hi - lo) * logistic(c);
}

/**
 * Inverse of toInterval for y strictly inside (lo, hi).
 * @example fromInterval(0.8995, 0.8, 0.999) // 0 (up to rounding)
 */
export function fromInterval(y: number, lo: number, hi: number): number {
  return logit((y - lo) / (hi - lo));
}
