/**
 * Parametric VaR and ES fast paths for pre-trade checks: approximations, not revaluation.
 *
 * Each account's horizon P&L is expanded to second order in the underlyings' log-returns x:
 *   Q ≈ D'x + 1/2 x' diag(G) x + drift,   x ~ N(0, Sigma),   loss L = -Q,
 * with Sigma_ij = s_i s_j C_ij, s_i = sqrt(h) vol_i / sqrt(365) (as the Monte Carlo engine scales),
 * dollar delta D_u = sum_p q_p delta_p S_u and dollar gamma G_u = sum_p q_p (gamma_p S_u^2 + delta_p S_u)
 * (d^2 V / dx^2 at x = 0 for V(S e^x); exact for perpetuals, whose value is S e^x), and the
 * deterministic drift = h * theta_day + sum_p q_p vega_p iv_p volShock (time decay over the horizon
 * and the first-order effect of the engine's implied-vol shock).
 * Positive VaR / ES = loss, as in the Monte Carlo engine.
 *
 * Known limits: no vega/vanna beyond the fixed vol shock, no cross-gamma (each instrument has one
 * underlying), normal log-returns only, and options expiring within the horizon are poorly
 * approximated (flagged in `warning`).
 */
import { ivShockScale } from '../stress/revalue.js';
import { optionIv } from '../surface/optionIv.js';
import { InputError } from '../errors.js';
import type { Market } from '../market/types.js';
import type { Portfolio } from '../portfolio/types.js';
import { normalCdf, normalPdf } from '../twin/black76.js';
import { normalQuantile } from '../twin/random.js';
import { instrumentGreeks } from './greeks.js';
import { horizonScale } from './instrumentArrays.js';
import type { VarParams } from './options.js';

export type ParametricModel = 'delta-normal' | 'delta-gamma';

export interface ParametricAccountRisk {
  id: string;
  /** VaR at `confidence` (positive = loss over the horizon). */
  var: number;
  /** ES at `esConfidence`. */
  es: number;
  /** Why the figures may be unreliable (non-monotone Cornish-Fisher tail, option expiring within the horizon). */
  warning?: string;
}

/** Moments of the horizon loss L = -Q (cumulants kappa_1..4 turned into mean, sd, skewness, excess kurtosis). */
export interface LossMoments {
  mean: number;
  sd: number;
  skew: number;
  exKurt: number;
}

/**
 * Per-account parametric VaR and ES, in `portfolio.accounts` order.
 * - delta-normal (Jorion, "Value at Risk", 3rd ed., ch. 7; RiskMetrics Technical Document 1996):
 *   VaR = z_c sqrt(D' Sigma D) - drift, ES = sqrt(D' Sigma D) phi(z_e) / (1 - e) - drift.
 * - delta-gamma (Britten-Jones & Schaefer 1999; Mina & Ulmer 1999): the first four cumulants of Q
 *   (see `deltaGammaMoments`), then the Cornish-Fisher quantile of L (Zangari 1996, RiskMetrics
 *   Monitor Q4) at c for VaR; ES is the CF quantile averaged over levels u in (e, 1), evaluated in
 *   closed form (the CF quantile is a cubic in z, and E[Z^k | Z > z_e] is known), which is the limit
 *   of averaging it over ever more tail midpoints. If the CF quantile decreases anywhere in the tail
 *   (levels from min(c, e) to 1 - (1 - e)/1000), the figures are still returned and `warning` says
 *   so (nothing is clamped).
 * @throws InputError when `model` is not a parametric model.
 */
