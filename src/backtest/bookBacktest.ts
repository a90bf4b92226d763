/**
 * Walk-forward backtest of multi-asset books: each day, from data up to that day only, a market is
 * calibrated (spots, EWMA vols and correlation, calibrateMarket), the books are struck (bookSpec.ts),
 * options take that day's implied vol (e.g. Deribit DVOL / 100), and the engine computes each book's
 * 1-day VaR and ES by correlated Monte Carlo; the book is then revalued at the next day's prices and
 * implied vols (Black-76, one day less to expiry) and the loss is scored against VaR (Kupiec,
 * Christoffersen, Basel) and ES (Acerbi & Szekely 2014 Z2).
 */
import { InputError } from '../errors.js';
import { calibrateMarket, commonTimes } from '../market/calibrate.js';
import type { Market } from '../market/types.js';
import type { RiskOptions } from '../engine.js';
import type { PortfolioInput } from '../montecarlo/inputs.js';
import type { VarResult } from '../montecarlo/book.js';
import type { PriceSeries } from '../prices/types.js';
import { black76Price } from '../twin/black76.js';
import { acerbiSzekelyZ2, ACERBI_SZEKELY_Z2_CRITICAL_5PCT } from './acerbiSzekely.js';
import type { BookPosition, BookSpec } from './bookSpec.js';
import { coverageReport, type CoverageReport } from './coverageReport.js';

const DAY_MS = 86_400_000;

/** What the backtest needs of an engine (createEngine's). */
export interface VarEngine {
  valueAtRisk(portfolio: PortfolioInput, market: Market, options: RiskOptions): Promise<Pick<VarResult, 'accounts'>>;
}

export interface BookBacktestOptions {
  /** First date backtested (ISO). Default: the first date with `lookbackDays` of history. */
  from?: string;
  /** Last date whose VaR is scored (ISO). Default: the day before the last common date. */
  to?: string;
  /** Monte Carlo scenarios per day. Default 10,000. */
  scenarios?: number;
  confidence?: number;
  esConfidence?: number;
  model?: 'normal' | 'student-t';
  dof?: number;
  /** Day d draws with seed + d (counter-based streams: reproducible for any thread count). Default 1. */
  seed?: number;
  /** EWMA decay of the daily calibration. Default 0.94. */
  lambda?: number;
  /** Days of history each calibration uses. Default 365. */
  lookbackDays?: number;
  onProgress?: (fraction: number) => void;
  /** Stops between days (and inside a running VaR). */
  signal?: AbortSignal;
}

export interface BookBacktestResult {
  id: string;
  /** Per backtested day: the date VaR was set, VaR and ES (USD, positive = loss), realized P&L to the next day. */
  dates: string[];
  var: number[];
  es: number[];
  pnl: number[];
  coverage: CoverageReport;
  /** Acerbi-Szekely Z2 of ES (0 under H0, below -0.7 rejects at 5%). */
  esTest: { z2: number; rejected: boolean };
}

export interface BookBacktest {
  books: BookBacktestResult[];
  /** Days scored, days skipped (a gap of more than one day to the next common date). */
  days: number;
  skippedGaps: number;
  /** Wall time per backtested day, ms (calibration, Monte Carlo and revaluation). */
  msPerDay: number;
  options: Required<Omit<BookBacktestOptions, 'onProgress' | 'signal' | 'from' | 'to'>> & { from: string; to: string };
}

const DEFAULTS = { scenarios: 10_000, confidence: 0.99, esConfidence: 0.975, model: 'normal' as const, dof: 4, seed: 1, lambda: 0.94, lookbackDays: 365 };

/**
 * Backtest every book of `spec` over the common dates of `prices`.
 * @param implied annualized implied vol in percent (close) per underlying that has options
 * @throws InputError for a book naming a symbol with no price (or no implied) series, or too short a history
 */
