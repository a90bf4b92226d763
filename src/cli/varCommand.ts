/** `dynamargin var`: per-account VaR and ES of a portfolio, as JSON or CSV. */
import { availableParallelism } from 'node:os';
import { Option, type Command } from 'commander';
import { createEngine, MAX_THREADS } from '../engine.js';
import { InputError } from '../errors.js';
import { commandSignal, type CommandSignal } from './commandSignal.js';
import { gapWarnings } from './gapWarnings.js';
import { parsePriceSpec, readPriceSpecs } from './readPriceSpecs.js';
import { assertWritable, writeFileAtomic } from '../io/writeFileAtomic.js';
import { calibrateMarket } from '../market/calibrate.js';
import { readMarketFile } from '../market/readMarketFile.js';
import type { Market } from '../market/types.js';
import { MODELS, SURFACE_DYNAMICS, VAR_DEFAULTS, varParams, type VarOptions } from '../montecarlo/options.js';
import { mergeSurfaces } from '../surface/mergeSurfaces.js';
import { PARADEX_PORTFOLIO_MARGIN } from '../stress/grid.js';
import { readSurfaceFile } from '../surface/readSurfaceFile.js';
import { readPortfolioFile } from '../portfolio/readPortfolioFile.js';
import type { PriceSeries } from '../prices/types.js';
import type { Portfolio } from '../portfolio/types.js';
import { accountLine, formatRisk, RISK_FORMATS, type RiskFormat } from './formatRisk.js';
import type { CliIo } from './io.js';
import { asOptionError, parseIntegerOption, parseNumberOption } from './parseOptions.js';
import { progressBar } from './progress.js';

/** The model options (VarOptions, same names as the flags in camel case) plus the CLI's own. */
interface VarCliOptions extends VarOptions {
  market?: string;
  prices?: string[];
  portfolio: string;
  surface?: string;
  volShockByExpiry?: 'paradex';
  lambda?: number;
  lookbackDays?: number;
  repairCorrelation?: boolean;
  threads?: number;
  format: RiskFormat;
  out?: string;
  timeout?: number;
}

const EXAMPLES = `
Inputs: market.json {asOf, rate, underlyings: [{symbol, spot, vol}], correlation} or --prices
histories (spots = last close, EWMA vols and correlation); portfolio.json {instruments, accounts}.
See README.md for the formats.

Examples:
  $ dynamargin var --market market.json --portfolio portfolio.json
  $ dynamargin var --market market.json --portfolio portfolio.json --model student-t --dof 4 --scenarios 50000
  $ dynamargin var --prices btc.csv eth.csv --portfolio portfolio.json --model fhs --horizon-days 2
  $ dynamargin var --market market.json --portfolio portfolio.json --model delta-gamma --format csv
  $ dynamargin var --market market.json --surface surface.json --surface-dynamics sticky-moneyness --portfolio portfolio.json`;

export function addVarCommand(program: Command, io: CliIo, interrupt?: AbortSignal): void {
  program
    .command('var')
    .description('per-account Monte Carlo / historical / parametric VaR and Expected Shortfall')
    .option('--market <file>', 'market.json: spots, annualized vols, correlation')
    .option('--prices <file...>', 'price CSV histories (FILE or SYMBOL=FILE): calibrate the market from them, and/or feed hs/fhs')
    .requiredOption('--portfolio <file>', 'portfolio.json: instruments and accounts')
    .option('--scenarios <m>', `Monte Carlo scenarios (default ${VAR_DEFAULTS.scenarios})`, parseIntegerOption)
    .option('--confidence <c>', `VaR confidence (default ${VAR_DEFAULTS.confidence})`, parseNumberOption)
    .option('--es-confidence <c>', `Expected Shortfall confidence (default ${VAR_DEFAULTS.esConfidence})`, parseNumberOption)
    .option('--horizon-days <h>', `risk horizon in days (default ${VAR_DEFAULTS.horizonDays})`, parseNumberOption)
    .addOption(new Option('--model <model>', `scenario model (default ${VAR_DEFAULTS.model})`).choices(MODELS))
    .option('--dof <nu>', `Student-t degrees of freedom, > 2 (default ${VAR_DEFAULTS.dof})`, parseNumberOption)
    .option('--seed <n>', `random seed (default ${VAR_DEFAULTS.seed})`, parseIntegerOption)
    .option('--vol-shock <x>', 'relative implied-vol shock in every scenario, e.g. 0.2 = +20% (default 0)', parseNumberOption)
    .addOption(new Option('--vol-shock-by-expiry <preset>', 'scale --vol-shock by days to expiry: paradex = (30 / max(1, DTE))^p, p 0.30 below 30 days, 0.13 from 30').choices(['paradex']))
    .option('--surface <file>', 'surface.json: SVI implied-vol surfaces by underlying (replace market.json\'s); options without iv are valued on them')
    .addOption(new Option('--surface-dynamics <d>', `how a surface moves with the spot in a scenario (default ${VAR_DEFAULTS.surfaceDynamics})`).choices(SURFACE_DYNAMICS))
    .option('--lambda <l>', 'EWMA decay when calibrating from --prices (default 0.94)', parseNumberOption)
    .option('--lookback-days <d>', 'calibration lookback when calibrating from --prices (default 365)', parseNumberOption)
    .option('--repair-correlation', 'replace an invalid correlation by the nearest valid one (Higham 2002) and report the change')
    .option('--threads <t>', 'worker threads (default: available cores)', parseIntegerOption)
    .addOption(new Option('--format <format>', 'output format').choices(RISK_FORMATS).default('json'))
    .option('--out <file>', 'write to this file (atomically) instead of stdout')
    .option('--timeout <seconds>', 'stop without output (exit code 124) if the run takes longer', parseNumberOption)
    .addHelpText('after', EXAMPLES)
    .action((options: VarCliOptions) => runVar(options, io, interrupt));
}

