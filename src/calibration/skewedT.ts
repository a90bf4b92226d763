/**
 * Student-t cdf and quantile, and Hansen's (1994) skewed Student-t with zero mean and unit variance
 * (B. E. Hansen, "Autoregressive conditional density estimation", Int. Econ. Rev. 35(3)), with
 * an ML fit of its shape (η, λ) to standardized residuals.
 */
import { InputError } from '../errors.js';
import { inverseRegularizedIncompleteBeta, regularizedIncompleteBeta } from './incompleteBeta.js';
import { DOF_MAX, DOF_MIN } from './fitEwmaLambda.js';
import { logGamma } from './logGamma.js';
import { nelderMead } from './nelderMead.js';
import { fromInterval, toInterval } from './parameterTransforms.js';

function fail(column: string, value: number, rule: string): never {
  throw new InputError(`${String(value)}: ${rule}`, { file: '<api>', column });
}
function checkDof(dof: number, min: number, column: string): void {
  if (!(typeof dof === 'number' && dof > min && dof < Infinity)) fail(column, dof, `degrees of freedom must be a finite number > ${min}`);
}
function checkLambda(lambda: number): void {
  if (!(typeof lambda === 'number' && lambda > -1 && lambda < 1)) fail('lambda', lambda, 'skewness λ must be in (-1, 1)');
}
function checkP(p: number): void {
  if (!(typeof p === 'number' && p > 0 && p < 1)) fail('p', p, 'probability must be in (0, 1)');
}

/**
 * Cdf of the (unscaled) Student-t with ν degrees of freedom: P(T <= t) = I_{ν/(ν+t²)}(ν/2, 1/2) / 2
 * for t <= 0 (Abramowitz & Stegun 26.7.1 with 26.5.27); near 0 through I_{t²/(ν+t²)}(1/2, ν/2).
 * @param t any number; @param dof ν > 0.
 * @example studentTCdf(0, 4) // 0.5
 */
export function studentTCdf(t: number, dof: number): number {
  checkDof(dof, 0, 'dof');
  if (Number.isNaN(t)) fail('t', t, 'must be a number');
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const t2 = t * t;
  if (t2 < dof) {
    const half = 0.5 * regularizedIncompleteBeta(t2 / (dof + t2), 0.5, 0.5 * dof);
    return t < 0 ? 0.5 - half : 0.5 + half;
  }
  const tail = 0.5 * regularizedIncompleteBeta(dof / (dof + t2), 0.5 * dof, 0.5);
  return t < 0 ? tail : 1 - tail;
}

/**
 * Quantile of the Student-t with ν degrees of freedom, exact through the inverse incomplete beta
 * (the inversion of A&S 26.7.1): for p < 1/2, x = I⁻¹_{2p}(ν/2, 1/2), t = -√(ν (1 - x) / x);
 * when x > 1/2 the complementary y = I⁻¹_{1-2p}(1/2, ν/2), t = -√(ν y / (1 - y)) keeps precision.
 * @param p in (0, 1); @param dof ν > 0.
 * @example studentTQuantile(0.975, 4) // 2.7764451051977987
 */
export function studentTQuantile(p: number, dof: number): number {
  checkP(p);
  checkDof(dof, 0, 'dof');
  if (p === 0.5) return 0;
  const q = p < 0.5 ? p : 1 - p; // exact (Sterbenz) for p >= 0.5
  const x = inverseRegularizedIncompleteBeta(2 * q, 0.5 * dof, 0.5);
  let t: number;
  if (x < 0.5) t = Math.sqrt((dof * (1 - x)) / x);
  else {
    const y = inverseRegularizedIncompleteBeta(1 - 2 * q, 0.5, 0.5 * dof);
    t = Math.sqrt((dof * y) / (1 - y));
  }
  return p < 0.5 ? -t : t;
}

