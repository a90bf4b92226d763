/**
 * `dynamargin backtest-book`: the walk-forward VaR / ES backtest of multi-asset books (book.json)
 * over real histories, through the Monte Carlo engine; prints a table per book and writes the daily
 * VaR, ES and P&L with --out.
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { bookBacktest, type BookBacktest } from '../backtest/bookBacktest.js';
import { parseBookSpec } from '../backtest/bookSpec.js';
import { checkThreads, createEngine, MAX_THREADS } from '../engine.js';
import { InputError } from '../errors.js';
import { readPriceFiles } from '../io/readPrices.js';
import { assertWritable, writeFileAtomic } from '../io/writeFileAtomic.js';
import { parseJsonText } from '../market/jsonText.js';
import { readTextFile } from '../market/readMarketFile.js';
import type { PriceSeries } from '../prices/types.js';
import { commandSignal, type CommandSignal } from './commandSignal.js';
import type { CliIo } from './io.js';
import { parseIntegerOption, parseNumberOption } from './parseOptions.js';
import { progressBar } from './progress.js';
import { parsePriceSpec } from './readPriceSpecs.js';
import { formatTable } from './table.js';

interface BookCliOptions {
  book: string;
  prices: string[];
  implied?: string[];
  from?: string;
  to?: string;
  scenarios?: number;
  seed?: number;
  model?: 'normal' | 'student-t';
  threads?: number;
  out?: string;
  timeout?: number;
}

const EXAMPLES = `
book.json holds books of positions sized in USD and struck relative to spot, re-struck every day:
  {"books": [{"id": "short-straddle", "positions": [
    {"underlying": "BTC", "kind": "option", "right": "call", "moneyness": 1, "expiryDays": 30, "notionalUsd": -1000000},
    {"underlying": "BTC", "kind": "option", "right": "put", "moneyness": 1, "expiryDays": 30, "notionalUsd": -1000000}]}]}

Examples:
  $ dynamargin backtest-book --book book.json --prices BTC=btc-usd-daily.csv ETH=eth-usd-daily.csv --implied BTC=btc-dvol-daily.csv
  $ dynamargin backtest-book --book book.json --prices BTC=btc.csv --from 2023-01-01 --scenarios 20000 --out book-backtest.json`;

export function addBookBacktestCommand(program: Command, io: CliIo, interrupt?: AbortSignal): void {
  program
    .command('backtest-book')
    .description('walk-forward VaR / ES backtest of multi-asset books (Monte Carlo each day, losses at the next day\'s prices)')
    .requiredOption('--book <file>', 'book.json: the books to hold')
    .requiredOption('--prices <symbol=file...>', 'price CSV histories, each as SYMBOL=FILE (the symbols book.json names)')
    .option('--implied <symbol=file...>', 'implied-vol histories in percent (e.g. Deribit DVOL) for the options, SYMBOL=FILE')
    .option('--from <date>', 'first day backtested (default: after 365 days of common history)')
    .option('--to <date>', 'last day backtested')
    .option('--scenarios <m>', 'Monte Carlo scenarios per day (default 10000)', parseIntegerOption)
    .option('--seed <n>', 'random seed; day d uses seed + d (default 1)', parseIntegerOption)
    .option('--model <model>', 'scenario model: normal or student-t (default normal)')
    .option('--threads <t>', 'worker threads (default: available cores)', parseIntegerOption)
    .option('--out <file>', 'write the daily VaR, ES and P&L per book (JSON)')
    .option('--timeout <seconds>', 'stop without output (exit code 124) if the run takes longer', parseNumberOption)
    .addHelpText('after', EXAMPLES)
    .action(async (o: BookCliOptions) => {
      const cancel = commandSignal('backtest-book', interrupt, o.timeout);
      try {
        await runBookBacktest(o, io, cancel);
      } finally {
        cancel.dispose();
      }
    });
}

/** SYMBOL=FILE arguments to series named SYMBOL. */
async function symbolFiles(specs: readonly string[], option: string): Promise<PriceSeries[]> {
  const out: PriceSeries[] = [];
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq < 1) throw new InputError(`expected SYMBOL=FILE; got "${spec.slice(0, 200)}"`, { column: option });
    const symbol = spec.slice(0, eq);
    if (out.some((s) => s.symbol === symbol)) throw new InputError(`symbol ${symbol} given twice`, { column: option });
    out.push(...(await readPriceFiles([spec.slice(eq + 1)], { symbol })));
  }
  return out;
}

