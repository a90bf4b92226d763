/** `dynamargin vol`: rolling volatility of price files, as JSON or CSV. */
import { availableParallelism } from 'node:os';
import { Option, type Command } from 'commander';
import { createEngine, MAX_THREADS } from '../engine.js';
import { parsePriceSpec, readPriceSpecs } from './readPriceSpecs.js';
import { gapWarnings } from './gapWarnings.js';
import { assertWritable, writeFileAtomic } from '../io/writeFileAtomic.js';
import { volatilityParams } from '../volatility/options.js';
import { ESTIMATORS, type Estimator } from '../volatility/types.js';
import { definedPoints, formatVolatility, VOL_FORMATS, type VolFormat } from './formatVolatility.js';
import { commandSignal, type CommandSignal } from './commandSignal.js';
import type { CliIo } from './io.js';
import { asOptionError, parseIntegerOption, parseNumberOption } from './parseOptions.js';

interface VolCliOptions {
  prices: string[];
  symbol?: string;
  estimator: Estimator;
  window?: number;
  lambda?: number;
  annualization?: number;
  threads?: number;
  format: VolFormat;
  out?: string;
}

const EXAMPLES = `
Price files: CSV with a header date,open,high,low,close[,volume] (date: YYYY-MM-DD, ISO datetime
or unix ms). One asset per file (symbol = file name without extension, uppercased, or --symbol),
or a long file with an extra symbol column holding several assets.

Examples:
  $ dynamargin vol --prices btc.csv --estimator yang-zhang --window 30
  $ dynamargin vol --prices btc.csv eth.csv --estimator ewma --lambda 0.97 --format csv
  $ dynamargin vol --prices market.csv --symbol ETH --estimator parkinson --out eth-vol.json`;

export function addVolCommand(program: Command, io: CliIo, interrupt?: AbortSignal): void {
  program
    .command('vol')
    .description('rolling annualized volatility of OHLC price files')
    .requiredOption('--prices <file...>', 'price CSV file(s), FILE or SYMBOL=FILE; repeat the flag or list several')
    .option('--symbol <symbol>', 'symbol of a single one-asset file, or the symbol to pick from long-format files')
    .addOption(
      new Option('--estimator <name>', 'volatility estimator (required)')
        .choices(ESTIMATORS)
        .makeOptionMandatory(),
    )
    .option('--window <n>', 'window length in returns or bars (default 30)', parseIntegerOption)
    .option('--lambda <l>', 'EWMA decay in (0, 1) (default 0.94, RiskMetrics)', parseNumberOption)
    .option('--annualization <a>', 'periods per year (default 365; 252 for equities)', parseNumberOption)
    .option('--threads <t>', 'worker threads (default: available cores, at most one per series)', parseIntegerOption)
    .addOption(new Option('--format <format>', 'output format').choices(VOL_FORMATS).default('json'))
    .option('--out <file>', 'write to this file (atomically) instead of stdout')
    .addHelpText('after', EXAMPLES)
    .action((options: VolCliOptions) => runVol(options, io, interrupt));
}

async function runVol(options: VolCliOptions, io: CliIo, interrupt?: AbortSignal): Promise<void> {
  const cancel = commandSignal('vol', interrupt, undefined);
  try {
    await computeVol(options, io, cancel);
  } finally {
    cancel.dispose();
  }
}

async function computeVol(options: VolCliOptions, io: CliIo, cancel: CommandSignal): Promise<void> {
  let params;
  try {
    params = volatilityParams({
      estimator: options.estimator,
      window: options.window,
      lambda: options.lambda,
      annualization: options.annualization,
    });
  } catch (err) {
    throw asOptionError(err, ['estimator', 'window', 'lambda', 'annualization']);
  }
  if (options.out !== undefined) assertWritable([options.out], options.prices.map((p) => parsePriceSpec(p).file));
  const series = await readPriceSpecs(options.prices, { symbol: options.symbol });
  cancel.throwIfAborted();
  const gapText = gapWarnings(series);
  if (gapText) io.stderr(gapText);
  const threads = options.threads ?? Math.min(availableParallelism(), series.length, MAX_THREADS);
  const engine = await createEngine({ threads }).catch((err: unknown) => {
    throw asOptionError(err, ['threads']);
  });
  let results;
  try {
    results = definedPoints(await engine.volatility(series, { ...params, signal: cancel.signal }));
  } finally {
    await engine.close();
  }
  results.forEach((r, i) => {
    if (r.points.length === 0) {
      const n = series[i].close.length;
      io.stderr(
        `warning: ${r.symbol} (${series[i].source}): no volatility points; ${n} bar${n === 1 ? '' : 's'} ` +
          `for ${params.estimator} with window ${params.window}\n`,
      );
    }
  });
  const text = formatVolatility(results, options.format);
  cancel.throwIfAborted(); // nothing is written once interrupted
  if (options.out !== undefined) await writeFileAtomic(options.out, text, { inputs: options.prices, signal: cancel.signal });
  else io.stdout(text);
}