export function parametricRisk(portfolio: Portfolio, market: Market, params: VarParams, model: ParametricModel): ParametricAccountRisk[] {
  if (model !== 'delta-normal' && model !== 'delta-gamma') {
    throw new InputError(`must be delta-normal or delta-gamma for parametric risk; got ${JSON.stringify(model)}`, { column: 'model' });
  }
  const h = params.horizonDays;
  const scale = horizonScale(market, h);
  const corr = market.correlation;
  const n = market.symbols.length;
  const unit = instrumentGreeks(portfolio.instruments, market);
  const vegaDrift = portfolio.instruments.map((ins, i) => (ins.kind === 'option' ? unit[i].vega * optionIv(ins, market) * params.volShock * ivShockScale(ins.expiryYears! * 365, params.ivShockScaling) : 0));
  const expiresWithin = portfolio.instruments.map((ins) => ins.kind === 'option' && ins.expiryYears! * 365 <= h);
  const zc = normalQuantile(params.confidence);
  const ze = normalQuantile(params.esConfidence);
  const esTail = normalPdf(ze) / (1 - params.esConfidence);
  // Monotonicity of the CF quantile is checked from the VaR / ES level up to the level leaving
  // 0.1% of the ES tail's probability beyond it (further out, a dip has no material weight).
  const zTailEnd = Math.max(zc, normalQuantile(1 - (1 - params.esConfidence) / 1000));

  return portfolio.accounts.map((account) => {
    // Exposures on the underlyings the account touches (slot order of first appearance).
    const slot = new Map<number, number>();
    const factors: number[] = [];
    const d: number[] = [];
    const g: number[] = [];
    let drift = 0;
    const expiring: string[] = [];
    for (const p of account.positions) {
      const ins = portfolio.instruments[p.instrumentIndex];
      const u = ins.underlyingIndex;
      let a = slot.get(u);
      if (a === undefined) {
        a = factors.length;
        slot.set(u, a);
        factors.push(u);
        d.push(0);
        g.push(0);
      }
      const s = market.spot[u];
      const gr = unit[p.instrumentIndex];
      d[a] += p.quantity * gr.delta * s;
      g[a] += p.quantity * (gr.gamma * s * s + gr.delta * s);
      drift += p.quantity * (gr.theta * h + vegaDrift[p.instrumentIndex]);
      if (expiresWithin[p.instrumentIndex] && p.quantity !== 0 && !expiring.includes(ins.id)) expiring.push(ins.id);
    }
    const k = factors.length;
    const sigma = new Float64Array(k * k);
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) sigma[a * k + b] = scale[factors[a]] * scale[factors[b]] * corr[factors[a] * n + factors[b]];
    }
    const warnings: string[] = [];
    if (expiring.length > 0) {
      warnings.push(`option(s) ${expiring.join(', ')} expire within the ${h}-day horizon: the Taylor expansion misses the payoff kink`);
    }
    let risk: { var: number; es: number };
    if (model === 'delta-normal') {
      const sd = Math.sqrt(Math.max(0, quadForm(sigma, d, k)));
      risk = { var: zc * sd - drift, es: sd * esTail - drift };
    } else {
      const mom = deltaGammaMoments(sigma, d, g, k, drift);
      if (!(mom.sd > 0)) {
        risk = { var: mom.mean, es: mom.mean };
      } else {
        risk = {
          var: mom.mean + mom.sd * cornishFisher(zc, mom.skew, mom.exKurt),
          es: mom.mean + mom.sd * cornishFisherTailMean(ze, params.esConfidence, mom.skew, mom.exKurt),
        };
        const bad = cornishFisherDecreasing(Math.min(zc, ze), mom.skew, mom.exKurt, zTailEnd);
        if (bad.length > 0) {
          const levels = bad.map(([a, b]) => `${fmtLevel(normalCdf(a))} to ${fmtLevel(normalCdf(b))}`).join(' and ');
          warnings.push(
            `delta-gamma: the Cornish-Fisher loss quantile (skewness ${mom.skew.toPrecision(3)}, excess kurtosis ` +
              `${mom.exKurt.toPrecision(3)}) decreases at levels ${levels}, so it is not a valid quantile function ` +
              `there; treat VaR/ES as rough and check with a Monte Carlo model`,
          );
        }
      }
    }
    return { id: account.id, ...risk, ...(warnings.length ? { warning: warnings.join('; ') } : {}) };
  });
}

/**
 * Mean, sd, skewness and excess kurtosis of the loss L = -Q, Q = D'x + 1/2 x' diag(G) x + drift,
 * x ~ N(0, Sigma) (k x k), from the cumulants of a quadratic form in normals (Britten-Jones &
 * Schaefer 1999; Mina & Ulmer 1999), A = diag(G) Sigma:
 * k1 = tr(A)/2 + drift, k2 = D'Sigma D + tr(A^2)/2, k3 = 3 D'Sigma diag(G) Sigma D + tr(A^3),
 * k4 = 12 D'Sigma (diag(G) Sigma)^2 D + 3 tr(A^4).
 */
