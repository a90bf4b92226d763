/**
 * What the page computes on: the built-in sample (synthetic market history, its calibrated market
 * and a synthetic book) or the user's files, parsed by the library's own validators so a bad file
 * gets the CLI's message (file:line: column: problem, or a JSON path).
 */
import {
  calibrateMarket,
  InputError,
  marketFileOf,
  parseJsonText,
  parseMarket,
  parsePortfolio,
  parsePriceCsv,
  syntheticPortfolio,
  syntheticPrices,
  type Market,
  type MarketFile,
  type Portfolio,
  type PortfolioFile,
  type PriceSeries,
} from '../../src/browser/index.js';

export interface Inputs {
  /** What was loaded, for the page. */
  label: string;
  market: Market;
  portfolio: Portfolio;
  /**
   * The same inputs as plain JSON (market.json / portfolio.json contents), which the page computes
   * from, like the CLI: any other engine given these gets the same figures bit for bit.
   */
  marketFile: MarketFile;
  portfolioFile: PortfolioFile;
  /** Price histories, when loaded (volatility chart). */
  prices?: PriceSeries[];
}

/**
 * The sample: `syntheticPrices()`, the market calibrated from it, and a synthetic book of `accounts`.
 * (Made with JavaScript's Math.exp / Math.log, which are not correctly rounded and differ in the
 * last bits between JavaScript engines, so Node and a browser make slightly different samples.)
 */
export function sampleInputs(accounts: number): Inputs {
  const prices = syntheticPrices();
  const market = calibrateMarket(prices);
  const portfolioFile = syntheticPortfolio(prices, { accounts });
  return {
    label: `sample: ${prices.length} synthetic assets x ${prices[0].close.length} days, ${accounts} accounts`,
    market,
    portfolio: parsePortfolio(portfolioFile, market, 'sample portfolio'),
    marketFile: marketFileOf(market),
    portfolioFile,
    prices,
  };
}

export interface NamedText {
  name: string;
  text: string;
}

/**
 * Parse dropped files: `*.csv` are price histories; JSON with `underlyings` is a market, with
 * `accounts` or `instruments` a portfolio. Without a market, it is calibrated from the prices;
 * without a portfolio, a synthetic book of `sampleAccounts` is made on the prices.
 * @throws InputError naming the file (and line / column or JSON path) of the first problem
 */
export function parseFiles(files: readonly NamedText[], sampleAccounts: number): Inputs {
  const prices: PriceSeries[] = [];
  let marketFile: { name: string; json: MarketFile } | undefined;
  let portfolioFile: { name: string; json: PortfolioFile } | undefined;
  for (const { name, text } of files) {
    if (/\.csv$/i.test(name)) {
      prices.push(...parsePriceCsv(text, { file: name }));
      continue;
    }
    const json = parseJsonText(text, name);
    const keys = json !== null && typeof json === 'object' && !Array.isArray(json) ? Object.keys(json) : [];
    if (keys.includes('underlyings')) marketFile = { name, json: json as MarketFile };
    else if (keys.includes('accounts') || keys.includes('instruments')) portfolioFile = { name, json: json as PortfolioFile };
    else throw new InputError('neither a market.json (with "underlyings") nor a portfolio.json (with "accounts"); price files must end in .csv', { file: name });
  }
  const symbols = new Set<string>();
  for (const s of prices) {
    if (symbols.has(s.symbol)) throw new InputError(`symbol ${s.symbol} is loaded twice`, { file: s.source ?? s.symbol });
    symbols.add(s.symbol);
  }
  let market: Market;
  if (marketFile) market = parseMarket(marketFile.json, marketFile.name);
  else if (prices.length > 0) market = calibrateMarket(prices);
  else throw new InputError('load a market.json or price CSVs with the portfolio', { file: portfolioFile?.name });
  if (!portfolioFile && prices.length === 0) {
    throw new InputError('load a portfolio.json (or price CSVs for a sample book) with the market', { file: marketFile?.name });
  }
  const book = portfolioFile ?? { name: 'sample portfolio', json: syntheticPortfolio(prices, { accounts: sampleAccounts }) };
  const portfolio = parsePortfolio(book.json, market, book.name);
  const names = files.map((f) => f.name).join(', ');
  return {
    label: `${names}${portfolioFile ? '' : ` (sample book of ${sampleAccounts} accounts)`}`,
    market,
    portfolio,
    marketFile: marketFile?.json ?? marketFileOf(market),
    portfolioFile: book.json,
    prices: prices.length ? prices : undefined,
  };
}
