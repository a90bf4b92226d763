/** `dynamargin surface`: fit implied-volatility surfaces (raw SVI / SSVI) to quotes.csv, write surface.json. */
import { Option, type Command } from 'commander';
import { assertWritable, writeFileAtomic } from '../io/writeFileAtomic.js';
import { readTextFile } from '../market/readMarketFile.js';
import { fitSurface, SURFACE_MODELS, type SurfaceFitResult, type SurfaceModel } from '../surface/fitSurface.js';
import { parseQuotesCsv } from '../surface/quotesCsv.js';
import { SurfaceArbitrageError } from '../surface/surfaceArbitrage.js';
import type { SurfaceFile } from '../surface/surfaceSchema.js';
import type { CliIo } from './io.js';
import { formatTable } from './table.js';

const FORMATS = ['table', 'json'] as const;
type SummaryFormat = (typeof FORMATS)[number];

interface SurfaceCliOptions {
  quotes: string;
  out: string;
  model: SurfaceModel;
  asOf?: string;
  format: SummaryFormat;
}

const EXAMPLES = `
quotes.csv columns (header names case-insensitive): underlying, strike, expiry_days or expiry
(ISO date, with an asof column or --as-of), iv or bid_iv,ask_iv or bid,ask prices (+ right),
forward or spot (+ rate). Vols are fractions (0.55 = 55%). surface.json holds one raw SVI slice
of total variance per underlying and expiry. Exit code 2 on bad input or when the fitted surface
has static arbitrage (nothing is written then).

Examples:
  $ dynamargin surface --quotes quotes.csv --out surface.json
  $ dynamargin surface --quotes quotes.csv --out surface.json --model ssvi --as-of 2026-12-01 --format json`;

export function addSurfaceCommand(program: Command, io: CliIo): void {
  program
    .command('surface')
    .description('fit implied-volatility surfaces (raw SVI per expiry, or SSVI) to option quotes')
    .requiredOption('--quotes <file>', 'option quotes CSV')
    .requiredOption('--out <file>', 'surface.json to write (atomically)')
    .addOption(new Option('--model <model>', 'svi: raw SVI per expiry (quasi-explicit); ssvi: one SSVI surface').choices(SURFACE_MODELS).default('svi'))
    .option('--as-of <time>', 'valuation time (ISO 8601) for expiry dates in the quotes')
    .addOption(new Option('--format <format>', 'summary printed to stdout').choices(FORMATS).default('table'))
    .addHelpText('after', EXAMPLES)
    .action((o: SurfaceCliOptions) => runSurface(o, io));
}

async function runSurface(o: SurfaceCliOptions, io: CliIo): Promise<void> {
  assertWritable([o.out], [o.quotes]);
  const { quotes, asOf } = parseQuotesCsv(await readTextFile(o.quotes), { file: o.quotes, asOf: o.asOf });
  const result = fitSurface(quotes, { model: o.model, asOf, file: o.quotes });
  if (result.violations.length > 0) {
    io.stdout(formatSurfaceSummary(result, o.format, o.out));
    throw new SurfaceArbitrageError(result.violations);
  }
  const file: SurfaceFile = { ...(asOf === undefined ? {} : { asOf }), surfaces: result.surfaces, fit: result.fit };
  await writeFileAtomic(o.out, `${JSON.stringify(file, null, 2)}\n`, { inputs: [o.quotes] });
  // the summary says "wrote": only once it is written
  io.stdout(formatSurfaceSummary(result, o.format, o.out));
}

/** Per-expiry fit quality and the arbitrage verdict, as a table or JSON. */
export function formatSurfaceSummary(result: SurfaceFitResult, format: SummaryFormat, out: string): string {
  const written = result.violations.length === 0;
  if (format === 'json') {
    return `${JSON.stringify({ out: written ? out : null, fit: result.fit, violations: result.violations.map((v) => v.message) }, null, 2)}\n`;
  }
  const rows = result.fit.map((f) => [
    f.underlying,
    f.expiry === undefined ? `${f.expiryDays} d` : `${Number(f.expiryDays.toFixed(4))} d ${f.expiry}`,
    f.model,
    String(f.quotes),
    f.rmseVolPoints.toFixed(3),
    f.maxAbsErrorVolPoints.toFixed(3),
    f.arbitrageFree ? 'ok' : 'ARBITRAGE',
  ]);
  const table = formatTable(['underlying', 'expiry', 'model', 'quotes', 'rmse (vol pts)', 'max |err| (vol pts)', 'arbitrage'], rows);
  const verdict = written
    ? `arbitrage checks passed (butterfly g(k) >= 0, Lee wing bound, calendar); wrote ${out}\n`
    : `arbitrage checks failed: ${result.violations.length} violation${result.violations.length === 1 ? '' : 's'}; nothing written\n`;
  return table + verdict;
}