export function deltaGammaMoments(sigma: Float64Array, d: readonly number[], g: readonly number[], k: number, drift: number): LossMoments {
  const A = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) A[a * k + b] = g[a] * sigma[a * k + b];
  const A2 = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let c = 0; c < k; c++) {
      const x = A[a * k + c];
      if (x !== 0) for (let b = 0; b < k; b++) A2[a * k + b] += x * A[c * k + b];
    }
  }
  let tr1 = 0;
  let tr2 = 0;
  let tr3 = 0;
  let tr4 = 0;
  for (let a = 0; a < k; a++) {
    tr1 += A[a * k + a];
    for (let b = 0; b < k; b++) {
      tr2 += A[a * k + b] * A[b * k + a];
      tr3 += A2[a * k + b] * A[b * k + a];
      tr4 += A2[a * k + b] * A2[b * k + a];
    }
  }
  const v = matVec(sigma, d, k); // Sigma D
  const w = v.map((x, a) => g[a] * x); // diag(G) Sigma D
  let vGv = 0;
  for (let a = 0; a < k; a++) vGv += g[a] * v[a] * v[a];
  const k1 = 0.5 * tr1 + drift;
  const k2 = dot(d, v) + 0.5 * tr2;
  const k3 = 3 * vGv + tr3;
  const k4 = 12 * quadForm(sigma, w, k) + 3 * tr4;
  const sd = Math.sqrt(Math.max(0, k2));
  return { mean: -k1, sd, skew: sd > 0 ? -k3 / sd ** 3 : 0, exKurt: sd > 0 ? k4 / k2 ** 2 : 0 };
}

/**
 * Cornish-Fisher standardized quantile to fourth moment (Cornish & Fisher 1937; Zangari 1996):
 * w(z) = z + (z^2 - 1) S/6 + (z^3 - 3z) K/24 - (2z^3 - 5z) S^2/36.
 */
export function cornishFisher(z: number, skew: number, exKurt: number): number {
  return z + ((z * z - 1) * skew) / 6 + ((z ** 3 - 3 * z) * exKurt) / 24 - ((2 * z ** 3 - 5 * z) * skew * skew) / 36;
}

/**
 * Mean of w(Z) over Z > z_e (level e = Phi(z_e)), i.e. (1/(1-e)) ∫_e^1 w(Phi^-1(u)) du, in closed
 * form from E[Z | Z>a] = phi(a)/p, E[Z^2 | Z>a] = 1 + a phi(a)/p, E[Z^3 | Z>a] = (a^2 + 2) phi(a)/p.
 */
export function cornishFisherTailMean(ze: number, level: number, skew: number, exKurt: number): number {
  const m1 = normalPdf(ze) / (1 - level);
  const m2 = 1 + ze * m1;
  const m3 = (ze * ze + 2) * m1;
  return m1 + ((m2 - 1) * skew) / 6 + ((m3 - 3 * m1) * exKurt) / 24 - ((2 * m3 - 5 * m1) * skew * skew) / 36;
}

/**
 * Where the CF quantile w(z) decreases within [z0, z1]: w'(z) = alpha z^2 + beta z + gamma with
 * alpha = K/8 - S^2/6, beta = S/3, gamma = 1 - K/8 + 5 S^2/36. Returns the z intervals (empty when
 * w is non-decreasing on [z0, z1]).
 */
export function cornishFisherDecreasing(z0: number, skew: number, exKurt: number, z1 = Infinity): [number, number][] {
  const alpha = exKurt / 8 - (skew * skew) / 6;
  const beta = skew / 3;
  const gamma = 1 - exKurt / 8 + (5 * skew * skew) / 36;
  let falling: [number, number][];
  if (alpha === 0) {
    const root = -gamma / beta;
    falling = beta === 0 ? (gamma < 0 ? [[-Infinity, Infinity]] : []) : beta < 0 ? [[root, Infinity]] : [[-Infinity, root]];
  } else {
    const disc = beta * beta - 4 * alpha * gamma;
    if (disc <= 0) {
      falling = alpha < 0 ? [[-Infinity, Infinity]] : [];
    } else {
      const r1 = (-beta - Math.sqrt(disc)) / (2 * alpha);
      const r2 = (-beta + Math.sqrt(disc)) / (2 * alpha);
      const lo = Math.min(r1, r2);
      const hi = Math.max(r1, r2);
      falling = alpha > 0 ? [[lo, hi]] : [[-Infinity, lo], [hi, Infinity]];
    }
  }
  return falling
    .map(([a, b]): [number, number] => [Math.max(a, z0), Math.min(b, z1)])
    .filter(([a, b]) => a < b);
}

function fmtLevel(u: number): string {
  return u.toFixed(6);
}

function matVec(m: Float64Array, x: readonly number[], k: number): number[] {
  const out = new Array<number>(k).fill(0);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) out[a] += m[a * k + b] * x[b];
  return out;
}

function dot(x: readonly number[], y: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

function quadForm(m: Float64Array, x: readonly number[], k: number): number {
  return dot(x, matVec(m, x, k));
}
