/**
 * `dynamargin calibrate` (what `npm start` runs on the built-in data), `backtest` and `stress`:
 * the margin policy calibrated, backtested and stressed, with report.json and report.html.
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { runCalibration, type CalibrationResult } from '../calibrate/run.js';
import { reportData, reportJson, bookTail, type ReportMeta } from '../calibrate/report.js';
import { syntheticPortfolio } from '../data/syntheticPortfolio.js';
import { syntheticPrices, SYNTHETIC_DEFAULTS } from '../data/syntheticMarket.js';
import { createEngine, type Engine, MAX_THREADS } from '../engine.js';
import { InputError } from '../errors.js';
import { readPriceFiles } from '../io/readPrices.js';
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
import type { CliIo } from './io.js';
import { asOptionError, parseIntegerOption, parseNumberOption } from './parseOptions.js';
import { progressBar } from './progress.js';
import { formatTable } from './table.js';

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
}

const EXAMPLES = `
Without --prices, runs on the built-in synthetic market and book (what npm start does).

Examples:
  $ dynamargin calibrate --out report
  $ dynamargin calibrate --prices btc.csv eth.csv --portfolio portfolio.json --config policy.json --out report
  $ dynamargin calibrate --prices btc.csv --implied BTC=btc-dvol.csv --model fhs --out report
  $ dynamargin calibrate --optimize --prices btc.csv eth.csv --out calibrated
  $ dynamargin calibrate --prices btc.csv eth.csv --config calibrated/policy.json --out report
  $ dynamargin backtest --prices btc.csv eth.csv --out backtest.json
  $ dynamargin stress --prices btc.csv eth.csv --portfolio portfolio.json --insurance-fund 5000000`;

function common(command: Command): Command {
  return command
    .option('--prices <file...>', 'price CSV histories (default: the built-in synthetic market)')
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
    .addHelpText('after', EXAMPLES)
    .action((o: CalibrateCliOptions) => runCancellable(o, io, 'calibrate', interrupt));
  common(program.command('backtest'))
    .description('walk-forward backtest of the margin policy per asset (JSON)')
    .option('--out <file>', 'write the JSON here (atomically) instead of stdout')
    .addHelpText('after', EXAMPLES)
    .action((o: CalibrateCliOptions) => runCancellable(o, io, 'backtest', interrupt));
  common(program.command('stress'))
    .description('hypothetical (Paradex preset) and historical stress tests of a book (JSON)')
    .option('--portfolio <file>', 'portfolio.json (default with the synthetic market: a synthetic book)')
    .option('--insurance-fund <usd>', 'insurance / default fund tested against Cover 2', parseNumberOption)
    .option('--out <file>', 'write the JSON here (atomically) instead of stdout')
    .addHelpText('after', EXAMPLES)
    .action((o: CalibrateCliOptions) => runCancellable(o, io, 'stress', interrupt));
}

interface Inputs {
  prices: PriceSeries[];
  portfolio?: PortfolioFile;
  implied?: Record<string, PriceSeries>;
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
    prices = await readPriceFiles(o.prices);
    for (const f of o.prices) await hashFile(f);
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
      throw new InputError(`no price series has symbol ${series.symbol}; the price symbols are ${prices.map((p) => p.symbol).join(', ')}`, {
        column: '--implied',
      });
    }
    implied = { ...implied, [series.symbol]: series };
    await hashFile(spec.slice(eq + 1));
  }
  return { prices, portfolio, implied, config, files };
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
    const unused = (['implied', 'portfolio', 'scenarios', 'seed', 'insuranceFund'] as const).find((k) => o[k] !== undefined);
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
  const inputPaths = [...(o.prices ?? []), ...(o.portfolio ? [o.portfolio] : []), ...(o.config ? [o.config] : []), ...(o.implied ?? []).map((s) => s.slice(s.indexOf('=') + 1))];
  if (o.out && mode === 'calibrate') assertFolderPossible(o.out);
  if (o.out) assertWritable(mode === 'calibrate' ? [join(o.out, 'report.json'), join(o.out, 'report.html')] : [o.out], inputPaths);
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
    options: { model: o.model, scenarios: o.scenarios ?? 10_000, seed: o.seed ?? 1, insuranceFund: o.insuranceFund ?? null },
  };
  cancel.throwIfAborted(); // nothing is written once interrupted or past the deadline
  const json = reportJson(result, meta);
  if (mode !== 'calibrate') {
    const text = mode === 'stress' ? JSON.stringify({ meta, stress: JSON.parse(json).book.stress, historicalStress: JSON.parse(json).book.historicalStress }, null, 1) + '\n' : json;
    if (o.out) await writeFileAtomic(o.out, text, { inputs: inputPaths, signal: cancel.signal });
    else io.stdout(text);
    if (o.out || mode === 'stress') io.stderr(summaryText(result, inputs.config));
    return;
  }
  const dir = resolve(o.out!);
  const summary = summaryFigures(result, inputs.config);
  await makeOutputFolder(dir);
  // the two files as a set: both new, or (interrupted, or an error) both as they were
  await writeOutputs([
    { path: join(dir, 'report.json'), text: json },
    { path: join(dir, 'report.html'), text: renderReportHtml(reportData(result, meta, summary)) },
  ], { inputs: inputPaths, signal: cancel.signal });
  io.stdout(summaryText(result, inputs.config));
  io.stdout(`\nReport: ${join(dir, 'report.html')}\n        ${join(dir, 'report.json')}\n`);
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

const pct = (x: number | null | undefined, d = 1) => (x === null || x === undefined || !Number.isFinite(x) ? '-' : `${(100 * x).toFixed(d)}%`);
const usd = (x: number) => `${Math.round(x).toLocaleString('en-US')}`;

function summaryFigures(r: CalibrationResult, config: PolicyConfig): Record<string, string | number> {
  const s: Record<string, string | number> = {
    Policy: `${config.base.measure.toUpperCase()} ${config.base.measure === 'es' ? config.base.esConfidence : config.base.varConfidence}, ${config.base.horizonDays}-day, APC ${config.antiProcyclicality.mode}`,
    Assets: r.assets.length,
    'Backtests in the green zone': `${r.assets.filter((a) => a.backtest.zone === 'green').length} of ${r.assets.length}`,
  };
  const b = r.book;
  if (b) {
    const counts: Record<string, number> = {};
    for (const a of b.accounts) counts[a.health.status] = (counts[a.health.status] ?? 0) + 1;
    const tail = bookTail(b.bookLoss, config);
    s.Accounts = b.accounts.length;
    s['Status (healthy / margin-call / liquidate)'] = `${counts.healthy ?? 0} / ${counts['margin-call'] ?? 0} / ${counts.liquidate ?? 0}`;
    s['Total initial margin (USD)'] = usd(b.accounts.reduce((x, a) => x + a.initialMarginUsd, 0));
    s['Margin calls (USD due)'] = usd(b.marginCalls.reduce((x, c) => x + c.amountUsd, 0));
    s[`Whole-book VaR ${config.base.varConfidence} (USD)`] = usd(tail.var);
    s['Stress: total uncovered loss (USD)'] = usd(b.stress.book.totalUncoveredLoss);
    s['Stress: Cover 2 (USD)'] = usd(b.stress.book.cover2.amount);
  }
  return s;
}

function summaryText(r: CalibrationResult, config: PolicyConfig): string {
  const rows = r.assets.map((a) => [
    a.symbol, pct(a.current.vol), String(a.current.regime), pct(a.current.rateLong, 2), pct(a.current.rateShort, 2),
    `${a.backtest.exceptions}/${a.backtest.observations}`, a.backtest.kupiec.pValue.toFixed(3), a.backtest.zone,
    a.esBacktest.z2.toFixed(2), pct(a.meanRate, 2), a.procyclicality.peakToTrough.toFixed(2), a.scaling.multiplier === null ? '-' : a.scaling.multiplier.toFixed(2),
  ]);
  const head = ['asset', 'vol', 'regime', 'rate long', 'rate short', 'exceptions', 'Kupiec p', 'zone', 'ES Z2', 'mean rate', 'peak/trough', 'scale*'];
  let text = `Margin policy: ${summaryFigures(r, config).Policy}; backtest coverage ${config.base.varConfidence} (long side)\n\n${formatTable(head, rows)}\n`;
  text += 'ES Z2 = Acerbi-Szekely test of the model ES (rejected below -0.70); scale* = smallest multiplier of the rate\n';
  text += 'meeting Kupiec p >= 0.05 and the green zone on the first 70% of days\n';
  const figures = summaryFigures(r, config);
  if (r.book) {
    text += '\n';
    for (const key of Object.keys(figures).slice(3)) text += `${key}: ${figures[key]}\n`;
  }
  return text;
}
