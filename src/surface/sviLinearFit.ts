/**
 * Inner step of the quasi-explicit SVI calibration (Zeliade Systems 2009, "Quasi-explicit
 * calibration of Gatheral's SVI model", sec. 3): with m and sigma fixed and y = (k - m) / sigma,
 * raw SVI total variance is w = a + d y + c sqrt(y^2 + 1) (c = b sigma, d = rho b sigma), linear in
 * (a, d, c). The weighted least squares over the paper's polytope is solved exactly by enumerating
 * active sets (the problem is a convex QP in three variables with six constraints).
 *
 * Constraints: 0 <= a <= max w_i and |d| <= c (Zeliade, domain D); the paper's |d| <= 4 sigma - c
 * (Rogers & Tehranchi slope bound 4) is tightened to |d| <= 2 sigma - c, which is Lee's moment
 * bound b (1 + |rho|) <= 2 (Lee 2004). |d| <= (1 - 1e-9) c keeps |rho| < 1.
 */

/** Solution of the inner problem: a, d, c and the weighted sum of squared residuals. */
export interface SviLinearSolution {
  a: number;
  d: number;
  c: number;
  /** sum_i weight_i (a + d y_i + c z_i - w_i)^2 */
  objective: number;
}

/** |d| <= RHO_CAP c: keeps |rho| = |d| / c strictly below 1. */
export const RHO_CAP = 1 - 1e-9;

// constraint rows g . (a, d, c) <= h; h of rows 1 and 4, 5 depend on amax and sigma
const G: readonly (readonly [number, number, number])[] = [
  [-1, 0, 0], // a >= 0
  [1, 0, 0], // a <= max w
  [0, 1, -RHO_CAP], // d <= c
  [0, -1, -RHO_CAP], // -d <= c
  [0, 1, 1], // d + c <= 2 sigma
  [0, -1, 1], // -d + c <= 2 sigma
];

/**
 * Every set of 1 to 3 constraints, the candidates for the active set (36 sets: a >= 0 and a <= max w
 * together have parallel rows, a singular system).
 */
const ACTIVE_SETS: readonly number[][] = (() => {
  const sets: number[][] = [];
  for (let i = 0; i < 6; i++) {
    sets.push([i]);
    for (let j = i + 1; j < 6; j++) {
      if (i === 0 && j === 1) continue;
      sets.push([i, j]);
      for (let l = j + 1; l < 6; l++) sets.push([i, j, l]);
    }
  }
  return sets;
})();

/** Workspace reused between calls (no allocation in the inner loop). */
const kkt = new Float64Array(36);
const rhs = new Float64Array(6);
const sol = new Float64Array(6);
const H = new Float64Array(9);
const f = new Float64Array(3);
const h = new Float64Array(6);
let ys = new Float64Array(64);
let zs = new Float64Array(64);

/**
 * Weighted least squares of w over (a, d, c) in the polytope, for fixed m and sigma > 0.
 * @param k log-moneyness of the quotes; w their total variances; weight their weights (>= 0).
 * @returns the best feasible (a, d, c) and its objective (Infinity when nothing is solvable).
 */
