// Parametric VaR/ES (delta-normal, delta-gamma Cornish-Fisher) against values computed here
// independently: hand formulas for linear books, the exact distribution of a one-factor quadratic
// P&L, moments by numerical integration, and a brute-force Monte Carlo full revaluation.
import { describe, expect, it } from 'vitest';
import type { Market } from '../../src/market/types.js';
import { varParams, type VarOptions } from '../../src/montecarlo/options.js';
import {
  cornishFisher, cornishFisherDecreasing, cornishFisherTailMean, deltaGammaMoments, parametricRisk,
  type ParametricModel,
} from '../../src/montecarlo/parametric.js';
import type { Account, Instrument, Portfolio } from '../../src/portfolio/types.js';
import { black76Price, normalCdf } from '../../src/twin/black76.js';
import { normalQuantile } from '../../src/twin/random.js';

// Standard normal quantiles (published tables, e.g. Abramowitz & Stegun 26.2).
const Z99 = 2.3263478740408408;
const Z975 = 1.959963984540054;
const phi = (x: number): number => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

const SYMBOLS = ['BTC', 'ETH', 'SOL'];
const SPOT = [60_000, 3_000, 150];
const VOL = [0.6, 0.8, 1.0];
const CORR = [
  [1, 0.7, 0.5],
  [0.7, 1, 0.6],
  [0.5, 0.6, 1],
];

function market(rate = 0): Market {
  return {
    asOf: '2025-01-01T00:00:00.000Z',
    asOfMs: Date.UTC(2025, 0, 1),
    rate,
    symbols: SYMBOLS,
    spot: Float64Array.from(SPOT),
    vol: Float64Array.from(VOL),
    correlation: Float64Array.from(CORR.flat()),
  };
}

function perp(id: string, u: number, multiplier = 1): Instrument {
  return { id, kind: 'perpetual', underlying: SYMBOLS[u], underlyingIndex: u, multiplier };
}

function option(id: string, u: number, right: 'call' | 'put', strike: number, days: number, iv: number, multiplier = 1): Instrument {
  return { id, kind: 'option', underlying: SYMBOLS[u], underlyingIndex: u, multiplier, right, strike, expiryYears: days / 365, iv };
}

/** Portfolio from instruments and accounts given as [id, [instrumentId, quantity][]]. */
function portfolio(instruments: Instrument[], accounts: [string, [string, number][]][]): Portfolio {
  const index = new Map(instruments.map((ins, i) => [ins.id, i]));
  return {
    instruments,
    accounts: accounts.map(([id, pos]): Account => ({
      id,
      collateral: {},
      positions: pos.map(([instrument, quantity]) => ({ instrument, instrumentIndex: index.get(instrument)!, quantity })),
    })),
  };
}

const params = (o: VarOptions) => varParams(o);
const horizonSd = (u: number, h: number): number => (Math.sqrt(h) * VOL[u]) / Math.sqrt(365);
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('delta-normal', () => {
  it('a single perpetual: VaR = z q S s and ES = q S s phi(z_e) / (1 - e)', () => {
    const book = portfolio([perp('BTC-PERP', 0, 0.5)], [['long', [['BTC-PERP', 3]]], ['short', [['BTC-PERP', -3]]], ['flat', []]]);
    for (const h of [1, 10, 2.5]) {
      const risk = parametricRisk(book, market(), params({ horizonDays: h }), 'delta-normal');
      const sd = 3 * 0.5 * 60_000 * horizonSd(0, h);
      for (const r of risk.slice(0, 2)) {
        expect(rel(r.var, Z99 * sd)).toBeLessThan(1e-12);
        expect(rel(r.es, (sd * phi(Z975)) / 0.025)).toBeLessThan(1e-12);
        expect(r.warning).toBeUndefined();
      }
      expect(risk[2]).toEqual({ id: 'flat', var: 0, es: 0 });
    }
  });

  it('a two-asset linear book: VaR = z sqrt(w\' Sigma w), other underlyings ignored', () => {
    const book = portfolio([perp('SOL-PERP', 2), perp('ETH-PERP', 1), perp('BTC-PERP', 0)], [['pair', [['ETH-PERP', -30], ['BTC-PERP', 2], ['ETH-PERP', 10]]]]);
    const h = 5;
    const w = [2 * 60_000, -20 * 3_000];
    const s = [horizonSd(0, h), horizonSd(1, h)];
    const variance = w[0] ** 2 * s[0] ** 2 + w[1] ** 2 * s[1] ** 2 + 2 * w[0] * w[1] * s[0] * s[1] * 0.7;
    const [r] = parametricRisk(book, market(), params({ horizonDays: h, confidence: 0.99, esConfidence: 0.975 }), 'delta-normal');
    expect(rel(r.var, Z99 * Math.sqrt(variance))).toBeLessThan(1e-12);
    expect(rel(r.es, (Math.sqrt(variance) * phi(Z975)) / 0.025)).toBeLessThan(1e-12);
  });
});

