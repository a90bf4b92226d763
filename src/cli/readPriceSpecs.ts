/**
 * `--prices` arguments: `FILE` (symbol from the file name or its symbol column) or `SYMBOL=FILE`
 * (that file's series is SYMBOL, as `--implied SYMBOL=FILE`), in the order given.
 */
import { existsSync } from 'node:fs';
import { assertDistinctSymbols, readPriceFiles } from '../io/readPrices.js';
import type { PriceSeries } from '../prices/types.js';

const MAPPED = /^([A-Za-z0-9][A-Za-z0-9_.:-]*)=(.+)$/;

/** The symbol and file of one `--prices` argument (no symbol: a plain file, or a file whose name has `=`). */
export function parsePriceSpec(spec: string): { symbol?: string; file: string } {
  const m = MAPPED.exec(spec);
  if (!m || existsSync(spec)) return { file: spec };
  return { symbol: m[1], file: m[2] };
}

/**
 * Read every `--prices` argument; plain files together (so `--symbol` rules and long-format files
 * work as with readPriceFiles), mapped ones one by one.
 * @throws InputError as readPriceFiles, or when two series end up with one symbol
 */
export async function readPriceSpecs(specs: readonly string[], options: { symbol?: string } = {}): Promise<PriceSeries[]> {
  const parsed = specs.map(parsePriceSpec);
  if (parsed.every((p) => p.symbol === undefined)) return readPriceFiles(specs, options);
  const out: PriceSeries[] = [];
  for (const p of parsed) out.push(...(await readPriceFiles([p.file], { symbol: p.symbol ?? options.symbol })));
  assertDistinctSymbols(out);
  return out;
}
