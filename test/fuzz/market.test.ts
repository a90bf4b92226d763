// Fuzz of the market.json reader (parseJsonText + parseMarket, with and without
// repairCorrelation): mutated files and documents must be rejected with an InputError naming the
// file and a line (JSON syntax) or a JSON path, or accepted as a valid market (unique symbols,
// positive finite spots, finite vols, symmetric unit-diagonal PSD correlation); never crash or hang.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseMarket } from '../../src/market/parseMarket.js';
import type { Market } from '../../src/market/types.js';
import { checkMarket } from './checks.js';
import { describeFailures, expectCoverage, fuzzLoop, fuzzSeed, logReport } from './fuzzLoop.js';
import { checkJsonCaseError, makeJsonCase, readDoc, type JsonCase } from './jsonCases.js';
import type { Rng } from './mutate.js';
import { threeCoinMarket } from '../testData.js';

const FUZZ_CASES = 5000;
const FUZZ_TIME_MS = 5000;
const FILE = 'market.json';

/**
 * Documented exception: the positive semi-definiteness error names the failed Cholesky pivot and
 * its symbol (README: "an error naming the entry or the failed Cholesky pivot"), not a JSON path.
 */
export const PATHLESS_MARKET_RULES = ['not positive semi-definite'];

const BASES = [
  threeCoinMarket(),
  { asOf: '2026-11-20', underlyings: [{ symbol: 'BTC', spot: 91000, vol: 0.55 }], correlation: [[1]] },
  {
    $schema: './schemas/market.schema.json',
    asOf: '1763596800000',
    rate: -0.002,
    underlyings: [{ symbol: 'X', spot: 1e-6, vol: 0 }, { symbol: 'Y', spot: 1e9, vol: 3 }],
    correlation: [[1, -1], [-1, 1]],
  },
];

/** Market-specific mutation: change correlation[i][j] and [j][i] together (reaches the PSD check). */
function symmetricCorrelation(doc: unknown, rng: Rng): boolean {
  const c = (doc as { correlation?: unknown })?.correlation;
  if (!Array.isArray(c) || c.length < 2 || !c.every((row) => Array.isArray(row) && row.length === c.length)) return false;
  const i = rng.int(c.length);
  const j = rng.int(c.length);
  const x = rng.pick([-1, 1, 0, 0.99, -0.99, 1 + 1e-10, 1 + 1e-8, -1 - 1e-10, 0.5 + rng.next() / 2, rng.next() * 2 - 1]);
  c[i][j] = x;
  c[j][i] = x;
  return true;
}

/**
 * Known bug (reported, not fixed here: the fix is a design choice in parseMarket / nearestCorrelation):
 * with repairCorrelation the correlation entries skip all range checks, and
 * - an entry of magnitude >= about 1e5 makes nearestCorrelation give up after 10,000 iterations and
 *   throw a plain Error;
 * - an entry near the largest double (1e308) overflows when symmetrized, (a + b) / 2, and
 *   nearestCorrelation throws a RangeError ("entry 0 is Infinity", though the input had none);
 * both reach the CLI as unexpected errors (exit 1, stack trace) instead of InputError. Reproducers:
 * the `it.fails` tests below.
 */
const KNOWN_BUGS: RegExp[] = [];

interface MarketCase extends JsonCase {
  repair: boolean;
}

describe('fuzz: market.json', () => {
  it('the starting documents are valid', () => {
    for (const b of BASES) expect(checkMarket(parseMarket(b, FILE))).toEqual([]);
  });

  it(`mutated files and documents: InputError naming the file and a line or JSON path, or a valid market (${FUZZ_CASES} cases)`, () => {
    const report = fuzzLoop<MarketCase, Market>({
      seed: fuzzSeed(1),
      count: FUZZ_CASES,
      timeMs: FUZZ_TIME_MS,
      make: (rng) => {
        const c = makeJsonCase(FILE, BASES, rng, symmetricCorrelation);
        const repair = rng.chance(0.2);
        return { input: { ...c.input, repair }, show: `${repair ? 'repairCorrelation ' : ''}${c.show}` };
      },
      run: (c) => parseMarket(readDoc(c), c.file, { repairCorrelation: c.repair }),
      checkError: (e, c) => checkJsonCaseError(e, c, PATHLESS_MARKET_RULES),
      // the repaired matrix is a projection computed to ~1e-12; the input one is checked to 1e-9
      checkResult: (m) => checkMarket(m, 1e-9),
      known: KNOWN_BUGS,
    });
    logReport('parseMarket', report);
    expect(describeFailures(report), 'contract violations').toBe('');
    expectCoverage(report);
  }, 60_000);

  const twoByTwo = (correlation: number[][]) => ({
    asOf: '2026-11-20',
    underlyings: [{ symbol: 'A', spot: 1, vol: 0.5 }, { symbol: 'B', spot: 1, vol: 0.5 }],
    correlation,
  });
  it('repairCorrelation with a correlation entry of 1e5 is an InputError naming the entry (found by fuzzing)', () => {
    expect(() => parseMarket(twoByTwo([[1, 1e5], [1e5, 1]]), FILE, { repairCorrelation: true })).toThrow(InputError);
  });
  it('repairCorrelation with a correlation entry of 1e308 is an InputError naming the entry (found by fuzzing)', () => {
    expect(() => parseMarket(twoByTwo([[1e308, 0], [0, 1]]), FILE, { repairCorrelation: true })).toThrow(/correlation\[0\]\[0\]: 1e\+308: must be in \[-1, 1\]/);
  });

  it('a deeply nested invalid file is an InputError, not a stack overflow (fixed in jsonText.ts)', () => {
    const text = `{"asOf": ${'['.repeat(200_000)}`;
    expect(() => parseMarket(readDoc({ file: FILE, text, doc: undefined }), FILE)).toThrow(/^market\.json:1:\d+: invalid JSON: /);
  });
});