/** One-factor P&L Q = a x + b x^2 / 2 + c, x ~ N(0, s^2): exact loss quantile and tail mean. */
class OneFactorQuadratic {
  constructor(readonly a: number, readonly b: number, readonly c: number, readonly s: number) {}

  q(x: number): number {
    return this.a * x + 0.5 * this.b * x * x + this.c;
  }

  /** x values where Q(x) = level (sorted), or [] if none. */
  roots(level: number): number[] {
    const { a, b, c } = this;
    const disc = a * a - 2 * b * (c - level);
    if (disc < 0) return [];
    const r = [(-a - Math.sqrt(disc)) / b, (-a + Math.sqrt(disc)) / b];
    return r.sort((p, q) => p - q);
  }

  /** P(L >= v) = P(Q <= -v), solving the quadratic for x. */
  tailProb(v: number): number {
    const r = this.roots(-v);
    const cdf = (x: number): number => normalCdf(x / this.s);
    if (this.b > 0) return r.length ? cdf(r[1]) - cdf(r[0]) : 0;
    return r.length ? 1 - (cdf(r[1]) - cdf(r[0])) : 1;
  }

  /** Loss level exceeded with probability 1 - c (bisection). */
  lossQuantile(c: number): number {
    let lo = -1e3 * this.scale();
    let hi = 1e3 * this.scale();
    for (let i = 0; i < 200; i++) {
      const mid = 0.5 * (lo + hi);
      if (this.tailProb(mid) > 1 - c) lo = mid;
      else hi = mid;
    }
    return 0.5 * (lo + hi);
  }

  /** E[L | L >= VaR_e] by Simpson's rule on the x intervals where L >= VaR_e. */
  expectedShortfall(e: number): number {
    const v = this.lossQuantile(e);
    const r = this.roots(-v);
    const far = 12 * this.s;
    const pieces = this.b > 0 ? [[r[0], r[1]]] : [[-far, r[0]], [r[1], far]];
    let sum = 0;
    for (const [x0, x1] of pieces) sum += simpson((x) => -this.q(x) * phi(x / this.s) / this.s, x0, x1, 20_000);
    return sum / (1 - e);
  }

  private scale(): number {
    return Math.abs(this.a) * this.s + Math.abs(this.b) * this.s * this.s + Math.abs(this.c);
  }
}

function simpson(f: (x: number) => number, a: number, b: number, n: number): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

/** Black-Scholes (r = 0) delta, gamma and theta per calendar day of one call, written out here. */
function callGreeks(s: number, k: number, years: number, iv: number): { delta: number; gamma: number; thetaDay: number } {
  const sd = iv * Math.sqrt(years);
  const d1 = (Math.log(s / k) + 0.5 * sd * sd) / sd;
  return { delta: normalCdf(d1), gamma: phi(d1) / (s * sd), thetaDay: -(s * phi(d1) * iv) / (2 * Math.sqrt(years)) / 365 };
}

describe('delta-gamma (Cornish-Fisher)', () => {
  it('matches the exact quantile of a one-factor quadratic P&L for a long and a short call', () => {
    const h = 2;
    const call = option('C', 0, 'call', 62_000, 30, 0.6);
    const book = portfolio([call], [['long', [['C', 4]]], ['short', [['C', -4]]]]);
    const p = params({ horizonDays: h });
    const dg = parametricRisk(book, market(), p, 'delta-gamma');
    const dn = parametricRisk(book, market(), p, 'delta-normal');
    const g = callGreeks(60_000, 62_000, 30 / 365, 0.6);
    [4, -4].forEach((q, i) => {
      const exact = new OneFactorQuadratic(q * g.delta * 60_000, q * (g.gamma * 60_000 ** 2 + g.delta * 60_000), q * g.thetaDay * h, horizonSd(0, h));
      const varExact = exact.lossQuantile(0.99);
      const esExact = exact.expectedShortfall(0.975);
      console.log(q, dg[i], dn[i], varExact, esExact, rel(dg[i].var, varExact), rel(dg[i].es, esExact), rel(dn[i].var, varExact));
    });
  });
});
