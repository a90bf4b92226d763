/**
 * What a margin service starts from: the book (instruments with their expiries resolved against
 * the market they were loaded with, accounts, positions, collateral), the current market, the
 * policy config, the long-run volatilities of the anti-procyclicality floor and the Monte Carlo
 * settings. Read from files, or the built-in synthetic data of `npm start`.
 */
import { readFile } from 'node:fs/promises';
import { syntheticPortfolio } from '../data/syntheticPortfolio.js';
import { syntheticPrices } from '../data/syntheticMarket.js';
import { InputError } from '../errors.js';
import { calibrateMarket } from '../market/calibrate.js';
import { parseJsonText } from '../market/jsonText.js';
import { marketFileOf } from '../market/marketFileOf.js';
import { parseMarket } from '../market/parseMarket.js';
import type { MarketFile } from '../market/schema.js';
import { DEFAULT_POLICY_CONFIG, parsePolicyConfig, type PolicyConfig } from '../policy/config.js';
import { parsePortfolio } from '../portfolio/parsePortfolio.js';
import type { Portfolio } from '../portfolio/types.js';
import type { PriceSeries } from '../prices/types.js';

export interface BookInputs {
  /** Normalized: expiries in years from the market the book was first loaded with. */
  portfolio: Portfolio;
  market: MarketFile;
  config: PolicyConfig;
  /** Annualized long-run volatility by underlying, read by the APC floor. */
  longRunVol: Record<string, number>;
  scenarios: number;
  seed: number;
}

export interface InputFiles {
  portfolio?: string;
  market?: string;
  config?: string;
  scenarios?: number;
  seed?: number;
  /** Accounts of the built-in synthetic book (default 500). */
  demoAccounts?: number;
}

/** --portfolio and --market files, or (neither given) the built-in synthetic market and book. */
export async function loadBookInputs(files: InputFiles): Promise<BookInputs> {
  const config = files.config ? parsePolicyConfig(await readJson(files.config), files.config) : DEFAULT_POLICY_CONFIG;
  const scenarios = files.scenarios ?? 10_000;
  const seed = files.seed ?? 1;
  if ((files.portfolio === undefined) !== (files.market === undefined)) {
    throw new InputError('give both --portfolio and --market, or neither for the built-in synthetic book', { column: files.portfolio ? '--market' : '--portfolio' });
  }
  if (files.portfolio && files.market) {
    const market = parseMarket(await readJson(files.market), files.market);
    const portfolio = parsePortfolio(await readJson(files.portfolio), market, files.portfolio);
    // without a price history the floor's long-run volatility is the market's at load
    const longRunVol = Object.fromEntries(market.symbols.map((s, i) => [s, market.vol[i]]));
    return { portfolio, market: marketFileOf(market), config, longRunVol, scenarios, seed };
  }
  return demoInputs(config, scenarios, seed, files.demoAccounts ?? 500);
}

/** The synthetic market of `npm start` (EWMA-calibrated) and its synthetic book. */
export function demoInputs(config: PolicyConfig, scenarios: number, seed: number, accounts = 500): BookInputs {
  const prices = syntheticPrices();
  const market = calibrateMarket(prices, { lambda: config.volatility.lambda });
  const portfolio = parsePortfolio(syntheticPortfolio(prices, { accounts }), market, 'synthetic book');
  const longRunVol = Object.fromEntries(prices.map((s) => [s.symbol, historicalVol(s, config.antiProcyclicality.floorLookbackDays, config.volatility.annualization)]));
  return { portfolio, market: marketFileOf(market), config, longRunVol, scenarios, seed };
}

/** Annualized standard deviation of the daily log returns over the last `days` closes. */
export function historicalVol(series: PriceSeries, days: number, annualization: number): number {
  const close = series.close.slice(-Math.min(series.close.length, days + 1));
  const r: number[] = [];
  for (let t = 1; t < close.length; t++) r.push(Math.log(close[t] / close[t - 1]));
  const mean = r.reduce((a, b) => a + b, 0) / r.length;
  const variance = r.reduce((a, b) => a + (b - mean) ** 2, 0) / (r.length - 1);
  return Math.sqrt(variance * annualization);
}

async function readJson(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8').catch(() => {
    throw new InputError('file not found', { file: path });
  });
  return parseJsonText(text, path);
}
