/**
 * Nelder-Mead simplex minimizer (Nelder & Mead 1965) with the standard coefficients and the
 * tie-breaking and termination rules of Lagarias, Reeds, Wright & Wright (1998), "Convergence
 * properties of the Nelder-Mead simplex method in low dimensions" (the rules MATLAB's fminsearch
 * uses): stop when max_i |f(x_i) - f(x_0)| <= tolF and max_i ||x_i - x_0||_∞ <= tolX.
 * After a stop the search restarts from a fresh simplex around the best point (guards against the
 * simplex collapsing away from a minimum, McKinnon 1998); it ends when a restart gains no more than
 * tolF. Deterministic: same inputs, same result. A NaN objective value counts as +Infinity.
 */

/** Options of nelderMead; every field optional. */
export interface NelderMeadOptions {
  /** (number | number[]) Edge length of the initial simplex along each axis. Default 0.5. */
  initialStep?: number | readonly number[];
  /** (number) Absolute tolerance on the spread of objective values in the simplex. Default 1e-10. */
  tolF?: number;
  /** (number) Absolute tolerance on the simplex diameter (max-norm). Default 1e-7. */
  tolX?: number;
  /** (number) Most iterations (reflect/expand/contract/shrink steps) over all restarts. Default 2000 per dimension. */
  maxIterations?: number;
  /** (number) Most restarts after the first convergence. Default 3. */
  maxRestarts?: number;
}

/** Outcome of nelderMead. */
export interface NelderMeadResult {
  /** Best point found. */
  x: Float64Array;
  /** Objective at x. */
  fx: number;
  /** Iterations done (all restarts). */
  iterations: number;
  /** Objective evaluations. */
  evaluations: number;
  /** True when the tolerances were met and the last restart gained no more than tolF. */
  converged: boolean;
}

// Nelder & Mead (1965) coefficients: reflection, expansion, contraction, shrink
const RHO = 1;
const CHI = 2;
const GAMMA = 0.5;
const SIGMA = 0.5;

/**
 * Minimize f over R^k.
 * @param f objective; it must not keep the array it is given (the array is reused).
 * @param x0 starting point (k >= 1).
 * @param options tolerances, step and limits (see NelderMeadOptions).
 * @returns the best point, its value, counts and whether it converged.
 * @example
 * nelderMead((x) => (x[0] - 1) ** 2 + 10 * (x[1] + 2) ** 2, [0, 0]).x // ≈ Float64Array [1, -2]
 */
export function nelderMead(
  f: (x: Float64Array) => number,
  x0: ArrayLike<number>,
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const k = x0.length;
  const tolF = options.tolF ?? 1e-10;
  const tolX = options.tolX ?? 1e-7;
  const maxIterations = options.maxIterations ?? 2000 * k;
  const maxRestarts = options.maxRestarts ?? 3;
  const step = options.initialStep ?? 0.5;
  let evaluations = 0;
  const evalAt = (x: Float64Array): number => {
    evaluations++;
    const y = f(x);
    return Number.isNaN(y) ? Infinity : y;
  };

  let best: Float64Array = Float64Array.from(x0);
  let fBest = evalAt(best);
  let iterations = 0;
  let converged = false;
  for (let restart = 0; restart <= maxRestarts; restart++) {
    const run = simplexSearch(evalAt, best, fBest, step, tolF, tolX, maxIterations - iterations);
    iterations += run.iterations;
    const gain = fBest - run.fx;
    if (run.fx <= fBest) {
      best = run.x;
      fBest = run.fx;
    }
    if (!run.converged) break; // out of iterations
    if (restart > 0 && !(gain > tolF)) {
      converged = true;
      break;
    }
  }
  return { x: best, fx: fBest, iterations, evaluations, converged };
}

interface SimplexRun {
  x: Float64Array;
  fx: number;
  iterations: number;
  converged: boolean;
}

/** One Nelder-Mead run from a right-angled simplex at x0 (Lagarias et al. 1998, sec. 2). */
function simplexSearch(
  evalAt: (x: Float64Array) => number,
  x0: Float64Array,
  f0: number,
  step: number | readonly number[],
  tolF: number,
  tolX: number,
  maxIterations: number,
): SimplexRun {
  const k = x0.length;
  const pts: Float64Array[] = [Float64Array.from(x0)];
  const fv: number[] = [f0];
  for (let i = 0; i < k; i++) {
    const p = Float64Array.from(x0);
    p[i] += typeof step === 'number' ? step : step[i];
    pts.push(p);
    fv.push(evalAt(p));
  }
  const order = Array.from({ length: k + 1 }, (_, i) => i);
  const sortSimplex = (): void => {
    // stable sort by value: among ties the older vertex stays first (Lagarias et al. tie rule)
    order.sort((a, b) => fv[a] - fv[b] || a - b);
    const p = order.map((i) => pts[i]);
    const v = order.map((i) => fv[i]);
    for (let i = 0; i <= k; i++) {
      pts[i] = p[i];
      fv[i] = v[i];
      order[i] = i;
    }
  };
  const centroid = new Float64Array(k);
  const xr = new Float64Array(k);
  const xe = new Float64Array(k);
  const xc = new Float64Array(k);
  const along = (out: Float64Array, from: Float64Array, to: Float64Array, t: number): Float64Array => {
    for (let j = 0; j < k; j++) out[j] = from[j] + t * (to[j] - from[j]);
    return out;
  };

  let iterations = 0;
  sortSimplex();
  while (true) {
    if (simplexConverged(pts, fv, tolF, tolX)) return { x: pts[0], fx: fv[0], iterations, converged: true };
    if (iterations >= maxIterations) return { x: pts[0], fx: fv[0], iterations, converged: false };
    iterations++;
    centroid.fill(0);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) centroid[j] += pts[i][j] / k;
    const worst = pts[k];
    const fr = evalAt(along(xr, centroid, worst, -RHO));
    let accepted: Float64Array | null = null;
    let fAccepted = 0;
    if (fr < fv[0]) {
      const fe = evalAt(along(xe, centroid, worst, -RHO * CHI));
      if (fe < fr) [accepted, fAccepted] = [xe, fe];
      else [accepted, fAccepted] = [xr, fr];
    } else if (fr < fv[k - 1]) {
      [accepted, fAccepted] = [xr, fr];
    } else if (fr < fv[k]) {
      const fc = evalAt(along(xc, centroid, worst, -RHO * GAMMA)); // outside contraction
      if (fc <= fr) [accepted, fAccepted] = [xc, fc];
    } else {
      const fcc = evalAt(along(xc, centroid, worst, GAMMA)); // inside contraction
      if (fcc < fv[k]) [accepted, fAccepted] = [xc, fcc];
    }
    if (accepted) {
      pts[k] = Float64Array.from(accepted);
      fv[k] = fAccepted;
    } else {
      for (let i = 1; i <= k; i++) {
        along(pts[i], pts[0], pts[i], SIGMA);
        fv[i] = evalAt(pts[i]);
      }
    }
    sortSimplex();
  }
}

/** Lagarias et al. (1998) / fminsearch termination test on a sorted simplex. */
function simplexConverged(pts: Float64Array[], fv: number[], tolF: number, tolX: number): boolean {
  const k = pts[0].length;
  for (let i = 1; i <= k; i++) {
    if (!(Math.abs(fv[i] - fv[0]) <= tolF)) return false;
    for (let j = 0; j < k; j++) if (!(Math.abs(pts[i][j] - pts[0][j]) <= tolX)) return false;
  }
  return true;
}
