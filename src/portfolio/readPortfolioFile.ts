/** Node adapter: read and parse portfolio.json against a market. */
import type { Market } from '../market/types.js';
import { parseJsonText } from '../market/jsonText.js';
import { readTextFile } from '../market/readMarketFile.js';
import { parsePortfolio } from './parsePortfolio.js';
import type { Portfolio } from './types.js';

/**
 * Read `path`, parse it as JSON and validate it with `parsePortfolio`; messages name `path` as given.
 * @throws InputError for an unreadable file, invalid JSON (`path:line:column: invalid JSON: ...`)
 *   or an invalid portfolio.
 */
export async function readPortfolioFile(path: string, market: Market): Promise<Portfolio> {
  return parsePortfolio(parseJsonText(await readTextFile(path), path), market, path);
}
