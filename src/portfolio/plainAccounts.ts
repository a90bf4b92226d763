/**
 * portfolio.json's accounts checked without zod when they are plainly valid: at W1 (10,000
 * accounts, 105,400 positions) zod's parse of them took 100-160 ms of every load, most of the load
 * after JSON.parse. The check is AccountSchema's rules written out (strict keys, non-empty strings,
 * finite numbers, quantity bounds); anything it is not sure of (an error, an unknown key, a
 * prototype other than Object's, a `__proto__` key, a symbol key) declines, and the caller runs zod,
 * whose messages and result are then the answer. Accepted accounts equal zod's output (test/portfolio/plainAccounts.test.ts).
 */
import { MAX_QUANTITY } from '../inputLimits.js';
import type { PortfolioFile } from './schema.js';

type AccountFile = PortfolioFile['accounts'][number];

/** `accounts` as AccountSchema would return them (fresh objects), or undefined: let zod decide. */
export function plainAccounts(accounts: unknown): AccountFile[] | undefined {
  if (!Array.isArray(accounts)) return undefined;
  const out: AccountFile[] = new Array(accounts.length);
  for (let a = 0; a < accounts.length; a++) {
    const account = plainAccount(accounts[a]);
    if (account === undefined) return undefined;
    out[a] = account;
  }
  return out;
}

function plainAccount(raw: unknown): AccountFile | undefined {
  if (!isPlainObject(raw)) return undefined;
  let keys = 0;
  for (const k in raw) {
    if (k !== 'id' && k !== 'collateral' && k !== 'positions') return undefined;
    keys++;
  }
  const { id, collateral, positions } = raw as { id: unknown; collateral: unknown; positions: unknown };
  if (keys !== 3 || typeof id !== 'string' || id.length === 0 || !Array.isArray(positions)) return undefined;
  const copiedCollateral = plainCollateral(collateral);
  if (copiedCollateral === undefined) return undefined;
  const copied: AccountFile['positions'] = new Array(positions.length);
  for (let p = 0; p < positions.length; p++) {
    const position: unknown = positions[p];
    if (!isPlainObject(position)) return undefined;
    let n = 0;
    for (const k in position) {
      if (k !== 'instrument' && k !== 'quantity') return undefined;
      n++;
    }
    const { instrument, quantity } = position as { instrument: unknown; quantity: unknown };
    if (n !== 2 || typeof instrument !== 'string' || instrument.length === 0) return undefined;
    if (typeof quantity !== 'number' || !(quantity >= -MAX_QUANTITY && quantity <= MAX_QUANTITY)) return undefined;
    copied[p] = { instrument, quantity };
  }
  return { id, collateral: copiedCollateral, positions: copied };
}

/** A copy of a record of finite numbers under non-empty keys, or undefined. */
function plainCollateral(raw: unknown): Record<string, number> | undefined {
  if (!isPlainObject(raw) || Object.getOwnPropertySymbols(raw).length > 0) return undefined;
  const out: Record<string, number> = {};
  for (const k in raw) {
    const x = (raw as Record<string, unknown>)[k];
    if (k.length === 0 || k === '__proto__' || typeof x !== 'number' || !Number.isFinite(x)) return undefined;
    out[k] = x;
  }
  return out;
}

/** An object of Object's prototype, as JSON.parse makes them. */
export function isPlainObject(x: unknown): x is object {
  return typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype;
}
