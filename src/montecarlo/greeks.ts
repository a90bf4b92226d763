/**
 * Black-76 Greeks per instrument and per account (Black 1976; Greeks as in Haug 2007, 1.2).
 * Units: delta in underlying units per unit price move of the underlying (spot S), gamma per unit
 * price squared, vega per 1.00 of implied vol, theta per calendar day (value change from one day
 * passing). Options on spot S with rate r use F = S exp(rT), D = exp(-rT), so dV/dS = e^{rT} dV/dF.
 */
import { optionIv } from '../surface/optionIv.js';
import type { Market } from '../market/types.js';
import type { Account, Instrument } from '../portfolio/types.js';
import { black76Greeks } from '../twin/black76.js';
import type { PositionArrays } from '../wasm/bookLayout.js';

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
    const g = black76Greeks(s * growth, ins.strike!, t, optionIv(ins, market), ins.right === 'call', 1 / growth);
    const m = ins.multiplier;
    return { delta: m * g.delta * growth, gamma: m * g.gamma * growth * growth, vega: m * g.vega, theta: (m * g.theta) / 365 };
  });
}

/**
 * Greeks of one account; `unit` as instrumentGreeks(instruments, market) returned it. For one
 * account at a time (`updateAccount`); a whole book goes through greeksOfAccounts.
 */
export function accountGreeks(account: Pick<Account, 'positions'>, unit: readonly Greeks[], instruments: readonly Instrument[], market: Market): AccountGreeks {
  const n = account.positions.length;
  if (single.instrument.length < n) {
    single.instrument = new Int32Array(2 * n);
    single.quantity = new Float64Array(2 * n);
  }
  single.offsets[1] = n;
  for (let j = 0; j < n; j++) {
    single.instrument[j] = account.positions[j].instrumentIndex;
    single.quantity[j] = account.positions[j].quantity;
  }
  const table = greekTable(unit, instruments, market);
  return accountObjects(SINGLE, table, sumAccount(table, single, 0), market.symbols);
}

/**
 * The CSR of accountGreeks' one account, reused (grown as needed): a typed array over 64 bytes
 * has its buffer outside the JS heap, and allocating one per call (as `updateAccount` did) cost
 * more in garbage collection than the sums themselves.
 */
const single: PositionArrays = { offsets: new Int32Array(2), instrument: new Int32Array(64), quantity: new Float64Array(64) };

/** Per instrument: delta, gamma, vega, theta and its underlying's spot (5 f64), and its underlying. */
interface GreekTable {
  g: Float64Array;
  underlyingOf: Int32Array;
  /** Scratch of sumAccount, reused by every call on this table (see `single`). */
  sums: Float64Array;
  /** The last account's deltaUsd, gammaUsd, vega and theta (sumAccount). */
  totals: Float64Array;
  /** Per underlying: the stamp of the last account that touched it; `stamp` counts accounts. */
  touchedBy: Int32Array;
  /** The underlyings the last account touched, in the order it first did. */
  order: Int32Array;
  stamp: number;
}

/** Tables built from each `unit` array (instrumentGreeks of one market), so single accounts reuse them. */
const tables = new WeakMap<readonly Greeks[], GreekTable>();

function greekTable(unit: readonly Greeks[], instruments: readonly Instrument[], market: Market): GreekTable {
  let table = tables.get(unit);
  if (!table) {
    const underlyingOf = Int32Array.from(instruments, (ins) => ins.underlyingIndex);
    const g = new Float64Array(5 * instruments.length);
    unit.forEach((x, i) => g.set([x.delta, x.gamma, x.vega, x.theta, market.spot[underlyingOf[i]]], 5 * i));
    const nUnd = market.symbols.length;
    table = { g, underlyingOf, sums: new Float64Array(4 * nUnd), totals: new Float64Array(4), touchedBy: new Int32Array(nUnd).fill(-1), order: new Int32Array(nUnd), stamp: 0 };
    tables.set(unit, table);
  }
  return table;
}

/**
 * `accountGreeks` of every account of CSR `positions` (as the book keeps them): per-underlying sums
 * in typed arrays (sumAccount), so each account allocates only its result objects.
 */
export function greeksOfAccounts(
  positions: PositionArrays, unit: readonly Greeks[], instruments: readonly Instrument[], market: Market,
): AccountGreeks[] {
  const table = greekTable(unit, instruments, market);
  const out: AccountGreeks[] = new Array(positions.offsets.length - 1);
  for (let a = 0; a < out.length; a++) out[a] = accountObjects(BOOK, table, sumAccount(table, positions, a), market.symbols);
  return out;
}

/**
 * Sums of account a of `positions` in position order: per underlying into table.sums (an
 * underlying's slot is reset when the account first touches it; table.order lists them), the
 * totals into table.totals. Returns how many underlyings it touched.
 */