/** Constants of Hansen's density for one (η, λ). */
export interface SkewedTConstants {
  eta: number;
  lambda: number;
  /** c = Γ((η+1)/2) / (√(π(η-2)) Γ(η/2)) */
  c: number;
  /** a = 4 λ c (η-2)/(η-1) */
  a: number;
  /** b = √(1 + 3λ² - a²) */
  b: number;
  /** ln(b c) */
  logBC: number;
}

/**
 * Hansen (1994) eq. (11)-(13): a, b, c for η > 2, -1 < λ < 1 (no checks; callers validate).
 * @example skewedTConstants(5, 0).a // 0
 */
export function skewedTConstants(eta: number, lambda: number): SkewedTConstants {
  const logC = logGamma(0.5 * (eta + 1)) - logGamma(0.5 * eta) - 0.5 * Math.log(Math.PI * (eta - 2));
  const c = Math.exp(logC);
  const a = (4 * lambda * c * (eta - 2)) / (eta - 1);
  const b = Math.sqrt(1 + 3 * lambda * lambda - a * a);
  return { eta, lambda, c, a, b, logBC: Math.log(b) + logC };
}

/**
 * ln g(z | η, λ) from precomputed constants, Hansen (1994) eq. (10):
 * g = b c (1 + ((b z + a) / (1 ∓ λ))² / (η - 2))^(-(η+1)/2), minus sign for z < -a/b.
 */
export function skewedTLogDensityWith(z: number, k: SkewedTConstants): number {
  const y = k.b * z + k.a;
  const s = y < 0 ? 1 - k.lambda : 1 + k.lambda;
  const u = y / s;
  return k.logBC - 0.5 * (k.eta + 1) * Math.log1p((u * u) / (k.eta - 2));
}

/**
 * Log density of Hansen's skewed t (zero mean, unit variance).
 * @param z point; @param eta η > 2; @param lambda λ in (-1, 1); λ = 0 is the standardized t.
 * @throws InputError for η <= 2, |λ| >= 1 or NaN z.
 * @example skewedTLogDensity(0, 4, 0) // -0.6342556627317535
 */
export function skewedTLogDensity(z: number, eta: number, lambda: number): number {
  checkDof(eta, 2, 'eta');
  checkLambda(lambda);
  if (Number.isNaN(z)) fail('z', z, 'must be a number');
  return skewedTLogDensityWith(z, skewedTConstants(eta, lambda));
}

/**
 * Cdf of Hansen's skewed t by substituting u = √(η/(η-2)) (b z + a) / (1 ∓ λ) into the t cdf T_η:
 * F = (1-λ) T_η(u) for z < -a/b, else (1-λ)/2 + (1+λ)(T_η(u) - 1/2) (integrating eq. (10)).
 * @example skewedTCdf(-skewedTConstants(4, 0.3).a / skewedTConstants(4, 0.3).b, 4, 0.3) // 0.35 (= (1-λ)/2)
 */
export function skewedTCdf(z: number, eta: number, lambda: number): number {
  checkDof(eta, 2, 'eta');
  checkLambda(lambda);
  if (Number.isNaN(z)) fail('z', z, 'must be a number');
  const k = skewedTConstants(eta, lambda);
  const y = k.b * z + k.a;
  const r = Math.sqrt(eta / (eta - 2));
  if (y < 0) return (1 - lambda) * studentTCdf((r * y) / (1 - lambda), eta);
  const u = (r * y) / (1 + lambda);
  // T_η(u) - 1/2 for u >= 0, without cancellation: I_{u²/(η+u²)}(1/2, η/2) / 2 or 1/2 - upper tail
  const u2 = u * u;
  const upper = u2 < eta
    ? 0.5 * regularizedIncompleteBeta(u2 / (eta + u2), 0.5, 0.5 * eta)
    : 0.5 - 0.5 * regularizedIncompleteBeta(eta / (eta + u2), 0.5 * eta, 0.5);
  return 0.5 * (1 - lambda) + (1 + lambda) * upper;
}

