/**
 * Parsing OHLC price files (CSV text -> `PriceSeries[]`). Pure and browser-safe; see
 * `readPrices.ts` for reading files in Node.
 *
 * Two layouts are accepted:
 * - one asset per file: `date,open,high,low,close[,volume]`. The symbol is `options.symbol`, or
 *   else the file's base name without its extension, uppercased (`data/btc-usd-daily.csv` ->
 *   `BTC-USD-DAILY`).
 * - long format: the same columns plus `symbol`; several assets in one file, their rows may
 *   interleave. `options.symbol` then selects one of them (case-insensitive).
 *
 * Header names are case-insensitive; the date column may be named `date`, `datetime`, `time` or
 * `timestamp`; other columns are ignored. A UTF-8 BOM, CRLF line ends and trailing blank lines are
 * tolerated; spaces around fields are trimmed (dates are otherwise kept exactly as written).
 * Wide close-only files (one close column per asset) are rejected: range estimators need real
 * open/high/low, and making them up would give silently wrong volatility.
 *
 * Every rule broken raises `InputError` as `file:line: column: problem` (line 1 is the header).
 * Gaps in the dates are accepted and reported in `series.gaps` (see `findGaps`).
 */
import { InputError, type InputLocation } from '../errors.js';
import { formatLimit, LIMIT_REASON, MAX_PRICE } from '../inputLimits.js';
import type { PriceGap, PriceSeries } from '../prices/types.js';
import { csvRecords, type CsvRecord } from './csvRecords.js';
import { parseTimestamp } from './parseTimestamp.js';

export interface ParsePriceCsvOptions {
  /** (string) file name, used in messages and for the symbol of a one-asset file. */
  file: string;
  /** (string) one-asset file: its symbol. Long format: keep only this symbol. Default: see module comment. */
  symbol?: string;
}

/** Accepted names of the date column (exactly one must be present). */
export const DATE_COLUMNS = ['date', 'datetime', 'time', 'timestamp'] as const;
const PRICE_COLUMNS = ['open', 'high', 'low', 'close'] as const;

/** Column positions found in a price file's header. */
export interface PriceCsvHeader {
  date: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** -1 when the file has no volume column. */
  volume: number;
  /** Name of the date column as found (lowercase): date, datetime, time or timestamp. */
  dateName: string;
  /** -1 for a one-asset file; otherwise the long-format symbol column. */
  symbol: number;
  /** Number of fields every row must have. */
  width: number;
}

/**
 * Parse a price file into one series per symbol (long format: in order of first appearance).
 *
 * @param text the whole file's contents.
 * @param options see `ParsePriceCsvOptions`.
 * @returns the series, each with `source` set to `options.file`.
 * @throws InputError naming `file:line: column:` for every rule broken (see module comment).
 * @example
 * parsePriceCsv('date,open,high,low,close\n2024-01-01,10,12,9,11\n', { file: 'x/btc.csv' })
 * // [{ symbol: 'BTC', dates: ['2024-01-01'], times: Float64Array [1704067200000], open: [10], ... }]
 */
