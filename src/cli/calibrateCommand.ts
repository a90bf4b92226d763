/**
 * `dynamargin calibrate` (what `npm start` runs on the built-in data), `backtest` and `stress`:
 * the margin policy calibrated, backtested and stressed, with report.json and report.html.
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { runCalibration, type CalibrationResult } from '../calibrate/run.js';
import { reportData, reportJson, type ReportMeta } from '../calibrate/report.js';
import { syntheticPortfolio } from '../data/syntheticPortfolio.js';
import { syntheticPrices, SYNTHETIC_DEFAULTS } from '../data/syntheticMarket.js';
import { createEngine, type Engine, MAX_THREADS } from '../engine.js';
import { InputError } from '../errors.js';
import { readPriceFiles } from '../io/readPrices.js';
import { parsePriceSpec, readPriceSpecs } from './readPriceSpecs.js';
import { assertWritable, writeFileAtomic, writeOutputs } from '../io/writeFileAtomic.js';
import { assertFolderPossible, makeOutputFolder } from '../io/makeOutputFolder.js';
import { readRegularFile } from '../io/readRegularFile.js';
import { readTextFile } from '../market/readMarketFile.js';
import { writePriceCsv } from '../io/writePriceCsv.js';
import { parseJsonText } from '../market/jsonText.js';
import { DEFAULT_POLICY_CONFIG, parsePolicyConfig, type PolicyConfig } from '../policy/config.js';
import type { PortfolioFile } from '../portfolio/schema.js';
import type { PriceSeries } from '../prices/types.js';
import { renderReportHtml } from '../report/renderHtml.js';
import { commandSignal, type CommandSignal } from './commandSignal.js';
import { runOptimize } from './optimizeCommand.js';
import { accountsCsv, backtestCsv, backtestTable, stressCsv, stressTable, SUMMARY_FORMATS, type SummaryFormat } from './formatSummary.js';
import { PROCESS_IO, type CliIo } from './io.js';
import { asOptionError, parseIntegerOption, parseNumberOption } from './parseOptions.js';
import { progressBar } from './progress.js';
import { SURFACE_DYNAMICS, type SurfaceDynamics } from '../montecarlo/options.js';
import { readSurfaceFile } from '../surface/readSurfaceFile.js';
import type { SurfaceSet } from '../surface/surfaceFile.js';
import { ES_REJECTED, summaryFigures } from './summaryFigures.js';

interface CalibrateCliOptions {
  prices?: string[];
  portfolio?: string;
  implied?: string[];
  config?: string;
  out?: string;
  model: 'normal' | 'fhs';
  scenarios?: number;
  seed?: number;
  threads?: number;
  insuranceFund?: number;
  timeout?: number;
  optimize?: boolean;
  from?: string;
  format?: SummaryFormat;
  accountsCsv?: string;
  surface?: string;
  surfaceDynamics?: SurfaceDynamics;
}

const EXAMPLES = `
Without --prices, runs on the built-in synthetic market and book (what npm start does).

Examples:
  $ dynamargin calibrate --out report
  $ dynamargin calibrate --prices btc.csv eth.csv --portfolio portfolio.json --config policy.json --out report
  $ dynamargin calibrate --prices btc.csv --implied BTC=btc-dvol.csv --model fhs --out report
  $ dynamargin calibrate --optimize --prices btc.csv eth.csv --out calibrated
  $ dynamargin calibrate --prices btc.csv eth.csv --config calibrated/policy.json --out report
  $ dynamargin calibrate --prices BTC=btc-usd-daily.csv --portfolio book.json --accounts-csv accounts.csv --out report
  $ dynamargin calibrate --prices btc.csv eth.csv --portfolio book.json --surface surface.json --surface-dynamics sticky-moneyness --out report
  $ dynamargin backtest --prices btc.csv eth.csv --out backtest.json
  $ dynamargin backtest --prices btc.csv eth.csv --format csv > backtest.csv
  $ dynamargin stress --prices btc.csv eth.csv --portfolio portfolio.json --insurance-fund 5000000`;

const formatOption = () =>
  new Option('--format <format>', 'output: a summary table (default on a terminal), json (default otherwise and with --out) or csv').choices(SUMMARY_FORMATS);

function common(command: Command): Command {
  return command
    .option('--prices <file...>', 'price CSV histories, FILE or SYMBOL=FILE (default: the built-in synthetic market)')
    .option('--implied <symbol=file...>', 'implied-vol histories (e.g. Deribit DVOL, in percent) blended per the config')
    .option('--config <file>', 'margin policy config (JSON; every field optional, see README)')
    .addOption(new Option('--model <model>', 'margin-rate model of the per-asset backtest').choices(['normal', 'fhs']).default('normal'))
    .option('--threads <t>', 'worker threads (default: available cores)', parseIntegerOption)
    .option('--timeout <seconds>', 'stop without output (exit code 124) if the run takes longer', parseNumberOption);
}

export function addCalibrateCommands(program: Command, io: CliIo, interrupt?: AbortSignal): void {
  common(program.command('calibrate'))
    .description('calibrate, backtest and stress the margin policy; write report.json and report.html')
    .option('--portfolio <file>', 'portfolio.json to margin (default with the synthetic market: a synthetic book)')
    .requiredOption('--out <dir>', 'folder for report.json and report.html')
    .option('--scenarios <m>', 'Monte Carlo scenarios for the book (default 10000)', parseIntegerOption)
    .option('--seed <n>', 'random seed (default 1)', parseIntegerOption)
    .option('--insurance-fund <usd>', 'insurance / default fund tested against Cover 2', parseNumberOption)
    .option('--optimize', 'choose each asset\'s long and short rate model walk-forward; write policy.json and optimization.json')
    .option('--from <date>', 'with --optimize: first date judged (default 2018-01-01, or the first calibrated date)')
    .option('--accounts-csv <file>', 'also write per account: initial and maintenance margin, equity, status, amount called (CSV)')
    .option('--surface <file>', 'surface.json: SVI implied-vol surfaces by underlying; the book\'s options without iv are valued on them')
    .addOption(new Option('--surface-dynamics <d>', 'how a surface moves with the spot in the book\'s scenarios (default sticky-strike)').choices(SURFACE_DYNAMICS))
    .addHelpText('after', EXAMPLES)
    .action((o: CalibrateCliOptions) => runCancellable(o, io, 'calibrate', interrupt));
  common(program.command('backtest'))
    .description('walk-forward backtest of the margin policy per asset (table, JSON or CSV)')
    .option('--out <file>', 'write the output here (atomically) instead of stdout')
    .addOption(formatOption())
    .addHelpText('after', EXAMPLES)
    .action((o: CalibrateCliOptions) => runCancellable(o, io, 'backtest', interrupt));
  common(program.command('stress'))
    .description('hypothetical (Paradex preset) and historical stress tests of a book (table, JSON or CSV)')
    .option('--portfolio <file>', 'portfolio.json (default with the synthetic market: a synthetic book)')
    .option('--insurance-fund <usd>', 'insurance / default fund tested against Cover 2', parseNumberOption)
    .option('--out <file>', 'write the output here (atomically) instead of stdout')
    .addOption(formatOption())
    .addHelpText('after', EXAMPLES)
    .action((o: CalibrateCliOptions) => runCancellable(o, io, 'stress', interrupt));
}

interface Inputs {
  prices: PriceSeries[];
  portfolio?: PortfolioFile;
  implied?: Record<string, PriceSeries>;
  surfaces?: SurfaceSet;
  config: PolicyConfig;
  files: ReportMeta['inputs'];
}

async function readInputs(o: CalibrateCliOptions, wantBook: boolean): Promise<Inputs> {
  const files: ReportMeta['inputs'] = [];
  const hashFile = async (path: string) => {
    try {
      files.push({ name: path, sha256: sha256(await readRegularFile(path)) });
    } catch {
      /* unreadable files are reported by their reader */
    }
  };
  let config = DEFAULT_POLICY_CONFIG;
  if (o.config) {
    const text = await readTextFile(o.config);
    config = parsePolicyConfig(parseJsonText(text, o.config), o.config);
    await hashFile(o.config);
  }
  let prices: PriceSeries[];
  let portfolio: PortfolioFile | undefined;
  if (o.prices) {
    prices = await readPriceSpecs(o.prices);
    for (const f of o.prices) await hashFile(parsePriceSpec(f).file);
  } else {
    prices = syntheticPrices();
    files.push({ name: `synthetic market (seed ${SYNTHETIC_DEFAULTS.seed}, ${SYNTHETIC_DEFAULTS.days} days)`, sha256: sha256(writePriceCsv(prices)) });
    if (wantBook && !o.portfolio) {
      portfolio = syntheticPortfolio(prices);
      files.push({ name: 'synthetic book (seed 1, 500 accounts)', sha256: sha256(JSON.stringify(portfolio)) });
    }
  }
  if (o.portfolio) {
    const text = await readTextFile(o.portfolio);
    portfolio = parseJsonText(text, o.portfolio) as PortfolioFile;
    await hashFile(o.portfolio);
  }
  let implied: Record<string, PriceSeries> | undefined;
  for (const spec of o.implied ?? []) {
    const eq = spec.indexOf('=');
    if (eq < 1) throw new InputError(`expected SYMBOL=FILE; got "${spec}"`, { column: '--implied' });
    const [series] = await readPriceFiles([spec.slice(eq + 1)], { symbol: spec.slice(0, eq) });
    if (!prices.some((p) => p.symbol === series.symbol)) {
      // an implied series no price series uses would be silently ignored
      const names = prices.map((p) => p.symbol).join(', ');
      throw new InputError(`no price series has symbol ${series.symbol}; the price symbols are ${names} (name the price file's symbol with --prices ${series.symbol}=FILE)`, {
        column: '--implied',
      });
    }
    implied = { ...implied, [series.symbol]: series };
    await hashFile(spec.slice(eq + 1));
  }
  let surfaces: SurfaceSet | undefined;
  if (o.surface) {
    surfaces = await readSurfaceFile(o.surface);
    await hashFile(o.surface);
  }
  return { prices, portfolio, implied, surfaces, config, files };
}

