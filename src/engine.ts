/**
 * The engine: plain data in, plain data out. It owns one kernel instance on the calling thread
 * and, when `threads > 1`, a pool of workers each holding their own instance.
 *
 * @example
 * const engine = await createEngine({ threads: 2 });
 * const [btc] = await engine.volatility([series], { estimator: 'yang-zhang', window: 30 });
 * await engine.close();
 */
import { Compute } from './compute.js';
import { InputError } from './errors.js';
import { runSignal, type CancelOptions } from './pool/cancel.js';
import { EngineClosedError } from './pool/runError.js';
import type { Platform } from './platform/types.js';
import type { Backend } from './pool/tasks.js';
import type { PriceSeries } from './prices/types.js';
import { volatilityParams, type VolatilityOptions } from './volatility/options.js';
import { splitByPoints } from './volatility/panel.js';
import { firstDefinedIndex, type Estimator } from './volatility/types.js';
import { compileKernels, type WasmSource } from './wasm/runtime.js';
import { toMarket, toPortfolio, type MarketInput, type PortfolioInput } from './montecarlo/inputs.js';
import { RiskBook, type OnAccounts, type VarResult } from './montecarlo/book.js';
import { varParams, type VarOptions, type VarParams } from './montecarlo/options.js';
import { historicalScenarios } from './montecarlo/historical.js';
import { parametricResult } from './montecarlo/parametricResult.js';
import { volatilityJob } from './wasm/volatilityJob.js';
import { warmUp } from './warmUp.js';

export interface EngineOptions {
  /** (integer in [1, 256]) worker threads for large jobs; 1 computes on the calling thread. Default: available cores. */
  threads?: number;
  /** (`wasm` | `ts`) kernel implementation: WebAssembly or the plain-TS twins. Default `wasm`. */
  backend?: Backend;
  /** (bytes or compiled module) the Wasm kernels. Default: `build/release.wasm` read from disk (Node). */
  wasm?: WasmSource;
  /**
   * (boolean) run a small built-in book once at creation (30-60 ms on W1's machine), so the first real call runs
   * compiled code on every thread. Default true.
   */
  warmUp?: boolean;
}

export interface VolatilityPoint {
  /** Date exactly as in the input. */
  date: string;
  /** Annualized volatility (0.55 = 55%). */
  vol: number;
}

export interface VolatilityResult {
  symbol: string;
  estimator: Estimator;
  window: number;
  points: VolatilityPoint[];
}

/** Options of `valueAtRisk` and `book`: the model options plus inputs some models need. */
export interface RiskOptions extends VarOptions, CancelOptions {
  /** (PriceSeries[]) histories of the market's underlyings: required by the `hs` and `fhs` models. */
  prices?: readonly PriceSeries[];
  /** (bytes) kernel memory a book may use. Default 3.5 GiB. */
  memoryLimitBytes?: number;
  /**
   * (bytes) `book` only: kernel memory for hot copies of its recently updated accounts, which make
   * an account's repeated updates cheaper (same figures). Default 16 MiB, at most 1/8 of the book's
   * other memory; 0 turns them off.
   */
  hotCopyBytes?: number;
  /** (function) called as work completes with the fraction done, e.g. for a progress bar. */
  onProgress?: (fraction: number) => void;
  /**
   * (function) each group of accounts' results as soon as they are final, while the workers compute
   * the others (see OnAccounts): `dynamargin var` formats them meanwhile.
   */
  onAccounts?: OnAccounts;
}

export interface Engine {
  readonly threads: number;
  readonly backend: Backend;
  /** Rolling volatility of every series; one result per series, in input order. */
  volatility(series: readonly PriceSeries[], options?: VolatilityOptions): Promise<VolatilityResult[]>;
  /**
   * Raw panel result: annualized vol per point (NaN where undefined), series concatenated; written
   * into `out` (length = all points) when given, which saves allocating it on every call.
   */
  volatilityPanel(series: readonly PriceSeries[], options?: VolatilityOptions, out?: Float64Array): Promise<Float64Array>;
  /**
   * Per-account VaR and ES (Monte Carlo, historical or parametric) with confidence intervals and Greeks.
   * `portfolio` and `market` are the contents of portfolio.json / market.json (or already parsed).
   */
  valueAtRisk(portfolio: PortfolioInput, market: MarketInput, options?: RiskOptions): Promise<VarResult>;
  /**
   * Like `valueAtRisk`, but keeps the instrument P&L in kernel memory for `updateAccount` and
   * `reprice`. Call `book.release()` when done.
   */
  book(portfolio: PortfolioInput, market: MarketInput, options?: RiskOptions): Promise<RiskBook>;
  /** Stop the workers. The engine cannot be used afterwards. */
  close(): Promise<void>;
}

/**
 * Most worker threads an engine starts. Each holds a kernel instance and splits the work finer: past
 * the cores, more threads only add overhead (1,000 on a small book ran 180x slower), and a huge count
 * exhausts memory before the first worker starts.
 */
export const MAX_THREADS = 256;

/** @throws InputError `threads: must be an integer in [1, 256]; got 0` (`column` names the option). */
export function checkThreads(threads: number, column: string): void {
  if (!Number.isInteger(threads) || threads < 1) throw new InputError(`must be an integer >= 1; got ${threads}`, { column });
  if (threads > MAX_THREADS) {
    throw new InputError(`must be at most ${MAX_THREADS}; got ${threads} (more threads than cores only add overhead)`, { column });
  }
}

/** A Node engine (kernels from `build/release.wasm`, Piscina worker threads). Browsers: `dynamargin/browser`. */
export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  return createEngineOn((await import('./platform/node.js')).nodePlatform, options);
}

