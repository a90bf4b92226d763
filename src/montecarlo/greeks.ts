/**
 * Black-76 Greeks per instrument and per account (Black 1976; Greeks as in Haug 2007, 1.2).
 * Units: delta in underlying units per unit price move of the underlying (spot S), gamma per unit
 * price squared, vega per 1.00 of implied vol, theta per calendar day (value change from one day
 * passing). Options on spot S with rate r use F = S exp(rT), D = exp(-rT), so dV/dS = e^{rT} dV/dF.
 */
import type { Market } from '../market/types.js';
import type { Account, Instrument } from '../portfolio/types.js';
import { black76Greeks } from '../twin/black76.js';

export interface Greeks {
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
}

export interface AccountGreeks {
  /** Greeks of the account's positions in each underlying it touches. */
  byUnderlying: Record<string, Greeks>;
  /** Sum over underlyings of delta * spot: P&L of a +1% move in every underlying is deltaUsd / 100. */
  deltaUsd: number;
  /** Sum over underlyings of gamma * spot^2 / 100: change of deltaUsd per +1% move. */
  gammaUsd: number;
  /** Total vega per 1.00 implied vol (per vol point: / 100). */
  vega: number;
  /** Total theta per calendar day. */
  theta: number;
}

/** Greeks of one unit of each instrument (multiplier included). */
export function instrumentGreeks(instruments: readonly Instrument[], market: Market): Greeks[] {
  return instruments.map((ins) => {
    if (ins.kind !== 'option') return { delta: ins.multiplier, gamma: 0, vega: 0, theta: 0 };
    const s = market.spot[ins.underlyingIndex];
    const t = ins.expiryYears!;
    const growth = Math.exp(market.rate * t);
    const g = black76Greeks(s * growth, ins.strike!, t, ins.iv!, ins.right === 'call', 1 / growth);
    const m = ins.multiplier;
    return { delta: m * g.delta * growth, gamma: m * g.gamma * growth * growth, vega: m * g.vega, theta: (m * g.theta) / 365 };
  });
}

export function accountGreeks(account: Pick<Account, 'positions'>, unit: readonly Greeks[], instruments: readonly Instrument[], market: Market): AccountGreeks {
  return greeksOfAccounts([account], unit, instruments, market)[0];
}

/**
 * `accountGreeks` of many accounts: per-underlying sums in typed arrays (an underlying's slot is
 * reset when an account first touches it), so each account allocates only its result objects.
 * Sums run in position order, as in accountGreeks.
 */
export function greeksOfAccounts(
  accounts: readonly Pick<Account, 'positions'>[], unit: readonly Greeks[], instruments: readonly Instrument[], market: Market,
): AccountGreeks[] {
  const nUnd = market.symbols.length;
  const sums = new Float64Array(4 * nUnd);
  const touchedBy = new Int32Array(nUnd).fill(-1);
  const order: number[] = [];
  return accounts.map((account, a) => {
    order.length = 0;
    let deltaUsd = 0;
    let gammaUsd = 0;
    let vega = 0;
    let theta = 0;
    for (const p of account.positions) {
      const ins = instruments[p.instrumentIndex];
      const g = unit[p.instrumentIndex];
      const u = ins.underlyingIndex;
      const s = market.spot[u];
      if (touchedBy[u] !== a) {
        touchedBy[u] = a;
        order.push(u);
        sums.fill(0, 4 * u, 4 * u + 4);
      }
      sums[4 * u] += p.quantity * g.delta;
      sums[4 * u + 1] += p.quantity * g.gamma;
      sums[4 * u + 2] += p.quantity * g.vega;
      sums[4 * u + 3] += p.quantity * g.theta;
      deltaUsd += p.quantity * g.delta * s;
      gammaUsd += (p.quantity * g.gamma * s * s) / 100;
      vega += p.quantity * g.vega;
      theta += p.quantity * g.theta;
    }
    const byUnderlying: Record<string, Greeks> = {};
    for (const u of order) byUnderlying[market.symbols[u]] = { delta: sums[4 * u], gamma: sums[4 * u + 1], vega: sums[4 * u + 2], theta: sums[4 * u + 3] };
    return { byUnderlying, deltaUsd, gammaUsd, vega, theta };
  });
}
