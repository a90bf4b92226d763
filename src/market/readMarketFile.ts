/** Node adapter: read and parse market.json. */
import { InputError } from '../errors.js';
import { readRegularFile } from '../io/readRegularFile.js';
import { parseJsonText } from './jsonText.js';
import { parseMarket, type ParseMarketOptions } from './parseMarket.js';
import type { Market } from './types.js';

/**
 * Read `path`, parse it as JSON and validate it with `parseMarket`; messages name `path` as given.
 * @throws InputError for an unreadable file, invalid JSON (`path:line:column: invalid JSON: ...`)
 *   or an invalid market.
 */
export async function readMarketFile(path: string, options: ParseMarketOptions = {}): Promise<Market> {
  return parseMarket(parseJsonText(await readTextFile(path), path), path, options);
}

/** UTF-8 text of `path`, or an InputError naming it. */
export async function readTextFile(path: string): Promise<string> {
  try {
    return await readRegularFile(path, 'utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EISDIR' ? 'is a directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code ?? String(error);
    throw new InputError(code === 'ENOENT' ? 'file not found' : `cannot read file (${why})`, { file: path });
  }
}