export function solveSviLinear(
  k: ArrayLike<number>,
  w: ArrayLike<number>,
  weight: ArrayLike<number>,
  m: number,
  sigma: number,
): SviLinearSolution {
  // normal equations: H = sum weight phi phi^T, f = sum weight w phi, phi = (1, y, z)
  if (ys.length < k.length) [ys, zs] = [new Float64Array(2 * k.length), new Float64Array(2 * k.length)];
  let s1 = 0, sy = 0, sz = 0, syy = 0, syz = 0, szz = 0, f1 = 0, fy = 0, fz = 0, sww = 0, wMax = 0;
  for (let i = 0; i < k.length; i++) {
    const y = (k[i] - m) / sigma;
    const z = Math.sqrt(y * y + 1);
    ys[i] = y;
    zs[i] = z;
    const q = weight[i];
    const v = w[i];
    s1 += q; sy += q * y; sz += q * z; syy += q * y * y; syz += q * y * z; szz += q * z * z;
    f1 += q * v; fy += q * v * y; fz += q * v * z; sww += q * v * v;
    if (v > wMax) wMax = v;
  }
  H[0] = s1; H[1] = sy; H[2] = sz; H[3] = sy; H[4] = syy; H[5] = syz; H[6] = sz; H[7] = syz; H[8] = szz;
  f[0] = f1; f[1] = fy; f[2] = fz;
  h[1] = wMax; h[4] = 2 * sigma; h[5] = 2 * sigma;
  // (no closures here: this runs some 10^4 times per surface)
  const tol = 1e-12 * (1 + wMax + sigma);
  let best: SviLinearSolution = { a: 0, d: 0, c: 0, objective: Infinity };
  const unconstrained = solveKkt(H, f, G, h, []);
  if (unconstrained && feasible(unconstrained, tol)) {
    return { a: unconstrained[0], d: unconstrained[1], c: unconstrained[2], objective: residualSum(k.length, w, weight, unconstrained[0], unconstrained[1], unconstrained[2]) };
  }
  for (const set of ACTIVE_SETS) {
    const x = solveKkt(H, f, G, h, set);
    if (!x || !feasible(x, tol)) continue;
    const obj = sww - 2 * (f1 * x[0] + fy * x[1] + fz * x[2]) +
      (H[0] * x[0] * x[0] + H[4] * x[1] * x[1] + H[8] * x[2] * x[2] + 2 * (H[1] * x[0] * x[1] + H[2] * x[0] * x[2] + H[5] * x[1] * x[2]));
    if (obj < best.objective) best = { a: x[0], d: x[1], c: x[2], objective: obj };
    // a feasible point whose multipliers are all >= 0 satisfies the KKT conditions: the optimum of
    // this convex problem (Nocedal & Wright 2006, thm. 16.4), so the other sets need not be tried
    let multipliersNonNegative = true;
    for (let r = 0; r < set.length; r++) if (!(x[3 + r] >= 0)) multipliersNonNegative = false;
    if (multipliersNonNegative && obj === best.objective) break;
  }
  // clip the feasibility tolerance away so the mapped parameters meet the bounds exactly
  best.a = Math.min(Math.max(best.a, 0), wMax);
  best.c = Math.min(Math.max(best.c, 0), 2 * sigma);
  const dMax = Math.min(RHO_CAP * best.c, 2 * sigma - best.c);
  best.d = Math.min(Math.max(best.d, -dMax), dMax);
  if (best.objective < Infinity) best.objective = residualSum(k.length, w, weight, best.a, best.d, best.c);
  return best;
}

/** Whether x meets every constraint row (g_r . x <= h_r + tol). */
function feasible(x: ArrayLike<number>, tol: number): boolean {
  for (let r = 0; r < 6; r++) if (G[r][0] * x[0] + G[r][1] * x[1] + G[r][2] * x[2] > h[r] + tol) return false;
  return true;
}

/**
 * The objective from the residuals over ys / zs of the current call (the normal-equation form
 * cancels below ~1e-16 sum weight w^2).
 */
function residualSum(n: number, w: ArrayLike<number>, weight: ArrayLike<number>, a: number, d: number, c: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const r = a + d * ys[i] + c * zs[i] - w[i];
    sum += weight[i] * r * r;
  }
  return sum;
}

/**
 * Minimizer of x^T H x - 2 f^T x subject to g_r . x = h_r for r in `active`: the KKT system
 * [H G^T; G 0] [x; lambda] = [f; h] by Gaussian elimination with partial pivoting.
 * @returns x (a shared buffer, valid until the next call), or null when the system is singular.
 */
function solveKkt(
  H: Float64Array,
  f: Float64Array,
  g: readonly (readonly number[])[],
  h: Float64Array,
  active: readonly number[],
): Float64Array | null {
  const n = 3 + active.length;
  kkt.fill(0, 0, n * n);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) kkt[i * n + j] = H[i * 3 + j];
    rhs[i] = f[i];
  }
  for (let r = 0; r < active.length; r++) {
    for (let j = 0; j < 3; j++) {
      kkt[(3 + r) * n + j] = g[active[r]][j];
      kkt[j * n + 3 + r] = g[active[r]][j];
    }
    rhs[3 + r] = h[active[r]];
  }
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(kkt[i]));
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(kkt[r * n + col]) > Math.abs(kkt[piv * n + col])) piv = r;
    if (!(Math.abs(kkt[piv * n + col]) > 1e-13 * scale)) return null;
    if (piv !== col) {
      for (let j = 0; j < n; j++) {
        const t = kkt[col * n + j]; kkt[col * n + j] = kkt[piv * n + j]; kkt[piv * n + j] = t;
      }
      const t = rhs[col]; rhs[col] = rhs[piv]; rhs[piv] = t;
    }
    for (let r = col + 1; r < n; r++) {
      const factor = kkt[r * n + col] / kkt[col * n + col];
      if (factor === 0) continue;
      for (let j = col; j < n; j++) kkt[r * n + j] -= factor * kkt[col * n + j];
      rhs[r] -= factor * rhs[col];
    }
  }
  const x = sol;
  for (let i = n - 1; i >= 0; i--) {
    let sum = rhs[i];
    for (let j = i + 1; j < n; j++) sum -= kkt[i * n + j] * x[j];
    x[i] = sum / kkt[i * n + i];
  }
  return x;
}
