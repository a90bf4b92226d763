/** Validate parsed market.json into a `Market` (pure, browser-safe). */
import { InputError } from '../errors.js';
import { parseTimestamp } from '../io/parseTimestamp.js';
import { checkCorrelation } from '../linalg/checkCorrelation.js';
import { cholesky } from '../linalg/cholesky.js';
import { MarketFileSchema } from './schema.js';
import { nearestCorrelation } from '../linalg/nearestCorrelation.js';
import type { CorrelationRepair, Market } from './types.js';
import { checkSurfaceSlices } from '../surface/checkSurface.js';
import type { SviSurface } from '../surface/sviSurface.js';
import { zodInputError } from './zodIssue.js';

/**
 * Check `json` against MarketFileSchema and the rules the schema cannot state: unique symbols, an
 * N x N correlation matrix (symmetric, unit diagonal, entries in [-1, 1] within 1e-9, positive
 * semi-definite per `cholesky`).
 * @param file name for messages, e.g. "market.json".
 * @throws InputError naming the file, the JSON path and the rule, e.g.
 *   `market.json: underlyings[3].symbol: duplicate symbol "ETH" (also underlyings[1])`.
 */
export function parseMarket(json: unknown, file: string, options: ParseMarketOptions = {}): Market {
  const parsed = MarketFileSchema.safeParse(json);
  // Re-parse with inputs in the issues only on failure: reportInput slows the success path.
  if (!parsed.success) throw zodInputError(MarketFileSchema.safeParse(json, { reportInput: true }).error!, file);
  const m = parsed.data;
  const asOfMs = parseTimestamp(m.asOf);
  if (typeof asOfMs === 'string') throw new InputError(asOfMs, { file, column: 'asOf' });

  const n = m.underlyings.length;
  const symbols: string[] = [];
  const spot = new Float64Array(n);
  const vol = new Float64Array(n);
  const seen = new Map<string, number>();
  m.underlyings.forEach((u, i) => {
    const before = seen.get(u.symbol);
    if (before !== undefined) {
      throw new InputError(`duplicate symbol "${u.symbol}" (also underlyings[${before}])`, { file, column: `underlyings[${i}].symbol` });
    }
    seen.set(u.symbol, i);
    symbols.push(u.symbol);
    spot[i] = u.spot;
    vol[i] = u.vol;
    if (u.surface) checkSurfaceSlices(u.surface.slices, file, `underlyings[${i}].surface`);
  });
  const surfaces: { surfaces?: (SviSurface | undefined)[] } = m.underlyings.some((u) => u.surface)
    ? { surfaces: m.underlyings.map((u) => u.surface?.slices) }
    : {};

  if (m.correlation.length !== n) {
    throw new InputError(`must have ${n} rows (one per underlying); got ${m.correlation.length}`, { file, column: 'correlation' });
  }
  const correlation = new Float64Array(n * n);
  m.correlation.forEach((row, i) => {
    if (row.length !== n) {
      throw new InputError(`must have ${n} entries (one per underlying); got ${row.length}`, { file, column: `correlation[${i}]` });
    }
    correlation.set(row, i * n);
  });
  if (options.repairCorrelation) {
    // a repair fixes asymmetry, the diagonal and indefiniteness; entries outside [-1, 1] are data errors
    correlation.forEach((x, k) => {
      if (!(Math.abs(x) <= 1 + 1e-9)) {
        throw new InputError(`${x}: must be in [-1, 1] (a repair does not change out-of-range entries)`, {
          file,
          column: `correlation[${Math.floor(k / n)}][${k % n}]`,
        });
      }
    });
    const repaired = repairCorrelation(correlation, n);
    return { asOf: m.asOf, asOfMs, rate: m.rate, symbols, spot, vol, correlation: repaired.correlation, ...surfaces, correlationRepair: repaired.repair };
  }
  checkCorrelation(correlation, n, symbols, file);
  try {
    cholesky(correlation, n, { symbols });
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    throw new InputError(`${err.problem}; ${REPAIR_HINT}`, { file, column: 'correlation' });
  }

  return { asOf: m.asOf, asOfMs, rate: m.rate, symbols, spot, vol, correlation, ...surfaces };
}

/** The way out of an indefinite correlation, named in its error. */
const REPAIR_HINT = '--repair-correlation (API: repairCorrelation: true) projects it onto the nearest correlation matrix (Higham 2002)';

export interface ParseMarketOptions {
  /** Replace the correlation by the nearest valid one (Higham 2002) instead of rejecting it. */
  repairCorrelation?: boolean;
}

/** Symmetrize, then project onto the nearest correlation matrix; report how far it moved from the input. */
function repairCorrelation(c: Float64Array, n: number): { correlation: Float64Array; repair: CorrelationRepair } {
  const sym = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sym[i * n + j] = 0.5 * (c[i * n + j] + c[j * n + i]);
  const near = nearestCorrelation(sym, n);
  let frob = 0;
  let maxAbs = 0;
  for (let i = 0; i < n * n; i++) {
    const d = near.correlation[i] - c[i];
    frob += d * d;
    maxAbs = Math.max(maxAbs, Math.abs(d));
  }
  return { correlation: near.correlation, repair: { frobeniusDistance: Math.sqrt(frob), maxAbsChange: maxAbs, iterations: near.iterations } };
}