async function runVar(options: VarCliOptions, io: CliIo, interrupt?: AbortSignal): Promise<void> {
  const cancel = commandSignal('var', interrupt, options.timeout);
  try {
    await computeVar(options, io, cancel);
  } finally {
    cancel.dispose();
  }
}

async function computeVar(options: VarCliOptions, io: CliIo, cancel: CommandSignal): Promise<void> {
  const t0 = performance.now();
  const modelOptions = {
    scenarios: options.scenarios,
    confidence: options.confidence,
    esConfidence: options.esConfidence,
    horizonDays: options.horizonDays,
    model: options.model,
    dof: options.dof,
    seed: options.seed,
    volShock: options.volShock,
    surfaceDynamics: options.surfaceDynamics,
    ...(options.volShockByExpiry ? { ivShockScaling: PARADEX_PORTFOLIO_MARGIN.ivShockScaling } : {}),
  };
  try {
    varParams(modelOptions);
  } catch (err) {
    throw asOptionError(err, Object.keys(modelOptions));
  }
  if (!options.market && !options.prices) throw new InputError('give --market FILE or --prices FILE...', { column: '--market' });
  const inputs = [...(options.market ? [options.market] : []), ...(options.prices ?? []).map((p) => parsePriceSpec(p).file), ...(options.surface ? [options.surface] : []), options.portfolio];
  if (options.out !== undefined) assertWritable([options.out], inputs);
  // the workers start and the kernels compile while this thread reads the inputs
  const starting = createEngine({ threads: options.threads ?? Math.min(availableParallelism(), MAX_THREADS) }).catch((err: unknown) => {
    throw asOptionError(err, ['threads']);
  });
  starting.catch(() => undefined); // handled where it is awaited, after the inputs
  let read: { prices: PriceSeries[] | undefined; market: Market; portfolio: Portfolio };
  try {
    read = await readInputs(options, io);
  } catch (err) {
    await starting.then((engine) => engine.close(), () => undefined);
    throw err;
  }
  const { prices, market, portfolio } = read;
  const loadMs = performance.now() - t0;
  const engine = await starting;
  const engineWaitMs = performance.now() - t0 - loadMs;
  const progress = progressBar('var');
  let result;
  // each group of accounts is formatted as soon as it is final, while the workers compute the others
  const lines: string[] = new Array(portfolio.accounts.length);
  const tCompute = performance.now();
  try {
    cancel.throwIfAborted();
    result = await engine.valueAtRisk(portfolio, market, {
      ...modelOptions,
      prices,
      onProgress: (f) => progress.update(f),
      onAccounts: (first, risks) => risks.forEach((a, k) => (lines[first + k] = accountLine(a, options.format))),
      signal: cancel.signal,
    });
  } catch (err) {
    progress.stop();
    await engine.close();
    throw inPortfolioFile(asOptionError(err, Object.keys(modelOptions)), options.portfolio);
  }
  const computeMs = performance.now() - tCompute;
  progress.stop();
  const closing = engine.close(); // the workers stop while the output is formatted and written
  try {
    // the engine's stages, and this command's phases: reading the inputs, waiting for the engine, the call
    result.meta.timings = { ...result.meta.timings, loadMs, engineWaitMs, computeMs };
    if (market.correlationRepair) Object.assign(result.meta, { correlationRepair: market.correlationRepair });
    for (const w of result.meta.warnings ?? []) io.stderr(`warning: ${w}\n`);
    const text = formatRisk(result, options.format, lines);
    cancel.throwIfAborted(); // nothing is written once interrupted
    if (options.out !== undefined) await writeFileAtomic(options.out, text, { inputs, signal: cancel.signal });
    else io.stdout(text);
  } finally {
    await closing;
  }
}

/** The price histories (if any), the market (from --market or calibrated from them, with --surface merged) and the portfolio. */
async function readInputs(options: VarCliOptions, io: CliIo): Promise<{ prices: PriceSeries[] | undefined; market: Market; portfolio: Portfolio }> {
  const prices = options.prices ? await readPriceSpecs(options.prices) : undefined;
  if (prices) {
    const gapText = gapWarnings(prices);
    if (gapText) io.stderr(gapText);
  }
  const read = options.market
    ? await readMarketFile(options.market, { repairCorrelation: options.repairCorrelation })
    : calibrated(prices!, options);
  const market = options.surface ? mergeSurfaces(read, await readSurfaceFile(options.surface)) : read;
  if (market.correlationRepair) {
    const r = market.correlationRepair;
    io.stderr(
      `note: correlation repaired (Higham 2002): Frobenius distance ${r.frobeniusDistance.toPrecision(3)}, ` +
        `largest entry change ${r.maxAbsChange.toPrecision(3)}\n`,
    );
  }
  return { prices, market, portfolio: await readPortfolioFile(options.portfolio, market) };
}

/** An API error about an account (`accounts[3]: ...`, e.g. figures that overflow) names the portfolio file. */
function inPortfolioFile(err: unknown, file: string): unknown {
  if (err instanceof InputError && err.file === undefined && err.column?.startsWith('accounts[')) return new InputError(err.problem, { file, column: err.column });
  return err;
}

function calibrated(series: PriceSeries[], options: VarCliOptions): Market {
  try {
    return calibrateMarket(series, { lambda: options.lambda, lookbackDays: options.lookbackDays });
  } catch (err) {
    throw asOptionError(err, ['lambda', 'lookbackDays']);
  }
}
