/**
 * Binomial probabilities: the mass function by Loader's saddle-point expansion and the CDF as a
 * short sum of masses from the requested count towards the near tail.
 *
 * see: C. Loader, "Fast and Accurate Computation of Binomial Probabilities" (2000), as in R's
 * `dbinom_raw`: b(x; n, p) = exp(-(stirlerr(n) - stirlerr(x) - stirlerr(n-x)) - bd0(x, np)
 * - bd0(n-x, nq)) * sqrt(n / (2 pi x (n-x))), with stirlerr(k) = ln k! - ln(sqrt(2 pi k) (k/e)^k)
 * and bd0(x, m) = x ln(x/m) + m - x (a series near x = m); relative error near 1e-15 for any n,
 * where ln Gamma differences lose about |ln n!| * 1e-16.
 * CDF: P(X <= x) = sum_{k<=x} b(k) with b(k-1) = b(k) k q / ((n-k+1) p) when x <= np (terms fall
 * away from x), else 1 - sum_{k>x} b(k) with b(k+1) = b(k) (n-k) p / ((k+1) q); sums stop once a
 * term is below 2^-53 of the total.
 */
import { checkInteger, inputError } from './checkInputs.js';

const LN_SQRT_2PI = 0.918938533204672741780329736406; // ln sqrt(2 pi)
const LN_2PI = 1.83787706640934548356065947281; // ln(2 pi)

/**
 * Binomial mass P(X = x), X ~ Bin(n, p).
 * @param x count (integer; outside [0, n] gives 0)
 * @param n trials, integer >= 0
 * @param p success probability in [0, 1]
 * @returns the probability
 * @example binomialPmf(4, 250, 0.01) // 0.13407092913874194
 */
export function binomialPmf(x: number, n: number, p: number): number {
  checkArguments(x, n, p);
  if (x < 0 || x > n) return 0;
  return pmf(x, n, p, 1 - p);
}

/**
 * Binomial CDF P(X <= x), X ~ Bin(n, p).
 * @param x count (integer; below 0 gives 0, n or above gives 1)
 * @param n trials, integer >= 0
 * @param p success probability in [0, 1]
 * @returns the probability in [0, 1]
 * @example binomialCdf(4, 250, 0.01) // 0.8921876269036253 (Basel 1996 table: 89.22%)
 */
export function binomialCdf(x: number, n: number, p: number): number {
  checkArguments(x, n, p);
  if (x < 0) return 0;
  if (x >= n || p === 0) return 1;
  if (p === 1) return 0;
  const q = 1 - p;
  if (x <= n * p) {
    let term = pmf(x, n, p, q);
    let sum = term;
    for (let k = x; k > 0; k--) {
      term *= (k * q) / ((n - k + 1) * p);
      sum += term;
      if (term <= sum * Number.EPSILON * 0.5) break;
    }
    return Math.min(1, sum);
  }
  let term = pmf(x + 1, n, p, q);
  let sum = term;
  for (let k = x + 1; k < n; k++) {
    term *= ((n - k) * p) / ((k + 1) * q);
    sum += term;
    if (term <= sum * Number.EPSILON * 0.5) break;
  }
  return Math.max(0, 1 - sum);
}

function checkArguments(x: number, n: number, p: number): void {
  checkInteger('n', n, 0, Number.MAX_SAFE_INTEGER);
  checkInteger('x', x, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  if (!(p >= 0 && p <= 1)) throw inputError('p', `must be a probability in [0, 1]; got ${p}`);
}

/** R's `dbinom_raw` for 0 <= x <= n (Loader 2000). */
function pmf(x: number, n: number, p: number, q: number): number {
  if (p === 0) return x === 0 ? 1 : 0;
  if (q === 0) return x === n ? 1 : 0;
  if (x === 0) {
    if (n === 0) return 1;
    return Math.exp(p < 0.1 ? -bd0(n, n * q) - n * p : n * Math.log(q));
  }
  if (x === n) return Math.exp(q < 0.1 ? -bd0(n, n * p) - n * q : n * Math.log(p));
  const lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q);
  const lf = LN_2PI + Math.log(x) + Math.log1p(-x / n);
  return Math.exp(lc - 0.5 * lf);
}

/** Exact k! for k <= 15 (all below 2^53). */
const FACTORIALS = [1, 1, 2, 6, 24, 120, 720, 5040, 40320, 362880, 3628800, 39916800, 479001600, 6227020800, 87178291200, 1307674368000];

/** ln k! - ln(sqrt(2 pi k) (k/e)^k) for integer k >= 1: exact factorials up to 15, Stirling's series above. */
function stirlerr(k: number): number {
  if (k <= 15) return Math.log(FACTORIALS[k]) - (k + 0.5) * Math.log(k) + k - LN_SQRT_2PI;
  const S0 = 1 / 12;
  const S1 = 1 / 360;
  const S2 = 1 / 1260;
  const S3 = 1 / 1680;
  const S4 = 1 / 1188;
  const kk = k * k;
  if (k > 500) return (S0 - S1 / kk) / k;
  if (k > 80) return (S0 - (S1 - S2 / kk) / kk) / k;
  if (k > 35) return (S0 - (S1 - (S2 - S3 / kk) / kk) / kk) / k;
  return (S0 - (S1 - (S2 - (S3 - S4 / kk) / kk) / kk) / kk) / k;
}

/** Deviance term x ln(x/m) + m - x, by its series in v = (x-m)/(x+m) when x is near m (Loader 2000). */
function bd0(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    let v = (x - m) / (x + m);
    let s = (x - m) * v;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
    return s;
  }
  return x * Math.log(x / m) + m - x;
}