function sumAccount(table: GreekTable, positions: PositionArrays, a: number): number {
  const { offsets, instrument, quantity } = positions;
  const { g, underlyingOf, sums, touchedBy, order } = table;
  if (table.stamp === 0x7fffffff) {
    touchedBy.fill(-1);
    table.stamp = 0;
  }
  const stamp = table.stamp++;
  let touched = 0;
  let deltaUsd = 0;
  let gammaUsd = 0;
  let vega = 0;
  let theta = 0;
  for (let p = offsets[a]; p < offsets[a + 1]; p++) {
    const i = instrument[p];
    const q = quantity[p];
    const u = underlyingOf[i];
    const at = 5 * i;
    const s = g[at + 4];
    if (touchedBy[u] !== stamp) {
      touchedBy[u] = stamp;
      order[touched++] = u;
      sums[4 * u] = sums[4 * u + 1] = sums[4 * u + 2] = sums[4 * u + 3] = 0;
    }
    sums[4 * u] += q * g[at];
    sums[4 * u + 1] += q * g[at + 1];
    sums[4 * u + 2] += q * g[at + 2];
    sums[4 * u + 3] += q * g[at + 3];
    deltaUsd += q * g[at] * s;
    gammaUsd += (q * g[at + 1] * s * s) / 100;
    vega += q * g[at + 2];
    theta += q * g[at + 3];
  }
  const t = table.totals;
  t[0] = deltaUsd;
  t[1] = gammaUsd;
  t[2] = vega;
  t[3] = theta;
  return touched;
}

/** The result objects of the account sumAccount just summed (`touched` underlyings). */
function accountObjects(make: GreekObjects, table: GreekTable, touched: number, symbols: readonly string[]): AccountGreeks {
  const { sums, order, totals } = table;
  const byUnderlying = make.dictionary();
  for (let j = 0; j < touched; j++) {
    const u = order[j];
    const symbol = symbols[u];
    const greeks = make.greeks(sums[4 * u], sums[4 * u + 1], sums[4 * u + 2], sums[4 * u + 3]);
    // assigned (fast), except "__proto__", which is defined so that it is an own key like any other
    if (symbol === '__proto__') Object.defineProperty(byUnderlying, symbol, { value: greeks, enumerable: true, writable: true, configurable: true });
    else byUnderlying[symbol] = greeks;
  }
  return make.account(byUnderlying, totals[0], totals[1], totals[2], totals[3]);
}

/** Makes the objects of an AccountGreeks. */
interface GreekObjects {
  dictionary(): Record<string, Greeks>;
  greeks(delta: number, gamma: number, vega: number, theta: number): Greeks;
  account(byUnderlying: Record<string, Greeks>, deltaUsd: number, gammaUsd: number, vega: number, theta: number): AccountGreeks;
}

/** For greeksOfAccounts: a whole book's Greeks, which live as long as its result. */
const BOOK: GreekObjects = {
  dictionary: () => dictionaryMode({ dictionaryA: 0, dictionaryB: 0 }),
  greeks: (delta, gamma, vega, theta) => ({ delta, gamma, vega, theta }),
  account: (byUnderlying, deltaUsd, gammaUsd, vega, theta) => ({ byUnderlying, deltaUsd, gammaUsd, vega, theta }),
};

/**
 * BOOK's objects from object literals of their own, for one account at a time: V8 pretenures the
 * objects of a literal whose objects mostly survive, as a book's Greeks do, and sharing BOOK's
 * literals made every update's objects in the old generation, freed only by full collections
 * (updateAccount p50 at 20 positions on W1: 68 us with BOOK's literals, 33 us with these).
 */
const SINGLE: GreekObjects = {
  dictionary: () => dictionaryMode({ dictionaryA: 0, dictionaryB: 0 }),
  greeks: (delta, gamma, vega, theta) => ({ delta, gamma, vega, theta }),
  account: (byUnderlying, deltaUsd, gammaUsd, vega, theta) => ({ byUnderlying, deltaUsd, gammaUsd, vega, theta }),
};

/**
 * `o` ({ dictionaryA, dictionaryB }, a fresh literal) emptied into V8's dictionary mode (two
 * properties added, then deleted). Each account's `byUnderlying` has its own set and order of
 * symbols: built as fast-mode objects they walk a hidden-class tree of thousands of shapes and miss
 * the store caches (about 15 us an account at 20 positions on W1); a dictionary takes each key as
 * a hash insert. Same prototype, keys and enumeration order as `{}`.
 */
function dictionaryMode<T>(o: { dictionaryA?: number; dictionaryB?: number }): Record<string, T> {
  delete o.dictionaryA;
  delete o.dictionaryB;
  return o as Record<string, T>;
}