export async function bookBacktest(engine: VarEngine, prices: readonly PriceSeries[], implied: ReadonlyMap<string, PriceSeries>, spec: BookSpec, options: BookBacktestOptions = {}): Promise<BookBacktest> {
  const o = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as typeof DEFAULTS & BookBacktestOptions;
  const symbols = prices.map((s) => s.symbol);
  spec.books.forEach((b, i) =>
    b.positions.forEach((p, j) => {
      const at = `books[${i}].positions[${j}].underlying`;
      if (!symbols.includes(p.underlying)) throw new InputError(`"${p.underlying}" has no price series; the prices are ${symbols.join(', ')}`, { file: 'book.json', column: at });
      if (p.kind === 'option' && !implied.has(p.underlying)) {
        throw new InputError(`an option on "${p.underlying}" needs its implied vol (--implied ${p.underlying}=FILE); implied series: ${[...implied.keys()].join(', ') || 'none'}`, { file: 'book.json', column: at });
      }
    }),
  );
  const used = [...new Set(spec.books.flatMap((b) => b.positions.map((p) => p.underlying)))];
  const series = used.map((s) => prices[symbols.indexOf(s)]);
  const ivSeries = used.filter((s) => implied.has(s)).map((s) => implied.get(s)!);
  const { times, indexByTime } = commonTimes([...series, ...ivSeries], Infinity);
  const firstAllowed = times.findIndex((t) => t >= times[0] + o.lookbackDays * DAY_MS);
  const fromMs = o.from ? Date.parse(o.from) : -Infinity;
  const toMs = o.to ? Date.parse(o.to) : Infinity;
  if (Number.isNaN(fromMs) || Number.isNaN(toMs)) throw new InputError(`from / to must be ISO dates; got ${o.from} / ${o.to}`, { column: 'from' });
  const days: number[] = [];
  let skippedGaps = 0;
  for (let d = Math.max(0, firstAllowed); firstAllowed >= 0 && d + 1 < times.length; d++) {
    if (times[d] < fromMs || times[d] > toMs) continue;
    if (times[d + 1] - times[d] !== DAY_MS) skippedGaps++;
    else days.push(d);
  }
  if (days.length < 30) {
    throw new InputError(`only ${days.length} days to backtest on the common dates of ${used.join(', ')} (${times.length} common dates; ${o.lookbackDays} days of history come first); need at least 30`, { column: 'from' });
  }
  const close = (k: number, d: number) => series[k].close[indexByTime[k].get(times[d])!];
  const ivAt = (sym: string, d: number) => {
    const j = ivSeries.indexOf(implied.get(sym)!);
    return ivSeries[j].close[indexByTime[series.length + j].get(times[d])!] / 100;
  };
  const results = spec.books.map((b) => ({ id: b.id, dates: [] as string[], var: [] as number[], es: [] as number[], esVar: [] as number[], pnl: [] as number[] }));
  const started = performance.now();
  for (const [n, d] of days.entries()) {
    o.signal?.throwIfAborted();
    const asOf = new Date(times[d]).toISOString();
    const market = calibrateMarket(series, { asOf, lambda: o.lambda, lookbackDays: o.lookbackDays });
    const spot = (sym: string) => market.spot[market.symbols.indexOf(sym)];
    const struck = spec.books.map((b) => b.positions.map((p) => strike(p, spot(p.underlying), p.kind === 'option' ? ivAt(p.underlying, d) : 0)));
    const portfolio: PortfolioInput = {
      instruments: struck.flatMap((positions, i) => positions.map((p, j) => ({ id: `${i}:${j}`, ...p.instrument }))),
      accounts: struck.map((positions, i) => ({ id: spec.books[i].id, collateral: {}, positions: positions.map((p, j) => ({ instrument: `${i}:${j}`, quantity: p.quantity })) })),
    };
    const run = { scenarios: o.scenarios, esConfidence: o.esConfidence, horizonDays: 1, model: o.model, dof: o.dof, seed: o.seed + d, signal: o.signal };
    const risk = await engine.valueAtRisk(portfolio, market, { ...run, confidence: o.confidence });
    // the ES test scores exceptions of VaR at the ES's own tail: the same scenarios at esConfidence
    const tail = await engine.valueAtRisk(portfolio, market, { ...run, confidence: o.esConfidence });
    struck.forEach((positions, i) => {
      let pnl = 0;
      for (const { instrument: ins, quantity } of positions) {
        const k = used.indexOf(ins.underlying);
        const [ivNow, ivNext] = ins.kind === 'option' ? [ins.iv, ivAt(ins.underlying, d + 1)] : [0, 0];
        pnl += quantity * (value(ins, close(k, d + 1), ivNext, 1) - value(ins, close(k, d), ivNow, 0));
      }
      const r = results[i];
      r.dates.push(asOf.slice(0, 10));
      r.var.push(risk.accounts[i].var);
      r.es.push(risk.accounts[i].es);
      r.esVar.push(tail.accounts[i].var);
      r.pnl.push(pnl);
    });
    o.onProgress?.((n + 1) / days.length);
  }
  const msPerDay = (performance.now() - started) / days.length;
  const books = results.map((r) => {
    const loss = r.pnl.map((x) => -x);
    const z2 = acerbiSzekelyZ2(loss, r.esVar, r.es.map((e) => Math.max(e, 1e-12)), 1 - o.esConfidence).z2;
    const { esVar: _, ...series } = r;
    return { ...series, coverage: coverageReport(loss, r.var, o.confidence), esTest: { z2, rejected: z2 < ACERBI_SZEKELY_Z2_CRITICAL_5PCT } };
  });
  const { onProgress: _, signal: __, ...rest } = o;
  return { books, days: days.length, skippedGaps, msPerDay, options: { ...rest, from: results[0].dates[0], to: results[0].dates.at(-1)! } };
}

type StruckInstrument =
  | { kind: 'perpetual'; underlying: string; multiplier: number }
  | { kind: 'option'; underlying: string; multiplier: number; right: 'call' | 'put'; strike: number; expiryDays: number; iv: number };

interface Struck {
  instrument: StruckInstrument;
  quantity: number;
}

/** A position struck at today's spot: quantity notional / spot; an option's strike spot x moneyness. */
function strike(p: BookPosition, spot: number, iv: number): Struck {
  const quantity = p.notionalUsd / spot;
  if (p.kind === 'perpetual') return { instrument: { kind: 'perpetual', underlying: p.underlying, multiplier: 1 }, quantity };
  return { instrument: { kind: 'option', underlying: p.underlying, multiplier: 1, right: p.right, strike: spot * p.moneyness, expiryDays: p.expiryDays, iv }, quantity };
}

/** Unit value `elapsedDays` after striking, as the engine values it (linear: the spot; option: Black-76 on the spot, rate 0). */
function value(ins: StruckInstrument, spot: number, iv: number, elapsedDays: number): number {
  if (ins.kind === 'perpetual') return spot;
  return black76Price(spot, ins.strike, (ins.expiryDays - elapsedDays) / 365, iv, ins.right === 'call', 1);
}