export function parsePriceCsv(text: string, options: ParsePriceCsvOptions): PriceSeries[] {
  const { file } = options;
  const records = csvRecords(text, file);
  while (records.length > 0 && isBlank(records[records.length - 1])) records.pop();
  const header = readHeaderRecord(records, file);
  if (records.length === 1) throw new InputError('no data rows after the header', { file, line: 1 });

  const oneAssetSymbol = header.symbol < 0 ? (options.symbol ?? symbolFromFileName(file)) : '';
  const builders = new Map<string, SeriesBuilder>();
  for (let r = 1; r < records.length; r++) {
    const { line, fields } = records[r];
    if (fields.length !== header.width) raggedRow(records[r], header.width, records[0].fields, file);
    const at = (column: string): InputLocation => ({ file, line, column });

    const date = fields[header.date].trim();
    const time = date === '' ? 'missing value' : parseTimestamp(date);
    if (typeof time === 'string') throw new InputError(time, at(header.dateName));

    const open = parsePrice(fields[header.open], file, line, 'open');
    const high = parsePrice(fields[header.high], file, line, 'high');
    const low = parsePrice(fields[header.low], file, line, 'low');
    const close = parsePrice(fields[header.close], file, line, 'close');
    const volume = header.volume < 0 ? 0 : parseNumber(fields[header.volume], file, line, 'volume');
    if (high < low) throw new InputError(`${high} is below low ${low}`, at('high'));
    if (open < low || open > high) throw new InputError(`${open} is outside [low ${low}, high ${high}]`, at('open'));
    if (close < low || close > high) throw new InputError(`${close} is outside [low ${low}, high ${high}]`, at('close'));
    if (volume < 0) throw new InputError(`must be >= 0; got ${volume}`, at('volume'));

    let symbol = oneAssetSymbol;
    if (header.symbol >= 0) {
      symbol = fields[header.symbol].trim();
      if (symbol === '') throw new InputError('missing value', at('symbol'));
    }
    let b = builders.get(symbol);
    if (!b) builders.set(symbol, (b = new SeriesBuilder()));
    b.push(date, time, open, high, low, close, volume, line, file, header.dateName, header.symbol >= 0 ? symbol : '');
  }

  let entries = [...builders.entries()];
  if (header.symbol >= 0 && options.symbol !== undefined) {
    const wanted = options.symbol.toUpperCase();
    entries = entries.filter(([s]) => s.toUpperCase() === wanted);
    if (entries.length === 0) {
      const have = [...builders.keys()].join(', ');
      throw new InputError(`no rows for symbol "${options.symbol}"; the file has ${have}`, { file, column: 'symbol' });
    }
  }
  return entries.map(([symbol, b]) => b.build(symbol, file, header.volume >= 0));
}

/**
 * Locate the columns of a price file from its header (line 1).
 * @throws InputError `file:1: column: ...` for an empty file, a missing, repeated or ambiguous column.
 */
export function readPriceCsvHeader(text: string, file: string): PriceCsvHeader {
  const end = text.indexOf('\n');
  return readHeaderRecord(csvRecords(end < 0 ? text : text.slice(0, end), file), file);
}

/** Symbol of a one-asset file: base name without extension, uppercased (`a/btc-usd.csv` -> `BTC-USD`). */
export function symbolFromFileName(file: string): string {
  const base = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return (dot > 0 ? base.slice(0, dot) : base).toUpperCase();
}

const WANTED = `date,open,high,low,close[,volume] (the date column may also be named datetime, time or timestamp; add a symbol column for several assets in one file)`;

function readHeaderRecord(records: CsvRecord[], file: string): PriceCsvHeader {
  if (records.length === 0 || isBlank(records[0])) {
    throw new InputError(`empty file; expected a header row ${WANTED}`, { file, line: 1 });
  }
  const names = records[0].fields.map((f) => f.trim().toLowerCase());
  const at = (column: string) => ({ file, line: 1, column });
  const find = (name: string): number => {
    const i = names.indexOf(name);
    if (i >= 0 && names.indexOf(name, i + 1) >= 0) throw new InputError('column appears twice in the header', at(name));
    return i;
  };
  const dates = DATE_COLUMNS.filter((n) => names.includes(n));
  if (dates.length > 1) throw new InputError(`several date columns (${dates.join(', ')}); keep only one`, at(dates[0]));
  const missing: string[] = PRICE_COLUMNS.filter((n) => !names.includes(n));
  if (dates.length === 0) missing.unshift('date');
  if (missing.length > 0) {
    const list = `missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`;
    const wide = PRICE_COLUMNS.every((n) => !names.includes(n)) && dates.length === 1 && names.length > 1;
    throw new InputError(
      wide
        ? `${list}; this looks like a wide close-only file (${names.join(', ')}), which is not supported because range estimators need open/high/low; use one OHLC file per asset or a long file with a symbol column`
        : `${list}; the header has ${names.join(', ')}; expected ${WANTED}`,
      at(missing[0]),
    );
  }
  return {
    date: find(dates[0]),
    dateName: dates[0],
    open: find('open'),
    high: find('high'),
    low: find('low'),
    close: find('close'),
    volume: find('volume'),
    symbol: find('symbol'),
    width: names.length,
  };
}

export function isBlank(record: CsvRecord): boolean {
  return record.fields.length === 1 && record.fields[0].trim() === '';
}

