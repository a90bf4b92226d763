// Test helpers, written independently of src/calibration: a seeded PRNG, GARCH(1,1) and EWMA
// simulators, and plain-loop log-likelihoods (own ln Γ by Stirling's series) for the true parameters.

/** xoshiro128** (Blackman & Vigna 2018), seeded by splitmix32; uniforms in (0, 1) with 53 bits. */
export class Rng {
  private s = new Uint32Array(4);
  private spare: number | null = null;
  constructor(seed: number) {
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      // splitmix32
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
  }
  private next32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }
  /** Uniform in (0, 1). */
  uniform(): number {
    const hi = this.next32() >>> 5; // 27 bits
    const lo = this.next32() >>> 6; // 26 bits
    return (hi * 67108864 + lo + 0.5) / 9007199254740992;
  }
  /** Standard normal by the Box-Muller transform (both values used). */
  normal(): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return z;
    }
    const rad = Math.sqrt(-2 * Math.log(this.uniform()));
    const ang = 2 * Math.PI * this.uniform();
    this.spare = rad * Math.sin(ang);
    return rad * Math.cos(ang);
  }
  /** Student-t with integer ν > 2 scaled to unit variance: Z / sqrt(χ²_ν / ν) · sqrt((ν-2)/ν). */
  standardizedT(dof: number): number {
    let chi2 = 0;
    for (let i = 0; i < dof; i++) {
      const g = this.normal();
      chi2 += g * g;
    }
    return (this.normal() / Math.sqrt(chi2 / dof)) * Math.sqrt((dof - 2) / dof);
  }
  innovation(dof: number | undefined): number {
    return dof === undefined ? this.normal() : this.standardizedT(dof);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * GARCH(1,1) returns, started at `startVariance` (default: the unconditional variance, which needs
 * α + β < 1), first `burnIn` dropped.
 */
export function simulateGarch(
  rng: Rng, n: number, omega: number, alpha: number, beta: number, dof?: number, burnIn = 500, mu = 0,
  startVariance = omega / (1 - alpha - beta),
): number[] {
  let v = startVariance;
  const out: number[] = [];
  for (let t = 0; t < n + burnIn; t++) {
    const e = Math.sqrt(v) * rng.innovation(dof);
    if (t >= burnIn) out.push(mu + e);
    v = omega + alpha * e * e + beta * v;
  }
  return out;
}

/**
 * Returns whose variance follows the EWMA recursion exactly (seed: mean square of the first `seed`).
 * Without a constant the variance drifts toward 0 (E ln(λ + (1-λ) z²) < 0): after 10,000 steps at
 * λ = 0.94 returns are ~1e-20, still far from underflow; the likelihood's λ-shape does not depend on scale.
 */
export function simulateEwma(rng: Rng, n: number, lambda: number, seed: number, dof?: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < seed; t++) out.push(0.02 * rng.innovation(dof));
  let v = out.reduce((s, x) => s + x * x, 0) / seed;
  for (let t = seed; t < n; t++) {
    const r = Math.sqrt(v) * rng.innovation(dof);
    out.push(r);
    v = lambda * v + (1 - lambda) * r * r;
  }
  return out;
}

/** ln Γ(x), x > 0: shift to x + 10 then Stirling's series to the 1/x^11 term (Abramowitz & Stegun 6.1.40). */
export function lnGammaStirling(x: number): number {
  let shift = 0;
  while (x < 10) {
    shift += Math.log(x);
    x += 1;
  }
  const z = 1 / (x * x);
  const series = (1 / x) * (1 / 12 - z * (1 / 360 - z * (1 / 1260 - z * (1 / 1680 - z * (1 / 1188 - z * (691 / 360360))))));
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series - shift;
}

/** Per-observation log density, normal or unit-variance t, written out from the textbook formulas. */
function logDensity(e: number, v: number, dof?: number): number {
  if (dof === undefined) return -0.5 * Math.log(2 * Math.PI * v) - (e * e) / (2 * v);
  const scale2 = (v * (dof - 2)) / dof; // t(ν) with scale² = v (ν-2)/ν has variance v
  return (
    lnGammaStirling((dof + 1) / 2) - lnGammaStirling(dof / 2) - 0.5 * Math.log(dof * Math.PI * scale2)
    - ((dof + 1) / 2) * Math.log(1 + (e * e) / (dof * scale2))
  );
}

/** GARCH(1,1) log-likelihood over t >= start, variance started at mean((r - mu)^2) over all t. */
export function garchLogLikelihoodPlain(
  r: readonly number[], omega: number, alpha: number, beta: number, dof?: number, mu = 0, start = 0,
): number {
  const e = r.map((x) => x - mu);
  const variances = [e.reduce((s, x) => s + x * x, 0) / e.length];
  for (let t = 1; t < e.length; t++) variances.push(omega + alpha * e[t - 1] ** 2 + beta * variances[t - 1]);
  return e.reduce((s, x, t) => (t >= start ? s + logDensity(x, variances[t], dof) : s), 0);
}

/** EWMA log-likelihood over t >= seed, forecasts v_t from returns before t. */
export function ewmaLogLikelihoodPlain(r: readonly number[], lambda: number, seed: number, dof?: number): number {
  let v = r.slice(0, seed).reduce((s, x) => s + x * x, 0) / seed;
  let ll = 0;
  for (let t = seed; t < r.length; t++) {
    ll += logDensity(r[t], v, dof);
    v = lambda * v + (1 - lambda) * r[t] ** 2;
  }
  return ll;
}

/** Log returns of a close series. */
export function logReturns(closes: readonly number[]): number[] {
  return closes.slice(1).map((c, i) => Math.log(c / closes[i]));
}
