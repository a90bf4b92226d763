// Fuzz of the portfolio.json reader (parseJsonText + parsePortfolio against a fixed market):
// mutated files and documents must be rejected with an InputError naming the file and a line (JSON
// syntax) or a JSON path, or accepted as a valid portfolio (unique ids, every position naming an
// existing instrument, instruments naming market symbols, positive finite multipliers, strikes,
// vols and expiries); never crash or hang.
import { describe, expect, it } from 'vitest';
import { parseMarket } from '../../src/market/parseMarket.js';
import { parsePortfolio } from '../../src/portfolio/parsePortfolio.js';
import { checkPortfolio } from './checks.js';
import { describeFailures, expectCoverage, fuzzLoop, fuzzSeed, logReport } from './fuzzLoop.js';
import { checkJsonCaseError, makeJsonCase, readDoc, type JsonCase } from './jsonCases.js';
import type { Rng } from './mutate.js';

const FUZZ_CASES = 5000;
const FUZZ_TIME_MS = 5000;
const FILE = 'portfolio.json';

const market = parseMarket(
  {
    asOf: '2026-11-20T00:00:00Z',
    underlyings: [
      { symbol: 'BTC', spot: 91000, vol: 0.55 },
      { symbol: 'ETH', spot: 3100, vol: 0.7 },
    ],
    correlation: [[1, 0.8], [0.8, 1]],
  },
  'market.json',
);

const BASES = [
  {
    instruments: [
      { id: 'BTC-PERP', kind: 'perpetual', underlying: 'BTC' },
      { id: 'ETH-SPOT', kind: 'spot', underlying: 'ETH', multiplier: 0.1 },
      { id: 'BTC-FUT-DEC', kind: 'future', underlying: 'BTC', expiry: '2026-12-25T08:00:00Z' },
      { id: 'ETH-FUT-90', kind: 'future', underlying: 'ETH', expiryDays: 90, multiplier: 10 },
      { id: 'ETH-30D-3000-C', kind: 'option', underlying: 'ETH', right: 'call', strike: 3000, expiryDays: 30, iv: 0.72 },
      { id: 'BTC-P', kind: 'option', underlying: 'BTC', right: 'put', strike: 80000, expiry: '2027-03-26', iv: 0.6 },
    ],
    accounts: [
      { id: 'alice', collateral: { USD: 20000 }, positions: [{ instrument: 'BTC-PERP', quantity: 0.5 }, { instrument: 'ETH-30D-3000-C', quantity: -10 }] },
      { id: 'bob', collateral: {}, positions: [] },
      {
        id: 'carol',
        collateral: { USD: 1e6, BTC: 2 },
        positions: [
          { instrument: 'BTC-P', quantity: 3 }, { instrument: 'ETH-FUT-90', quantity: -2.5 },
          { instrument: 'ETH-SPOT', quantity: 100 }, { instrument: 'BTC-FUT-DEC', quantity: 1 }, { instrument: 'BTC-P', quantity: -1 },
        ],
      },
    ],
  },
  { $schema: './schemas/portfolio.schema.json', instruments: [], accounts: [] },
];

const IDS = ['BTC-PERP', 'ETH-SPOT', 'BTC-FUT-DEC', 'ETH-FUT-90', 'ETH-30D-3000-C', 'BTC-P', 'btc-perp', 'BTC-PERP ', 'SOL-PERP', '', 'alice'];

/** Portfolio-specific mutation: re-point a position or an instrument to another (maybe unknown) name. */
function crossReference(doc: unknown, rng: Rng): boolean {
  const d = doc as { instruments?: unknown[]; accounts?: { positions?: unknown[] }[] };
  if (rng.chance(0.5)) {
    const positions = Array.isArray(d?.accounts) ? d.accounts.flatMap((a) => (Array.isArray(a?.positions) ? a.positions : [])) : [];
    const p = positions.length ? (rng.pick(positions) as Record<string, unknown>) : undefined;
    if (!p || typeof p !== 'object') return false;
    p.instrument = rng.pick(IDS);
    return true;
  }
  const list = Array.isArray(d?.instruments) ? d.instruments : [];
  const ins = list.length ? (rng.pick(list) as Record<string, unknown>) : undefined;
  if (!ins || typeof ins !== 'object') return false;
  const field = rng.pick(['underlying', 'id', 'kind', 'expiry', 'expiryDays', 'right']);
  ins[field] = rng.pick<unknown>(
    {
      underlying: ['BTC', 'ETH', 'SOL', 'btc', ''],
      id: IDS,
      kind: ['perpetual', 'spot', 'future', 'option', 'swap', 'Option'],
      expiry: ['2026-11-20T00:00:00Z', '2026-11-19', '2026-11-20T00:00:00.001Z', '1763596800001', '2026-02-30', '2027-01-01T00:00:00+14:00'],
      expiryDays: [1e-9, 5e-324, 0, 36500, 1e308],
      right: ['call', 'put', 'CALL', 'straddle'],
    }[field]!,
  );
  return true;
}

/**
 * Known bug (reported; low impact): `expiryDays` below about 1.8e-321 passes the schema (> 0) but
 * expiryDays / 365 underflows to 0, so the accepted instrument breaks the documented
 * `expiryYears > 0`. (The risk figures stay finite: the option is valued as expired.) Reproducer:
 * the `it.fails` test below. A fix is a rule choice (e.g. a minimum of one millisecond, as `expiry`
 * implies), so it is left to the owner of parsePortfolio.
 */
const KNOWN_BUGS: RegExp[] = [];

describe('fuzz: portfolio.json', () => {
  it('the starting documents are valid', () => {
    for (const b of BASES) expect(checkPortfolio(parsePortfolio(b, market, FILE), market)).toEqual([]);
  });

  it(`mutated files and documents: InputError naming the file and a line or JSON path, or a valid portfolio (${FUZZ_CASES} cases)`, () => {
    const report = fuzzLoop<JsonCase, Portfolio>({
      seed: fuzzSeed(2),
      count: FUZZ_CASES,
      timeMs: FUZZ_TIME_MS,
      make: (rng) => makeJsonCase(FILE, BASES, rng, crossReference),
      run: (c) => parsePortfolio(readDoc(c), market, c.file),
      checkError: (e, c) => checkJsonCaseError(e, c),
      checkResult: (p) => checkPortfolio(p, market),
      known: KNOWN_BUGS,
    });
    logReport('parsePortfolio', report);
    expect(describeFailures(report), 'contract violations').toBe('');
    expectCoverage(report);
  }, 60_000);

  it('expiryDays 5e-324 is rejected: its time to expiry in years would be 0 (found by fuzzing)', () => {
    const doc = { instruments: [{ id: 'C', kind: 'option', underlying: 'ETH', right: 'call', strike: 3000, expiryDays: 5e-324, iv: 0.7 }], accounts: [] };
    expect(() => parsePortfolio(doc, market, FILE)).toThrow(/instruments\[0\]\.expiryDays: 5e-324 is too small/);
  });
});