type Mode = 'calibrate' | 'backtest' | 'stress';

async function runCancellable(o: CalibrateCliOptions, io: CliIo, mode: Mode, interrupt?: AbortSignal): Promise<void> {
  checkOptionsUsed(o);
  const cancel = commandSignal(mode, interrupt, o.timeout);
  try {
    if (o.optimize) await runOptimize(o, io, cancel);
    else await runCalibrate(o, io, mode, cancel);
  } finally {
    cancel.dispose();
  }
}

/** The book is validated where it is used, as API data: its errors name the file it came from. */
function inPortfolioFile(err: unknown, file: string | undefined): unknown {
  if (file && err instanceof InputError && err.file === '<api> portfolio') return new InputError(err.problem, { file, line: err.line, column: err.column });
  return err;
}

/** Options a run would silently ignore are refused: --optimize uses neither a book nor implied vols; --from needs --optimize. */
function checkOptionsUsed(o: CalibrateCliOptions): void {
  if (o.optimize) {
    const unused = (['implied', 'portfolio', 'scenarios', 'seed', 'insuranceFund', 'surface', 'surfaceDynamics'] as const).find((k) => o[k] !== undefined);
    if (unused) {
      const flag = `--${unused.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      throw new InputError('is not used by --optimize (it calibrates the rates from the price histories alone); drop it, or run without --optimize', { column: flag });
    }
  } else if (o.from !== undefined) {
    throw new InputError('only applies with --optimize (the first date judged)', { column: '--from' });
  }
}

/** The engine with `signal` added to the options of every call that runs kernels. */
function cancellable(engine: Engine, signal: AbortSignal | undefined): Engine {
  if (!signal) return engine;
  const optionsAt: Record<string, number> = { volatility: 1, volatilityPanel: 1, valueAtRisk: 2, book: 2 };
  return new Proxy(engine, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      const at = typeof key === 'string' ? optionsAt[key] : undefined;
      if (at === undefined) return value.bind(target);
      return (...args: unknown[]) => {
        args[at] = { ...(args[at] as object | undefined), signal };
        return value.apply(target, args);
      };
    },
  });
}

async function runCalibrate(o: CalibrateCliOptions, io: CliIo, mode: Mode, cancel: CommandSignal): Promise<void> {
  const inputPaths = [...(o.prices ?? []).map((p) => parsePriceSpec(p).file), ...(o.portfolio ? [o.portfolio] : []), ...(o.config ? [o.config] : []), ...(o.implied ?? []).map((s) => s.slice(s.indexOf('=') + 1)), ...(o.surface ? [o.surface] : [])];
  if (o.out && mode === 'calibrate') assertFolderPossible(o.out);
  if (o.out) assertWritable(mode === 'calibrate' ? [join(o.out, 'report.json'), join(o.out, 'report.html'), ...(o.accountsCsv ? [o.accountsCsv] : [])] : [o.out], inputPaths);
  const inputs = await readInputs(o, mode !== 'backtest');
  cancel.throwIfAborted();
  if (mode === 'stress' && !inputs.portfolio) throw new InputError('give --portfolio FILE (or no --prices for the synthetic book)', { column: '--portfolio' });
  const engine = await createEngine({ threads: o.threads ?? Math.min(availableParallelism(), MAX_THREADS) }).catch((err: unknown) => {
    throw asOptionError(err, ['threads']);
  });
  const bar = progressBar(mode);
  let result: CalibrationResult;
  try {
    result = await runCalibration(cancellable(engine, cancel.signal), inputs.prices, mode === 'backtest' ? undefined : inputs.portfolio, {
      config: inputs.config,
      backtestModel: o.model,
      scenarios: o.scenarios,
      seed: o.seed,
      impliedVol: inputs.implied,
      surfaces: inputs.surfaces,
      surfaceDynamics: o.surfaceDynamics,
      insuranceFund: o.insuranceFund,
      onProgress: (stage, f) => bar.update(stage === 'book' ? 0.5 + 0.5 * f : 0.5 * f),
    });
  } catch (err) {
    throw inPortfolioFile(asOptionError(err, ['scenarios', 'seed']), o.portfolio);
  } finally {
    bar.stop();
    await engine.close();
  }
  const meta: ReportMeta = {
    generatedAt: new Date().toISOString(),
    version: '0.1.0',
    config: inputs.config,
    inputs: inputs.files,
    options: { model: o.model, scenarios: o.scenarios ?? 10_000, seed: o.seed ?? 1, insuranceFund: o.insuranceFund ?? null, ...(o.surface ? { surfaceDynamics: o.surfaceDynamics ?? 'sticky-strike' } : {}) },
  };
  cancel.throwIfAborted(); // nothing is written once interrupted or past the deadline
  const json = reportJson(result, meta);
  if (mode !== 'calibrate') {
    // a table for a person at a terminal; JSON for pipes, files and programs unless asked otherwise
    const format = o.format ?? (!o.out && io === PROCESS_IO && process.stdout.isTTY ? 'table' : 'json');
    const book = result.book;
    let text: string;
    if (format === 'json') {
      text = mode === 'stress' ? JSON.stringify({ meta, stress: JSON.parse(json).book.stress, historicalStress: JSON.parse(json).book.historicalStress }, null, 1) + '\n' : json;
    } else if (mode === 'stress') {
      text = format === 'csv' ? stressCsv(book!.stress, book!.historicalStress) : stressTable(book!.stress, book!.historicalStress);
    } else {
      text = format === 'csv' ? backtestCsv(result) : summaryText(result, inputs.config);
    }
    if (o.out) await writeFileAtomic(o.out, text, { inputs: inputPaths, signal: cancel.signal });
    else io.stdout(text);
    if (o.out) io.stderr(mode === 'stress' ? stressTable(book!.stress, book!.historicalStress) : summaryText(result, inputs.config));
    return;
  }
  if (o.accountsCsv && !result.book) throw new InputError('needs a book: give --portfolio FILE (or no --prices for the synthetic book)', { column: '--accounts-csv' });
  const dir = resolve(o.out!);
  const summary = summaryFigures(result, inputs.config);
  await makeOutputFolder(dir);
  // the files as a set: all new, or (interrupted, or an error) all as they were
  await writeOutputs([
    { path: join(dir, 'report.json'), text: json },
    { path: join(dir, 'report.html'), text: renderReportHtml(reportData(result, meta, summary)) },
    ...(o.accountsCsv ? [{ path: o.accountsCsv, text: accountsCsv(result) }] : []),
  ], { inputs: inputPaths, signal: cancel.signal });
  io.stdout(summaryText(result, inputs.config));
  io.stdout(`\nReport: ${join(dir, 'report.html')}\n        ${join(dir, 'report.json')}\n`);
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function summaryText(r: CalibrationResult, config: PolicyConfig): string {
  let text = `Margin policy: ${summaryFigures(r, config).Policy}; backtest coverage ${config.base.varConfidence} (long side)\n\n${backtestTable(r)}\n`;
  text += 'ES Z2 = Acerbi-Szekely test of the model ES (rejected below -0.70); scale* = smallest multiplier of the rate\n';
  text += 'meeting Kupiec p >= 0.05 and the green zone on the first 70% of days\n';
  const figures = summaryFigures(r, config);
  text += `\n${ES_REJECTED}: ${figures[ES_REJECTED]}\n`;
  if (r.book) for (const key of Object.keys(figures).slice(4)) text += `${key}: ${figures[key]}\n`;
  return text;
}