export function raggedRow(record: CsvRecord, width: number, headerFields: string[], file: string): never {
  const { line, fields } = record;
  if (isBlank(record)) throw new InputError('blank line inside the data', { file, line });
  const n = fields.length;
  const column = n < width ? headerFields[n].trim() : `field ${width + 1}`;
  const problem = n < width ? 'missing field' : 'extra field';
  throw new InputError(`${problem}: the row has ${n} fields, the header has ${width}`, { file, line, column });
}

/** Plain decimal number: digits, optional fraction and exponent (no hex, no `Infinity`). */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/; // not \d+\.?\d*: that backtracks quadratically on long digit runs
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

export function parseNumber(raw: string, file: string, line: number, column: string): number {
  const text = raw.trim();
  const value = Number(text);
  if (DECIMAL.test(text) && Number.isFinite(value)) return value;
  const where = { file, line, column };
  if (text === '') throw new InputError('missing value', where);
  if (!DECIMAL.test(text)) {
    if (NON_FINITE.test(text)) throw new InputError(`${text} is not allowed; values must be finite numbers`, where);
    throw new InputError(`"${text}" is not a number`, where);
  }
  throw new InputError(`${text} is too large (not a finite number)`, where);
}

function parsePrice(raw: string, file: string, line: number, column: string): number {
  const value = parseNumber(raw, file, line, column);
  if (!(value > 0)) throw new InputError(`prices must be > 0; got ${raw.trim()}`, { file, line, column });
  if (value > MAX_PRICE) throw new InputError(`prices must be <= ${formatLimit(MAX_PRICE)} ${LIMIT_REASON}; got ${raw.trim()}`, { file, line, column });
  return value;
}

/** Accumulates one symbol's rows and checks that its dates strictly increase. */
class SeriesBuilder {
  private readonly dates: string[] = [];
  private readonly times: number[] = [];
  private readonly open: number[] = [];
  private readonly high: number[] = [];
  private readonly low: number[] = [];
  private readonly close: number[] = [];
  private readonly volume: number[] = [];
  private lastLine = 0;

  push(
    date: string, time: number, o: number, h: number, l: number, c: number, v: number,
    line: number, file: string, dateColumn: string, longSymbol: string,
  ): void {
    const n = this.times.length;
    if (n > 0 && time <= this.times[n - 1]) {
      const forSymbol = longSymbol ? ` for symbol ${longSymbol}` : '';
      const previous = `"${this.dates[n - 1]}" on line ${this.lastLine}`;
      throw new InputError(
        time === this.times[n - 1]
          ? `duplicate date "${date}"${forSymbol}: same time as ${previous}`
          : `"${date}" is before the previous date ${previous}; dates must be strictly increasing${forSymbol}`,
        { file, line, column: dateColumn },
      );
    }
    this.dates.push(date);
    this.times.push(time);
    this.open.push(o);
    this.high.push(h);
    this.low.push(l);
    this.close.push(c);
    this.volume.push(v);
    this.lastLine = line;
  }

  build(symbol: string, source: string, withVolume: boolean): PriceSeries {
    const series: PriceSeries = {
      symbol,
      dates: this.dates,
      times: Float64Array.from(this.times),
      open: Float64Array.from(this.open),
      high: Float64Array.from(this.high),
      low: Float64Array.from(this.low),
      close: Float64Array.from(this.close),
      source,
    };
    if (withVolume) series.volume = Float64Array.from(this.volume);
    const gaps = findGaps(this.dates, series.times);
    if (gaps.length > 0) series.gaps = gaps;
    return series;
  }
}

const DAY_MS = 86_400_000;

/**
 * Holes in a series' dates: spacings above 1.5 times the usual bar interval (the median spacing;
 * one day for daily bars, every day counting as crypto trades at weekends), each as the date
 * before the hole and the missing time in days (spacing less one interval). Needs 3 bars or more.
 */
export function findGaps(dates: readonly string[], times: Float64Array): PriceGap[] {
  if (times.length < 3) return [];
  const steps = Array.from({ length: times.length - 1 }, (_, i) => times[i + 1] - times[i]);
  const sorted = [...steps].sort((a, b) => a - b);
  const usual = sorted[Math.floor((sorted.length - 1) / 2)];
  const gaps: PriceGap[] = [];
  steps.forEach((step, i) => {
    if (step > 1.5 * usual) gaps.push({ after: dates[i], days: (step - usual) / DAY_MS });
  });
  return gaps;
}
