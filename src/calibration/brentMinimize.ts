/**
 * Brent's one-dimensional minimizer on a bracket [a, b]: golden-section search accelerated by
 * successive parabolic interpolation (Brent 1973, "Algorithms for Minimization without
 * Derivatives", ch. 5, procedure localmin; the same algorithm as SciPy's fminbound).
 * Stops when the bracket around the best point x satisfies |x - m| <= 2 tol - (b - a)/2 with
 * m the bracket midpoint and tol = sqrt(ε)|x| + tolX/3, ε = 2^-52; so x is within about
 * 2 tol of a local minimum. Deterministic. A NaN objective value counts as +Infinity.
 */

/** Options of brentMinimize. */
export interface BrentOptions {
  /** (number) Absolute tolerance on x. Default 1e-10. */
  tolX?: number;
  /** (number) Most iterations. Default 500. */
  maxIterations?: number;
}

/** Outcome of brentMinimize. */
export interface BrentResult {
  x: number;
  fx: number;
  iterations: number;
  converged: boolean;
}

const GOLDEN = 0.3819660112501051; // (3 - √5) / 2
const SQRT_EPS = 1.4901161193847656e-8; // √(2^-52)

/**
 * Minimize f on [lo, hi].
 * @param f objective.
 * @param lo lower end; @param hi upper end (lo < hi).
 * @param options tolerance and iteration limit.
 * @returns the best x found, f(x), the iteration count and whether the tolerance was met.
 * @example brentMinimize((x) => (x - 0.3) ** 2, 0, 1).x // 0.3 (within 1e-10)
 */
export function brentMinimize(f: (x: number) => number, lo: number, hi: number, options: BrentOptions = {}): BrentResult {
  const tolX = options.tolX ?? 1e-10;
  const maxIterations = options.maxIterations ?? 500;
  const fn = (x: number): number => {
    const y = f(x);
    return Number.isNaN(y) ? Infinity : y;
  };
  let a = lo;
  let b = hi;
  let x = a + GOLDEN * (b - a);
  let w = x;
  let v = x;
  let fx = fn(x);
  let fw = fx;
  let fv = fx;
  let d = 0;
  let e = 0;
  for (let iter = 0; iter < maxIterations; iter++) {
    const m = 0.5 * (a + b);
    const tol = SQRT_EPS * Math.abs(x) + tolX / 3;
    const tol2 = 2 * tol;
    if (Math.abs(x - m) <= tol2 - 0.5 * (b - a)) return { x, fx, iterations: iter, converged: true };
    let golden = true;
    if (Math.abs(e) > tol) {
      // parabola through (v, fv), (w, fw), (x, fx)
      let r = (x - w) * (fx - fv);
      let q = (x - v) * (fx - fw);
      let p = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      else q = -q;
      r = e;
      e = d;
      if (Math.abs(p) < Math.abs(0.5 * q * r) && p > q * (a - x) && p < q * (b - x)) {
        d = p / q;
        const u = x + d;
        if (u - a < tol2 || b - u < tol2) d = x < m ? tol : -tol;
        golden = false;
      }
    }
    if (golden) {
      e = (x < m ? b : a) - x;
      d = GOLDEN * e;
    }
    const u = Math.abs(d) >= tol ? x + d : x + (d > 0 ? tol : -tol);
    const fu = fn(u);
    if (fu <= fx) {
      if (u < x) b = x;
      else a = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
  return { x, fx, iterations: maxIterations, converged: false };
}
