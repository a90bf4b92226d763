/**
 * SSVI (Gatheral & Jacquier 2014, "Arbitrage-free SVI volatility surfaces", sec. 4):
 * w(k, theta_t) = theta_t / 2 (1 + rho phi k + sqrt((phi k + rho)^2 + 1 - rho^2)) with the power
 * law phi(theta) = eta / (theta^gamma (1 + theta)^(1 - gamma)) Fitted globally
 * over (rho, eta, gamma) with theta_t the ATM total variances, under the sufficient conditions of
 * GJ 2014 sec. 4 for the power law: eta (1 + |rho|) <= 2 and gamma in (0, 1/2] (no butterfly
 * arbitrage), theta_t non-decreasing (no calendar arbitrage).
 */
import { nelderMead } from '../calibration/nelderMead.js';
import type { SviParams } from './svi.js';

/** SSVI with the power-law phi. */
export interface SsviParams {
  rho: number;
  eta: number;
  gamma: number;
}

/** One expiry's quotes for the global fit. */
export interface SsviSliceData {
  /** ATM total variance theta_t of the expiry (> 0). */
  theta: number;
  k: ArrayLike<number>;
  w: ArrayLike<number>;
  weight?: ArrayLike<number>;
}

/** Power-law curvature phi(theta) = eta / (theta^gamma (1 + theta)^(1 - gamma)) (GJ 2014 sec. 4). */
export function ssviPhi(p: SsviParams, theta: number): number {
  return p.eta / (Math.pow(theta, p.gamma) * Math.pow(1 + theta, 1 - p.gamma));
}

/** SSVI total variance (GJ 2014 sec. 4). */
export function ssviTotalVariance(p: SsviParams, theta: number, k: number): number {
  const pk = ssviPhi(p, theta) * k;
  return (theta / 2) * (1 + p.rho * pk + Math.sqrt((pk + p.rho) * (pk + p.rho) + 1 - p.rho * p.rho));
}

/**
 * The raw SVI slice equal to SSVI at theta (GJ 2014 sec. 3: natural SVI with Delta = mu = 0,
 * omega = theta, zeta = phi, mapped to raw SVI):
 * a = theta/2 (1 - rho^2), b = theta phi / 2, m = -rho / phi, sigma = sqrt(1 - rho^2) / phi.
 */
export function ssviToRawSvi(p: SsviParams, theta: number): SviParams {
  const phi = ssviPhi(p, theta);
  const r2 = 1 - p.rho * p.rho;
  return { a: (theta / 2) * r2, b: (theta * phi) / 2, rho: p.rho, m: -p.rho / phi, sigma: Math.sqrt(r2) / phi };
}

/** True when (rho, eta, gamma) meets the GJ 2014 sec. 4 power-law conditions: |rho| < 1, eta > 0, gamma in (0, 1/2], eta (1 + |rho|) <= 2. */
export function ssviIsArbitrageFree(p: SsviParams): boolean {
  return Math.abs(p.rho) < 1 && p.eta > 0 && p.gamma > 0 && p.gamma <= 0.5 && p.eta * (1 + Math.abs(p.rho)) <= 2;
}

/**
 * Non-decreasing least-squares fit of a sequence (pool adjacent violators, Ayer et al. 1955):
 * the thetas used for SSVI, so that theta_t never falls (calendar condition of GJ 2014 sec. 4).
 */
export function nonDecreasing(values: readonly number[]): number[] {
  const blocks: { sum: number; n: number }[] = [];
  for (const v of values) {
    blocks.push({ sum: v, n: 1 });
    while (blocks.length > 1 && blocks[blocks.length - 2].sum / blocks[blocks.length - 2].n > blocks[blocks.length - 1].sum / blocks[blocks.length - 1].n) {
      const last = blocks.pop()!;
      blocks[blocks.length - 1].sum += last.sum;
      blocks[blocks.length - 1].n += last.n;
    }
  }
  return blocks.flatMap((b) => Array.from({ length: b.n }, () => b.sum / b.n));
}

// unconstrained coordinates: rho = 0.999 tanh(u), gamma = 0.5 logistic(v), eta = 2 / (1 + |rho|) logistic(x)
const logistic = (x: number): number => 1 / (1 + Math.exp(-x));
function fromCoordinates(x: ArrayLike<number>): SsviParams {
  const rho = 0.999 * Math.tanh(x[0]);
  return { rho, gamma: 0.5 * logistic(x[1]), eta: (2 / (1 + Math.abs(rho))) * logistic(x[2]) };
}

/** Fitted SSVI surface. */
export interface SsviFit {
  params: SsviParams;
  /** thetas used (non-decreasing), one per slice in input order. */
  thetas: number[];
  objective: number;
}

/**
 * Global SSVI fit: weighted least squares in w over all slices (input in ascending expiry order),
 * Nelder-Mead in coordinates that keep the no-arbitrage conditions, from several starts.
 * @throws RangeError when a theta is not positive.
 */
export function fitSsvi(slices: readonly SsviSliceData[]): SsviFit {
  const thetas = nonDecreasing(slices.map((s) => s.theta));
  thetas.forEach((t, i) => {
    if (!(t > 0) || !Number.isFinite(t)) throw new RangeError(`fitSsvi: slice ${i}: ATM total variance ${slices[i].theta} is not positive`);
  });
  const objective = (p: SsviParams): number => {
    let sum = 0;
    const r2 = 1 - p.rho * p.rho;
    slices.forEach((s, i) => {
      const phi = ssviPhi(p, thetas[i]); // once per slice: the pow calls dominate otherwise
      const half = thetas[i] / 2;
      for (let j = 0; j < s.k.length; j++) {
        const pk = phi * s.k[j];
        const r = half * (1 + p.rho * pk + Math.sqrt((pk + p.rho) * (pk + p.rho) + r2)) - s.w[j];
        sum += (s.weight ? s.weight[j] : 1) * r * r;
      }
    });
    return sum;
  };
  let best = { x: [0, 0, 0] as ArrayLike<number>, f: Infinity };
  // loose runs from several starts, then the best polished to tight tolerances
  for (const start of [[-0.5, 0, 0], [0, 0, 0], [0.5, 0, 0], [-1, 1, 1.5]]) {
    const run = nelderMead((x) => objective(fromCoordinates(x)), start, { tolF: 1e-8 * objective(fromCoordinates(start)), tolX: 1e-4, maxIterations: 1000, maxRestarts: 0 });
    if (run.fx < best.f) best = { x: run.x, f: run.fx };
  }
  const polish = nelderMead((x) => objective(fromCoordinates(x)), best.x, { initialStep: 0.05, tolF: 1e-10 * best.f + 1e-24, tolX: 1e-9, maxIterations: 3000 });
  if (polish.fx <= best.f) best = { x: polish.x, f: polish.fx };
  const params = fromCoordinates(best.x);
  return { params, thetas, objective: best.f };
}