async function runBookBacktest(o: BookCliOptions, io: CliIo, cancel: CommandSignal): Promise<void> {
  if (o.model !== undefined && o.model !== 'normal' && o.model !== 'student-t') throw new InputError(`must be normal or student-t; got "${o.model}"`, { column: '--model' });
  const threads = o.threads ?? Math.min(availableParallelism(), MAX_THREADS);
  checkThreads(threads, '--threads');
  const inputPaths = [o.book, ...[...o.prices, ...(o.implied ?? [])].map((p) => parsePriceSpec(p).file)];
  if (o.out) assertWritable([o.out], inputPaths);
  const text = await readTextFile(o.book);
  const spec = parseBookSpec(parseJsonText(text, o.book), o.book);
  const prices = await symbolFiles(o.prices, '--prices');
  const implied = new Map((await symbolFiles(o.implied ?? [], '--implied')).map((s) => [s.symbol, s]));
  for (const sym of implied.keys()) {
    if (!prices.some((p) => p.symbol === sym)) throw new InputError(`no price series has symbol ${sym}; the price symbols are ${prices.map((p) => p.symbol).join(', ')}`, { column: '--implied' });
  }
  const engine = await createEngine({ threads });
  const bar = progressBar('backtest-book');
  let result: BookBacktest;
  try {
    result = await bookBacktest(engine, prices, implied, spec, { from: o.from, to: o.to, scenarios: o.scenarios, seed: o.seed, model: o.model, signal: cancel.signal, onProgress: (f) => bar.update(f) });
  } finally {
    bar.stop();
    await engine.close();
  }
  cancel.throwIfAborted(); // nothing is written once interrupted
  if (o.out) await writeFileAtomic(o.out, JSON.stringify(result) + '\n', { inputs: inputPaths, signal: cancel.signal });
  io.stdout(bookSummary(result));
}

/** One row per book: coverage of VaR, the ES test, the average VaR and ES. */
export function bookSummary(r: BookBacktest): string {
  const usd = (x: number) => Math.round(x).toLocaleString('en-US');
  const mean = (a: readonly number[]) => a.reduce((s, x) => s + x, 0) / a.length;
  const rows = r.books.map((b) => [
    b.id,
    `${b.coverage.exceptions}/${b.coverage.observations}`,
    b.coverage.kupiec.pValue.toFixed(3),
    b.coverage.christoffersen.pValueInd.toFixed(3),
    b.coverage.zone,
    usd(mean(b.var)),
    usd(mean(b.es)),
    b.esTest.z2.toFixed(3),
    b.esTest.rejected ? 'rejected' : 'ok',
  ]);
  const o = r.options;
  return (
    `Book backtest ${o.from} to ${o.to}: ${r.days} days, 1-day VaR ${o.confidence} and ES ${o.esConfidence}, ${o.model} Monte Carlo (${o.scenarios} scenarios), EWMA(${o.lambda}) market each day\n\n` +
    formatTable(['book', 'exceptions', 'Kupiec p', 'Christoffersen p', 'zone', 'mean VaR (USD)', 'mean ES (USD)', 'ES Z2', 'ES test'], rows) +
    `\n${r.msPerDay.toFixed(1)} ms per backtested day${r.skippedGaps ? `; ${r.skippedGaps} days before a gap in the data skipped` : ''}.\n`
  );
}