/**
 * Quantile of Hansen's skewed t, inverting skewedTCdf piece by piece (exact through the t quantile):
 * p < (1-λ)/2: z = ((1-λ) √((η-2)/η) T⁻¹_η(p / (1-λ)) - a) / b;
 * else z = ((1+λ) √((η-2)/η) T⁻¹_η(1/2 + (p - (1-λ)/2) / (1+λ)) - a) / b.
 * @param p in (0, 1).
 * @example skewedTQuantile(0.5, 5, 0) // 0
 */
export function skewedTQuantile(p: number, eta: number, lambda: number): number {
  checkP(p);
  checkDof(eta, 2, 'eta');
  checkLambda(lambda);
  const k = skewedTConstants(eta, lambda);
  const r = Math.sqrt((eta - 2) / eta);
  const mode = 0.5 * (1 - lambda);
  if (p < mode) return ((1 - lambda) * r * studentTQuantile(p / (1 - lambda), eta) - k.a) / k.b;
  const pt = 0.5 + (p - mode) / (1 + lambda);
  const u = pt >= 1 ? Infinity : studentTQuantile(Math.max(pt, 0.5), eta);
  return ((1 + lambda) * r * u - k.a) / k.b;
}

/** Fitted skewed-t shape. */
export interface SkewedTFit {
  eta: number;
  lambda: number;
  /** Σ ln g(z_i | η, λ) at the fit. */
  logLikelihood: number;
  converged: boolean;
}

/** Largest |λ| the fit returns. */
export const SKEW_MAX = 0.999;
/** Fewest residuals fitSkewedT accepts. */
export const MIN_RESIDUALS = 50;

/**
 * Maximum-likelihood (η, λ) of Hansen's skewed t for standardized residuals (taken as given: no
 * location or scale is fitted). Nelder-Mead on θ with η = DOF_MIN + (DOF_MAX - DOF_MIN) L(θ0),
 * λ = SKEW_MAX (2 L(θ1) - 1), L the logistic, maximizing the average log-likelihood.
 * @param residuals at least 50 finite numbers.
 * @throws InputError for too few or non-finite residuals.
 * @example fitSkewedT(standardizedResiduals) // { eta: 4.1, lambda: -0.08, logLikelihood: -2790.3, converged: true }
 */
export function fitSkewedT(residuals: ArrayLike<number>): SkewedTFit {
  if (residuals === null || typeof residuals !== 'object' || typeof residuals.length !== 'number') {
    throw new InputError('residuals must be an array of numbers', { file: '<api>', column: 'residuals' });
  }
  const n = residuals.length;
  if (n < MIN_RESIDUALS) {
    throw new InputError(`${n} residuals: a skewed-t fit needs at least ${MIN_RESIDUALS}`, { file: '<api>', column: 'residuals' });
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = residuals[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) fail(`residuals[${i}]`, x, 'every residual must be a finite number');
    z[i] = x;
  }
  const unpack = (th: ArrayLike<number>): [number, number] => [
    toInterval(th[0], DOF_MIN, DOF_MAX),
    toInterval(th[1], -SKEW_MAX, SKEW_MAX),
  ];
  const ll = (eta: number, lambda: number): number => {
    const k = skewedTConstants(eta, lambda);
    let s = 0;
    for (let i = 0; i < n; i++) s += skewedTLogDensityWith(z[i], k);
    return s;
  };
  const objective = (th: ArrayLike<number>): number => -ll(...unpack(th)) / n;
  let start = [0, 0];
  let fStart = Infinity;
  for (const eta of [3, 5, 8, 20]) {
    for (const lambda of [-0.3, 0, 0.3]) {
      const th = [fromInterval(eta, DOF_MIN, DOF_MAX), fromInterval(lambda, -SKEW_MAX, SKEW_MAX)];
      const f = objective(th);
      if (f < fStart) [start, fStart] = [th, f];
    }
  }
  const nm = nelderMead(objective, start, { initialStep: 0.5, tolF: 1e-13, tolX: 1e-9 });
  const [eta, lambda] = unpack(nm.x);
  return { eta, lambda, logLikelihood: ll(eta, lambda), converged: nm.converged };
}