/** An engine on a given platform (how kernels are loaded and run on other threads). */
export async function createEngineOn(platform: Platform, options: EngineOptions = {}): Promise<Engine> {
  const threads = options.threads ?? Math.min(platform.defaultThreads(), MAX_THREADS);
  checkThreads(threads, 'threads');
  const backend = options.backend ?? 'wasm';
  const warm = options.warmUp ?? true;
  if (typeof warm !== 'boolean') throw new InputError(`must be true or false; got ${String(warm)}`, { column: 'warmUp' });
  if (backend !== 'wasm' && backend !== 'ts') {
    throw new InputError(`must be "wasm" or "ts"; got "${String(backend)}"`, { column: 'backend' });
  }
  let module: WebAssembly.Module | undefined;
  if (backend === 'wasm') {
    const source = options.wasm ?? (await platform.loadWasm());
    module = await compileKernels(source);
  }
  const engine = new DefaultEngine(await Compute.create(Math.min(threads, platform.maxThreads), backend, module, platform.executor));
  if (warm) {
    try {
      await warmUp(engine);
    } catch (err) {
      await engine.close();
      throw err;
    }
  }
  return engine;
}

class DefaultEngine implements Engine {
  private closed = false;

  constructor(private readonly compute: Compute) {}

  get threads(): number {
    return this.compute.threads;
  }

  get backend(): Backend {
    return this.compute.backend;
  }

  async volatilityPanel(series: readonly PriceSeries[], options?: VolatilityOptions, out?: Float64Array): Promise<Float64Array> {
    this.assertOpen();
    const params = volatilityParams(options);
    const cancel = runSignal(options, 'volatility');
    try {
      cancel.throwIfAborted();
      const job = volatilityJob(this.compute.heap, series, params);
      try {
        const bounds = splitByPoints(series.map((s) => s.close.length), this.threads);
        await this.compute.run(job.calls(bounds), { stage: 'rolling volatility', signal: cancel.signal });
        return job.result(out);
      } finally {
        job.release();
      }
    } finally {
      cancel.dispose();
    }
  }

  async volatility(series: readonly PriceSeries[], options?: VolatilityOptions): Promise<VolatilityResult[]> {
    const params = volatilityParams(options);
    const flat = await this.volatilityPanel(series, { ...params, signal: options?.signal, timeoutMs: options?.timeoutMs });
    let at = 0;
    return series.map((s) => {
      const points: VolatilityPoint[] = [];
      for (let i = firstDefinedIndex(params.estimator, params.window); i < s.close.length; i++) {
        points.push({ date: s.dates[i], vol: flat[at + i] });
      }
      at += s.close.length;
      return { symbol: s.symbol, estimator: params.estimator, window: params.window, points };
    });
  }

  async valueAtRisk(portfolio: PortfolioInput, market: MarketInput, options: RiskOptions = {}): Promise<VarResult> {
    const { prices, memoryLimitBytes, hotCopyBytes, onProgress, onAccounts, signal, timeoutMs, ...rest } = options;
    const params = varParams(rest);
    if (params.model === 'delta-normal' || params.model === 'delta-gamma') {
      this.assertOpen();
      const cancel = runSignal({ signal, timeoutMs }, 'valueAtRisk');
      cancel.dispose();
      cancel.throwIfAborted();
      const m = toMarket(market);
      const result = parametricResult(toPortfolio(portfolio, m), m, params, this.threads, this.backend);
      onAccounts?.(0, result.accounts); // computed in one pass: all at once
      return result;
    }
    // a one-off run updates no account: no memory for hot copies
    const book = await this.book(portfolio, market, { ...options, hotCopyBytes: 0 }, 'valueAtRisk');
    try {
      return book.result;
    } finally {
      book.release();
    }
  }

  async book(portfolio: PortfolioInput, market: MarketInput, options: RiskOptions = {}, what = 'book'): Promise<RiskBook> {
    this.assertOpen();
    const { prices, memoryLimitBytes, hotCopyBytes, onProgress, onAccounts, signal, timeoutMs, ...rest } = options;
    const params = varParams(rest);
    if (hotCopyBytes !== undefined && !(typeof hotCopyBytes === 'number' && hotCopyBytes >= 0 && Number.isFinite(hotCopyBytes))) {
      throw new InputError(`must be a finite number of bytes >= 0; got ${String(hotCopyBytes)}`, { column: 'hotCopyBytes' });
    }
    const cancel = runSignal({ signal, timeoutMs }, what);
    try {
      cancel.throwIfAborted();
      const book = await this.newBook(portfolio, market, params, { prices, memoryLimitBytes, hotCopyBytes, onProgress, onAccounts, signal: cancel.signal });
      // a book kept for reprices: its second P&L buffer is faulted in now rather than by the first tick
      if (what === 'book') book.prepareReprice();
      return book;
    } finally {
      cancel.dispose();
    }
  }

  private async newBook(
    portfolio: PortfolioInput, market: MarketInput, params: VarParams,
    { prices, memoryLimitBytes, hotCopyBytes, onProgress, onAccounts, signal }: Omit<RiskOptions, keyof VarOptions | 'timeoutMs'>,
  ): Promise<RiskBook> {
    const m = toMarket(market);
    const p = toPortfolio(portfolio, m);
    let historical: Float64Array | undefined;
    if (params.model === 'hs' || params.model === 'fhs') {
      if (!prices?.length) throw new InputError(`the ${params.model} model needs price histories`, { column: 'prices' });
      historical = historicalScenarios([...prices], m, { ...params, model: params.model }).returns;
    }
    return RiskBook.create(this.compute, { portfolio: p, market: m, params, historical, memoryLimitBytes, hotCopyBytes, onProgress, onAccounts, signal });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.compute.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new EngineClosedError();
  }
}
