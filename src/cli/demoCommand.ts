/** `dynamargin demo` (what `npm start` runs): current volatility of the built-in synthetic market. */
import type { Command } from 'commander';
import { syntheticPrices, SYNTHETIC_DEFAULTS } from '../data/syntheticMarket.js';
import { createEngine } from '../engine.js';
import { writeFileAtomic } from '../io/writeFileAtomic.js';
import { writePriceCsv } from '../io/writePriceCsv.js';
import { volatilityParams } from '../volatility/options.js';
import { ESTIMATORS } from '../volatility/types.js';
import type { CliIo } from './io.js';
import { asOptionError, parseIntegerOption } from './parseOptions.js';
import { formatTable } from './table.js';

interface DemoCliOptions {
  seed?: number;
  days?: number;
  window?: number;
  savePrices?: string;
}

const EXAMPLES = `
Examples:
  $ dynamargin demo
  $ dynamargin demo --seed 7 --window 60
  $ dynamargin demo --save-prices synthetic.csv && dynamargin vol --prices synthetic.csv --estimator yang-zhang`;

export function addDemoCommand(program: Command, io: CliIo): void {
  program
    .command('demo')
    .description('volatility of a built-in synthetic crypto market, by estimator (no files needed)')
    .option('--seed <n>', `random seed of the synthetic market (default ${SYNTHETIC_DEFAULTS.seed})`, parseIntegerOption)
    .option('--days <n>', `number of daily bars (default ${SYNTHETIC_DEFAULTS.days})`, parseIntegerOption)
    .option('--window <n>', 'window length (default 30)', parseIntegerOption)
    .option('--save-prices <file>', 'also write the synthetic prices as a long-format CSV file')
    .addHelpText('after', EXAMPLES)
    .action((options: DemoCliOptions) => runDemo(options, io));
}

async function runDemo(options: DemoCliOptions, io: CliIo): Promise<void> {
  let series, params;
  try {
    series = syntheticPrices({ seed: options.seed, days: options.days });
    params = volatilityParams({ window: options.window });
  } catch (err) {
    throw asOptionError(err, ['seed', 'days', 'window']);
  }
  if (options.savePrices !== undefined) await writeFileAtomic(options.savePrices, writePriceCsv(series));

  const engine = await createEngine({ threads: 1 });
  const rows = series.map((s) => [s.symbol]);
  try {
    for (const estimator of ESTIMATORS) {
      const results = await engine.volatility(series, { ...params, estimator });
      results.forEach((r, i) => rows[i].push(formatPercent(r.points.at(-1)?.vol)));
    }
  } finally {
    await engine.close();
  }

  const first = series[0].dates[0];
  const last = series[0].dates.at(-1);
  const seed = options.seed ?? SYNTHETIC_DEFAULTS.seed;
  io.stdout(
    `Annualized volatility (%) on ${last}, window ${params.window}, EWMA lambda ${params.lambda}\n\n` +
      formatTable(['asset', ...ESTIMATORS], rows) +
      `\nData: built-in synthetic market (seed ${seed}, ${series.length} assets, ${series[0].dates.length} daily bars ` +
      `${first}..${last}), not real prices; on your own files: dynamargin vol --prices FILE.csv --estimator yang-zhang\n`,
  );
}

/** 0.5234 -> "52.3"; undefined or NaN -> "n/a". */
function formatPercent(vol: number | undefined): string {
  return vol !== undefined && Number.isFinite(vol) ? (vol * 100).toFixed(1) : 'n/a';
}
