/** Validate parsed portfolio.json against a market into a `Portfolio` (pure, browser-safe). */
import { InputError } from '../errors.js';
import { LIMIT_REASON, MAX_EXPIRY_DAYS } from '../inputLimits.js';
import { parseTimestamp } from '../io/parseTimestamp.js';
import type { Market } from '../market/types.js';
import { zodInputError } from '../market/zodIssue.js';
import { optionIv } from '../surface/optionIv.js';
import { isPlainObject, plainAccounts } from './plainAccounts.js';
import { PortfolioFileSchema, type PortfolioFile } from './schema.js';
import type { Account, Instrument, Portfolio, Position } from './types.js';

const DAY_MS = 86_400_000;
/** Days per year for `expiryYears` (ACT/365). */
export const DAYS_PER_YEAR = 365;

/**
 * Check `json` against PortfolioFileSchema, then: unique instrument and account ids, underlyings
 * known to `market`, futures and options with exactly one of `expiryDays` / `expiry` and an
 * expiry after `market.asOf`, options with an `iv` or a surface for their underlying (an `iv` given
 * overrides the surface), positions naming known instruments.
 * @param file name for messages, e.g. "portfolio.json".
 * @throws InputError e.g. `portfolio.json: accounts[12].positions[3].instrument: unknown instrument "BTC-X"`.
 */
export function parsePortfolio(json: unknown, market: Market, file: string): Portfolio {
  const data = portfolioFile(json, file);
  const fail = (column: string, problem: string): never => {
    throw new InputError(problem, { file, column });
  };

  const symbolIndex = new Map<string, number>();
  market.symbols.forEach((s, i) => symbolIndex.set(s, i));
  const instrumentIndex = new Map<string, number>();
  const instruments = data.instruments.map((raw, i): Instrument => {
    const at = `instruments[${i}]`;
    const before = instrumentIndex.get(raw.id);
    if (before !== undefined) fail(`${at}.id`, `duplicate instrument id "${raw.id}" (also instruments[${before}])`);
    instrumentIndex.set(raw.id, i);
    const underlyingIndex = symbolIndex.get(raw.underlying);
    if (underlyingIndex === undefined) fail(`${at}.underlying`, `unknown underlying "${raw.underlying}" (not a symbol of the market)`);
    const out: Instrument = { id: raw.id, kind: raw.kind, underlying: raw.underlying, underlyingIndex: underlyingIndex!, multiplier: raw.multiplier };
    if (raw.kind === 'future' || raw.kind === 'option') {
      out.expiryYears = expiryYears(raw, at, market, fail);
    }
    if (raw.kind === 'option') {
      out.right = raw.right;
      out.strike = raw.strike;
      if (raw.iv !== undefined) out.iv = raw.iv;
      else if (market.surfaces?.[underlyingIndex!]) {
        out.ivFromSurface = true;
        out.iv = optionIv(out, market);
      } else {
        fail(`${at}.iv`, `missing required field (option "${raw.id}": give iv, or a surface for "${raw.underlying}" in the market)`);
      }
    }
    return out;
  });

  const accountIndex = new Map<string, number>();
  const accounts = data.accounts.map((raw, a): Account => {
    const before = accountIndex.get(raw.id);
    if (before !== undefined) fail(`accounts[${a}].id`, `duplicate account id "${raw.id}" (also accounts[${before}])`);
    accountIndex.set(raw.id, a);
    const positions = raw.positions.map((p, k): Position => {
      const index = instrumentIndex.get(p.instrument);
      if (index === undefined) fail(`accounts[${a}].positions[${k}].instrument`, `unknown instrument "${p.instrument}"`);
      return { instrument: p.instrument, instrumentIndex: index!, quantity: p.quantity };
    });
    return { id: raw.id, collateral: raw.collateral, positions };
  });
  return { instruments, accounts };
}

/** `json` checked against PortfolioFileSchema; its accounts through plainAccounts when they are plainly valid. */
function portfolioFile(json: unknown, file: string): PortfolioFile {
  if (isPlainObject(json)) {
    const accounts = plainAccounts((json as { accounts?: unknown }).accounts);
    const rest = accounts && PortfolioFileSchema.safeParse({ ...json, accounts: [] });
    if (rest?.success) return { ...rest.data, accounts: accounts! };
  }
  const parsed = PortfolioFileSchema.safeParse(json);
  // Re-parse with inputs in the issues only on failure: reportInput slows the success path.
  if (!parsed.success) throw zodInputError(PortfolioFileSchema.safeParse(json, { reportInput: true }).error!, file);
  return parsed.data;
}

type Dated = Extract<PortfolioFile['instruments'][number], { kind: 'future' | 'option' }>;

/** Years from market asOf to expiry (ACT/365); must be > 0. */
function expiryYears(raw: Dated, at: string, market: Market, fail: (column: string, problem: string) => never): number {
  if (raw.expiryDays !== undefined && raw.expiry !== undefined) fail(at, 'give expiryDays or expiry, not both');
  if (raw.expiryDays !== undefined) {
    const years = raw.expiryDays / DAYS_PER_YEAR;
    if (!(years > 0)) fail(`${at}.expiryDays`, `${raw.expiryDays} is too small: the time to expiry must be > 0`);
    return years;
  }
  if (raw.expiry === undefined) fail(`${at}.expiryDays`, `missing required field (a ${raw.kind} needs expiryDays or expiry)`);
  const ms = parseTimestamp(raw.expiry!);
  if (typeof ms === 'string') return fail(`${at}.expiry`, ms);
  if (ms <= market.asOfMs) fail(`${at}.expiry`, `${raw.kind} expired: ${raw.expiry} is not after market asOf ${market.asOf}`);
  if (ms - market.asOfMs > MAX_EXPIRY_DAYS * DAY_MS) fail(`${at}.expiry`, `${raw.expiry} is more than ${MAX_EXPIRY_DAYS} days after market asOf ${market.asOf} ${LIMIT_REASON}`);
  return (ms - market.asOfMs) / DAY_MS / DAYS_PER_YEAR;
}
