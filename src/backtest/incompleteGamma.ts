/**
 * Regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 - P(a, x).
 *
 * see: Press, Teukolsky, Vetterling & Flannery, "Numerical Recipes", 3rd ed. (2007), sec. 6.2:
 * the series  P(a,x) = e^-x x^a / Gamma(a) * sum_n x^n / (a (a+1) ... (a+n))  for x < a + 1,
 * else the continued fraction  Q(a,x) = e^-x x^a / Gamma(a) * 1/(x+1-a- 1(1-a)/(x+3-a- 2(2-a)/(x+5-a- ...)))
 * evaluated by the modified Lentz method. Each is used where it converges fast, and the other
 * function follows as 1 minus it, so the small one of P and Q never suffers cancellation.
 * (NR switches to Gauss-Legendre quadrature for a >= 100; here the series and fraction run
 * longer instead: fine for the small degrees of freedom of backtest statistics.)
 */
import { logGamma } from '../montecarlo/tailRanks.js';
import { inputError } from './checkInputs.js';

const EPS = Number.EPSILON;
const FPMIN = Number.MIN_VALUE / EPS;
const MAX_ITERATIONS = 100_000;

/**
 * Regularized lower incomplete gamma P(a, x) = gamma(a, x) / Gamma(a).
 * @param a shape, > 0
 * @param x argument, >= 0 (Infinity gives 1)
 * @returns P(a, x) in [0, 1]
 * @throws InputError when a <= 0, x < 0 or either is NaN
 * @example regularizedGammaP(1, 2) // 0.8646647167633873 (= 1 - e^-2)
 */
export function regularizedGammaP(a: number, x: number): number {
  checkArguments(a, x);
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
}

/**
 * Regularized upper incomplete gamma Q(a, x) = Gamma(a, x) / Gamma(a) = 1 - P(a, x).
 * @param a shape, > 0
 * @param x argument, >= 0 (Infinity gives 0)
 * @returns Q(a, x) in [0, 1]
 * @throws InputError when a <= 0, x < 0 or either is NaN
 * @example regularizedGammaQ(1, 2) // 0.1353352832366127 (= e^-2)
 */
export function regularizedGammaQ(a: number, x: number): number {
  checkArguments(a, x);
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
}

function checkArguments(a: number, x: number): void {
  if (!(a > 0) || a === Infinity) throw inputError('a', `shape must be a finite number > 0; got ${a}`);
  if (!(x >= 0)) throw inputError('x', `must be a number >= 0; got ${x}`);
}

/** e^-x x^a / Gamma(a), in log space. */
function prefactor(a: number, x: number): number {
  return Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** P(a, x) by its series (NR3 `gser`). */
function gammaSeries(a: number, x: number): number {
  let ap = a;
  let del = 1 / a;
  let sum = del;
  for (let n = 0; n < MAX_ITERATIONS; n++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPS) return sum * prefactor(a, x);
  }
  throw new Error(`incomplete gamma series did not converge for a=${a}, x=${x}`);
}

/** Q(a, x) by its continued fraction, modified Lentz (NR3 `gcf`). */
function gammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / FPMIN;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = b + an / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) <= EPS) return prefactor(a, x) * h;
  }
  throw new Error(`incomplete gamma continued fraction did not converge for a=${a}, x=${x}`);
}
