// fast-check generator of small random valid books (market.json + portfolio.json contents), and
// helpers shared by the property tests.
//
// Market: 1-4 underlyings (spot 1..1e5, vol 5%..150%), correlation from a random factor model
// S = B Bᵀ + D (1-3 factors, loadings in [-1, 1], idiosyncratic variances D in [0.05, 1]) scaled to
// unit diagonal, c_ij = s_ij / sqrt(s_ii s_jj): positive definite by construction (D > 0) and
// exactly symmetric (s_ij and s_ji are the same products summed in the same order).
// Portfolio: 1-8 instruments (mostly perpetuals and options, some futures and spot; options with
// moneyness e^[-0.5, 0.5], 1-365 days, iv 10%..150%), 1-6 accounts with 0-5 positions each
// (quantities in [-100, 100]).
import fc from 'fast-check';
import type { MarketFile } from '../../src/market/schema.js';
import type { AccountRisk, RiskBook, VarResult } from '../../src/montecarlo/book.js';
import type { PortfolioFile } from '../../src/portfolio/schema.js';

export interface Book {
  market: MarketFile;
  portfolio: PortfolioFile;
}

/**
 * Decimal values on a grid (integer / 10^digits), as prices and quantities are written in files.
 * fc.double would also produce subnormals such as 5e-324, whose products underflow: not the books
 * these properties are about (the fuzz tests cover extreme values in the readers).
 */
const num = (min: number, max: number, digits = 4) =>
  fc.integer({ min: Math.round(min * 10 ** digits), max: Math.round(max * 10 ** digits) }).map((i) => i / 10 ** digits);

const instrumentArb = fc.record({
  kind: fc.constantFrom('perpetual', 'option', 'perpetual', 'option', 'future', 'spot'),
  underlying: fc.nat(),
  multiplier: fc.constantFrom(0.01, 0.1, 1, 1, 10),
  right: fc.constantFrom('call', 'put'),
  moneyness: num(-0.5, 0.5),
  expiryDays: fc.integer({ min: 1, max: 365 }),
  iv: num(0.1, 1.5),
});

const positionArb = fc.record({ instrument: fc.nat(), quantity: num(-100, 100) });

/** A random valid book (see the module comment). */
export const bookArb: fc.Arbitrary<Book> = fc
  .record({
    underlyings: fc.array(fc.record({ spot: num(1, 1e5, 2), vol: num(0.05, 1.5) }), { minLength: 1, maxLength: 4 }),
    factors: fc.integer({ min: 1, max: 3 }),
    loadings: fc.array(num(-1, 1), { minLength: 12, maxLength: 12 }),
    idiosyncratic: fc.array(num(0.05, 1), { minLength: 4, maxLength: 4 }),
    rate: num(-0.01, 0.08),
    instruments: fc.array(instrumentArb, { minLength: 1, maxLength: 8 }),
    accounts: fc.array(fc.array(positionArb, { maxLength: 5 }), { minLength: 1, maxLength: 6 }),
  })
  .map((r): Book => {
    const n = r.underlyings.length;
    const symbols = r.underlyings.map((_, i) => `U${i}`);
    const b = (i: number, f: number) => r.loadings[i * 3 + f];
    const s = (i: number, j: number) => {
      let x = i === j ? r.idiosyncratic[i] : 0;
      for (let f = 0; f < r.factors; f++) x += b(i, f) * b(j, f);
      return x;
    };
    const correlation = symbols.map((_, i) => symbols.map((__, j) => (i === j ? 1 : s(i, j) / Math.sqrt(s(i, i) * s(j, j)))));
    const instruments = r.instruments.map((ins, k) => {
      const u = ins.underlying % n;
      const base = { id: `I${k}`, kind: ins.kind, underlying: symbols[u], multiplier: ins.multiplier };
      if (ins.kind === 'future') return { ...base, expiryDays: ins.expiryDays };
      if (ins.kind !== 'option') return base;
      const strike = r.underlyings[u].spot * Math.exp(ins.moneyness);
      return { ...base, right: ins.right, strike, expiryDays: ins.expiryDays, iv: ins.iv };
    });
    const accounts = r.accounts.map((positions, a) => ({
      id: `A${a}`,
      collateral: { USD: 1000 * (a + 1) },
      positions: positions.map((p) => ({ instrument: instruments[p.instrument % instruments.length].id, quantity: p.quantity })),
    }));
    return {
      market: {
        asOf: '2026-11-20T00:00:00Z',
        rate: r.rate,
        underlyings: r.underlyings.map((u, i) => ({ symbol: symbols[i], spot: u.spot, vol: u.vol })),
        correlation,
      },
      portfolio: { instruments: instruments as PortfolioFile['instruments'], accounts },
    };
  });

/** Monte Carlo size and seed: 2,000-4,000 scenarios keep a property run in milliseconds. */
export const runArb = fc.record({ scenarios: fc.integer({ min: 2000, max: 4000 }), seed: fc.integer({ min: 0, max: 2 ** 31 }) });

/** The figures a risk run produces per account, flattened: var, es, varCi, esCi. */
export function figures(a: AccountRisk): number[] {
  return [a.var, a.es, ...a.varCi, ...a.esCi];
}

export function byId(r: VarResult): Map<string, AccountRisk> {
  return new Map(r.accounts.map((a) => [a.id, a]));
}

/**
 * Gross scenario scale of each account: G = sum over positions of |quantity| * max over scenarios
 * of |unit P&L|. Rounding in the sum of an account's P&L is bounded by (positions) * eps * G, so
 * tolerances of sums are stated relative to max(|figure|, G), not to the figure alone (a hedged
 * account can have a VaR much smaller than the terms it sums).
 */
export function grossScales(book: RiskBook, portfolio: Book['portfolio']): Map<string, number> {
  const maxAbs = new Map<string, number>();
  for (const ins of portfolio.instruments) {
    const pnl = book.instrumentPnl(ins.id);
    let m = 0;
    for (const x of pnl) m = Math.max(m, Math.abs(x));
    maxAbs.set(ins.id, m);
  }
  return new Map(portfolio.accounts.map((a) => [a.id, a.positions.reduce((g, p) => g + Math.abs(p.quantity) * maxAbs.get(p.instrument)!, 0)]));
}

/** |a - b| <= rel * max(|a|, |b|, scale). */
export function near(a: number, b: number, rel: number, scale = 0): boolean {
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b), scale);
}

/** Seeded permutation of `items` (Fisher-Yates with mulberry32). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0;
  const next = () => {
    let t = (state = (state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** fast-check parameters: fixed seed by default (reproducible CI), FC_SEED=<n> to explore others. */
export function fcParams(numRuns: number): fc.Parameters<unknown> {
  const seed = process.env.FC_SEED === undefined ? 20261120 : Number(process.env.FC_SEED);
  return { numRuns, seed, endOnFailure: true };
}
