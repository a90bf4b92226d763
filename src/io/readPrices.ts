/**
 * Node adapter: read price files from disk and parse them with `parsePriceCsv`.
 * Symbols: see `priceCsv.ts`. Every series must end up with a distinct symbol.
 */
import { InputError } from '../errors.js';
import { readRegularFile } from './readRegularFile.js';
import type { PriceSeries } from '../prices/types.js';
import { parsePriceCsv, readPriceCsvHeader } from './priceCsv.js';

export interface ReadPriceFilesOptions {
  /**
   * (string) with one one-asset file: its symbol (instead of the file name). With long-format
   * files: keep only this symbol. Not allowed with several one-asset files. Default: none.
   */
  symbol?: string;
}

/**
 * Read and parse price files, in the order given (long-format files: symbols in order of first row).
 *
 * @throws InputError for an unreadable file, a bad file (`file:line: column: problem`), `symbol`
 *   with several one-asset files, a symbol found in no file, or the same symbol twice.
 * @example
 * const [btc] = await readPriceFiles(['data/btc.csv']); // btc.symbol === 'BTC'
 */
export async function readPriceFiles(
  paths: readonly string[],
  options: ReadPriceFilesOptions = {},
): Promise<PriceSeries[]> {
  if (paths.length === 0) throw new InputError('at least one price file is required', { column: 'prices' });
  const texts = await Promise.all(paths.map(readText));
  const { symbol } = options;
  let series: PriceSeries[];
  if (symbol !== undefined && paths.length > 1) {
    texts.forEach((text, i) => {
      if (readPriceCsvHeader(text, paths[i]).symbol < 0) {
        throw new InputError(
          `names one series, but several files were given and ${paths[i]} has no symbol column; drop --symbol ` +
            '(each one-asset file takes its symbol from its file name) or use long-format files with a symbol column',
          { column: '--symbol' },
        );
      }
    });
    series = texts.flatMap((text, i) => parsePriceCsv(text, { file: paths[i] }));
    series = series.filter((s) => s.symbol.toUpperCase() === symbol.toUpperCase());
    if (series.length === 0) {
      throw new InputError(`no rows for symbol "${symbol}" in ${paths.join(', ')}`, { column: '--symbol' });
    }
  } else {
    series = texts.flatMap((text, i) => parsePriceCsv(text, { file: paths[i], symbol }));
  }
  assertDistinctSymbols(series);
  return series;
}

async function readText(path: string): Promise<string> {
  try {
    return await readRegularFile(path, 'utf8');
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message;
    throw new InputError(`cannot read file: ${why}`, { file: path });
  }
}

/** @throws InputError when two series share a symbol (naming both files). */
export function assertDistinctSymbols(series: readonly PriceSeries[]): void {
  const seen = new Map<string, string | undefined>();
  for (const s of series) {
    if (seen.has(s.symbol)) {
      throw new InputError(
        `symbol ${s.symbol} is also in ${seen.get(s.symbol)}; every series needs a distinct symbol (rename a file or use --symbol)`,
        { file: s.source, column: 'symbol' },
      );
    }
    seen.set(s.symbol, s.source);
  }
}
