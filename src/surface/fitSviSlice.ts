/**
 * Raw SVI fit of one expiry by the quasi-explicit method (Zeliade Systems 2009, sec. 3): the
 * linear parameters (a, d, c) are solved exactly for each (m, sigma) (`solveSviLinear`), and the
 * two-dimensional outer problem over (m, log sigma) is minimized by Nelder-Mead from the best
 * points of a coarse grid (multi-start, loose tolerances), then polished from the best of them.
 */
import { nelderMead } from '../calibration/nelderMead.js';
import type { SviParams } from './svi.js';
import { solveSviLinear } from './sviLinearFit.js';

/** Quotes of one expiry in total-variance form. */
export interface SliceData {
  /** log-moneyness ln(K / F) of each quote. */
  k: ArrayLike<number>;
  /** total implied variance iv^2 T of each quote. */
  w: ArrayLike<number>;
  /** least-squares weight of each quote on (w_model - w)^2 (>= 0); default all 1. */
  weight?: ArrayLike<number>;
}

/** Options of fitSviSlice. */
export interface FitSviSliceOptions {
  /** (number) Nelder-Mead starts, taken from the best points of a coarse (m, sigma) grid. Default 2. */
  starts?: number;
}

/** Fitted raw SVI slice. */
export interface SviSliceFit {
  params: SviParams;
  /** weighted sum of squared total-variance residuals at `params`. */
  objective: number;
  /** Nelder-Mead objective evaluations (all starts). */
  evaluations: number;
}

const GRID_M = 7;
const GRID_SIGMA = [0.02, 0.08, 0.25, 0.7, 2];
const SIMPLEX = { maxIterations: 600 };

/**
 * Fit raw SVI to one expiry's total variances (weighted least squares in w).
 * @throws RangeError with fewer than 3 quotes, or arrays of different lengths, or non-finite values.
 * @example
 * fitSviSlice({ k: [-0.2, -0.1, 0, 0.1, 0.2], w: [0.05, 0.045, 0.042, 0.043, 0.047] }).params
 */
export function fitSviSlice(data: SliceData, options: FitSviSliceOptions = {}): SviSliceFit {
  const { k, w } = data;
  const n = k.length;
  const weight = data.weight ?? new Float64Array(n).fill(1);
  if (w.length !== n || weight.length !== n) throw new RangeError(`fitSviSlice: ${n} k, ${w.length} w, ${weight.length} weights`);
  if (n < 3) throw new RangeError(`fitSviSlice: needs at least 3 quotes, got ${n}`);
  let kMin = Infinity, kMax = -Infinity, kAtMinW = 0, wMin = Infinity;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(k[i]) || !Number.isFinite(w[i]) || !(w[i] >= 0) || !(weight[i] >= 0)) {
      throw new RangeError(`fitSviSlice: quote ${i}: k = ${k[i]}, w = ${w[i]}, weight = ${weight[i]} (need finite k, w >= 0, weight >= 0)`);
    }
    kMin = Math.min(kMin, k[i]);
    kMax = Math.max(kMax, k[i]);
    if (w[i] < wMin) [wMin, kAtMinW] = [w[i], k[i]];
  }
  const span = Math.max(kMax - kMin, 1e-3);
  const mLo = kMin - span, mHi = kMax + span;
  const sLo = Math.log(1e-4 * span), sHi = Math.log(10 * span);
  const outer = (m: number, s: number): number =>
    m < mLo || m > mHi || s < sLo || s > sHi ? Infinity : solveSviLinear(k, w, weight, m, Math.exp(s)).objective;

  // coarse grid (plus the vertex at the lowest quote), best `starts` points start Nelder-Mead
  const grid: { m: number; s: number; f: number }[] = [];
  for (let i = 0; i <= GRID_M; i++) {
    const m = i === GRID_M ? kAtMinW : kMin + (span * i) / (GRID_M - 1);
    for (const rel of GRID_SIGMA) {
      const s = Math.log(rel * span);
      grid.push({ m, s, f: outer(m, s) });
    }
  }
  grid.sort((p, q) => p.f - q.f);
  const starts = Math.max(1, Math.min(options.starts ?? 2, grid.length));
  let best = { m: grid[0].m, s: grid[0].s, f: grid[0].f };
  let evaluations = grid.length;
  // each start converges loosely; the best point found is then polished to tight tolerances
  let from = [grid[0].m, grid[0].s];
  for (let i = 0; i < starts; i++) {
    const run = nelderMead((x) => outer(x[0], x[1]), [grid[i].m, grid[i].s], { ...SIMPLEX, initialStep: [0.1 * span, 0.3], tolF: 1e-8 * grid[0].f, tolX: 1e-4, maxRestarts: 0 });
    evaluations += run.evaluations;
    if (run.fx < best.f) [best, from] = [{ m: run.x[0], s: run.x[1], f: run.fx }, [run.x[0], run.x[1]]];
  }
  const polish = nelderMead((x) => outer(x[0], x[1]), from, { ...SIMPLEX, initialStep: [0.01 * span, 0.03], tolF: 1e-10 * best.f + 1e-24, tolX: 1e-9, maxRestarts: 1 });
  evaluations += polish.evaluations;
  if (polish.fx <= best.f) best = { m: polish.x[0], s: polish.x[1], f: polish.fx };
  const sigma = Math.exp(best.s);
  const lin = solveSviLinear(k, w, weight, best.m, sigma);
  const b = lin.c / sigma;
  const rho = lin.c > 0 ? lin.d / lin.c : 0; // c = 0: flat slice, rho is immaterial
  return { params: { a: lin.a, b, rho, m: best.m, sigma }, objective: lin.objective, evaluations };
}
