/**
 * Order-statistic ranks for the tail estimators and VaR's distribution-free confidence interval.
 *
 * With M scenarios, VaR_c is the k-th largest loss, k = ceil((1 - c) M), and ES_c the mean of the
 * ke = ceil((1 - c_es) M) largest. The number of scenario losses above the true VaR is
 * Binomial(M, 1 - c), so the CI for VaR runs between the kHi-th and kLo-th largest losses, with
 * kLo, kHi the binomial quantiles at (1 -+ level) / 2 (order-statistic CI, e.g. David & Nagaraja,
 * "Order Statistics", 2003, sec. 7.1).
 */
import { normalQuantile } from '../twin/random.js';

export interface TailRanks {
  /** VaR rank (k-th largest loss). */
  k: number;
  /** ES tail count. */
  ke: number;
  /** Rank of VaR's CI upper bound (fewer exceedances). */
  kLo: number;
  /** Rank of VaR's CI lower bound (more exceedances). */
  kHi: number;
  /** ES confidence level (for its standard error). */
  esAlpha: number;
  /** Normal quantile of the CI level (1.959964 for 95%). */
  zCrit: number;
}

/** Smallest integer count with (1 - c) M <= count, robust to binary rounding of (1 - c) M. */
export function tailCount(confidence: number, scenarios: number): number {
  const x = (1 - confidence) * scenarios;
  const r = Math.round(x);
  return Math.abs(x - r) < 1e-9 * Math.max(1, x) ? r : Math.ceil(x);
}

export function tailRanks(scenarios: number, confidence: number, esConfidence: number, ciLevel = 0.95): TailRanks {
  const M = scenarios;
  const k = Math.max(1, tailCount(confidence, M));
  const ke = Math.max(1, tailCount(esConfidence, M));
  const p = 1 - confidence;
  const tail = (1 - ciLevel) / 2;
  const kLo = Math.max(1, binomialQuantile(M, p, tail));
  const kHi = Math.min(M, Math.max(k, binomialQuantile(M, p, 1 - tail) + 1));
  return { k, ke, kLo: Math.min(kLo, k), kHi, esAlpha: esConfidence, zCrit: normalQuantile(1 - tail) };
}

/** Smallest j with P(Binomial(n, p) <= j) >= q, summing the pmf in log space from the mode outwards. */
export function binomialQuantile(n: number, p: number, q: number): number {
  const logPmf = (j: number) => logChoose(n, j) + j * Math.log(p) + (n - j) * Math.log1p(-p);
  // walk up from 0 accumulating the CDF; start the sum where the pmf is not negligible
  const mean = n * p;
  const sd = Math.sqrt(n * p * (1 - p));
  const start = Math.max(0, Math.floor(mean - 12 * sd - 10));
  let cdf = 0;
  for (let j = start; j <= n; j++) {
    cdf += Math.exp(logPmf(j));
    if (cdf >= q) return j;
  }
  return n;
}

function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/** ln Gamma(x) for x > 0 by the Lanczos approximation (g = 7, n = 9; Numerical Recipes 3rd ed. 6.1). */
export function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const xm = x - 1;
  let a = c[0];
  const t = xm + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (xm + i);
  return 0.5 * Math.log(2 * Math.PI) + (xm + 0.5) * Math.log(t) - t + Math.log(a);
}
