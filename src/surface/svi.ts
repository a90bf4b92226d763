/** Raw SVI total variance of one expiry and its butterfly density g(k). */

/** Raw SVI parameters (Gatheral 2004): w(k) = a + b (rho (k - m) + sqrt((k - m)^2 + sigma^2)). */
export interface SviParams {
  a: number;
  b: number;
  rho: number;
  m: number;
  sigma: number;
}

/** Total implied variance w(k) at log-moneyness k (Gatheral 2004 raw SVI). */
export function sviTotalVariance(p: SviParams, k: number): number {
  const x = k - p.m;
  return p.a + p.b * (p.rho * x + Math.sqrt(x * x + p.sigma * p.sigma));
}

/** Butterfly density g(k) = (1 - k w'/(2w))^2 - w'^2/4 (1/w + 1/4) + w''/2 (Gatheral & Jacquier 2014, eq. 2.1). */
export function sviButterflyDensity(p: SviParams, k: number): number {
  const x = k - p.m;
  const r = Math.sqrt(x * x + p.sigma * p.sigma);
  const w = p.a + p.b * (p.rho * x + r);
  const w1 = p.b * (p.rho + x / r);
  const w2 = (p.b * p.sigma * p.sigma) / (r * r * r);
  const u = 1 - (k * w1) / (2 * w);
  return u * u - ((w1 * w1) / 4) * (1 / w + 0.25) + w2 / 2;
}

/** Lee 2004 moment formula: wing slopes of total variance b(1 +/- rho) at most 2, i.e. b(1 + |rho|) <= 2. */
export function sviMeetsLeeBound(p: SviParams): boolean {
  return p.b * (1 + Math.abs(p.rho)) <= 2;
}

/** Smallest raw SVI total variance over all k: a + b sigma sqrt(1 - rho^2), at k = m - rho sigma / sqrt(1 - rho^2) (Gatheral & Jacquier 2014, sec. 3.1). */
export function sviMinTotalVariance(p: SviParams): number {
  return p.a + p.b * p.sigma * Math.sqrt(Math.max(0, 1 - p.rho * p.rho));
}
