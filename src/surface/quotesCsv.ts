/**
 * Parsing option quotes (quotes.csv) for the surface fit. Pure and browser-safe.
 *
 * Columns (header names case-insensitive, any order, others ignored):
 * - `underlying`, `strike` (> 0): required.
 * - expiry: `expiry_days` (> 0), or `expiry` (ISO date / datetime) with `asof` (column or the
 *   `asOf` option) — the time to expiry is (expiry - asof) in days.
 * - volatility, one form per file: `iv`; or `bid_iv,ask_iv` (mid fitted, weight 1 / spread); or
 *   `bid,ask` option prices with `right` (call / put / c / p) — mid price inverted with Black-76,
 *   weight vega / (ask - bid). Vols are fractions (0.55 = 55 %).
 * - forward: `forward`, or `spot` with optional `rate` (continuously compounded, default 0):
 *   F = spot e^(rate T). Prices are discounted at `rate` (default 0).
 *
 * Every rule broken raises InputError `file:line: column: problem` (line 1 is the header).
 */
import { InputError } from '../errors.js';
import { formatLimit, LIMIT_REASON, MAX_ABS_RATE, MAX_EXPIRY_DAYS, MAX_PRICE } from '../inputLimits.js';
import { csvRecords } from '../io/csvRecords.js';
import { parseTimestamp, TIMESTAMP_FORMATS } from '../io/parseTimestamp.js';
import { isBlank, parseNumber, raggedRow } from '../io/priceCsv.js';
import { black76Greeks } from '../twin/black76.js';
import { black76ImpliedVol } from './impliedVol.js';
import { DAYS_PER_YEAR } from './surfaceSchema.js';

/** One option quote, ready to fit. */
export interface OptionQuote {
  underlying: string;
  expiryDays: number;
  strike: number;
  /** Forward to the expiry. */
  forward: number;
  /** Implied vol (fraction): the quote's, or mid of bid/ask. */
  iv: number;
  /** Bid-ask spread in vol (fraction) when the file has one: weights 1 / spread. */
  ivSpread?: number;
  /** 1-based line in the file (for messages). */
  line?: number;
}

/** Options of parseQuotesCsv. */
export interface ParseQuotesCsvOptions {
  /** (string) File name for messages. */
  file: string;
  /** (string) Valuation time (ISO 8601) for `expiry` dates when the file has no `asof` column. */
  asOf?: string;
}

/** Parsed quotes and the valuation time used (if any). */
export interface ParsedQuotes {
  quotes: OptionQuote[];
  /** The asOf option, or the file's asof when every row has the same one. */
  asOf?: string;
}

const WANTED = 'underlying,strike, expiry_days or expiry (+ asof), iv or bid_iv,ask_iv or bid,ask (+ right), forward or spot (+ rate)';

/**
 * Parse quotes.csv text.
 * @throws InputError naming file, line and column for every rule broken.
 * @example parseQuotesCsv('underlying,expiry_days,strike,forward,iv\nBTC,30,60000,60000,0.55\n', { file: 'q.csv' })
 */
export function parseQuotesCsv(text: string, options: ParseQuotesCsvOptions): ParsedQuotes {
  const { file } = options;
  const records = csvRecords(text, file);
  while (records.length > 0 && isBlank(records[records.length - 1])) records.pop();
  if (records.length === 0 || isBlank(records[0])) throw new InputError(`empty file; expected a header with ${WANTED}`, { file, line: 1 });
  const names = records[0].fields.map((f) => f.trim().toLowerCase());
  const col = (name: string): number => {
    const i = names.indexOf(name);
    if (i >= 0 && names.indexOf(name, i + 1) >= 0) throw new InputError('column appears twice in the header', { file, line: 1, column: name });
    return i;
  };
  const c = {
    underlying: col('underlying'), strike: col('strike'), expiry: col('expiry'), expiryDays: col('expiry_days'), asof: col('asof'),
    iv: col('iv'), bidIv: col('bid_iv'), askIv: col('ask_iv'), bid: col('bid'), ask: col('ask'), right: col('right'),
    forward: col('forward'), spot: col('spot'), rate: col('rate'),
  };
  const header = (problem: string, column: string): never => {
    throw new InputError(`${problem}; the header has ${names.join(', ')}; expected ${WANTED}`, { file, line: 1, column });
  };
  if (c.underlying < 0) header('missing required column', 'underlying');
  if (c.strike < 0) header('missing required column', 'strike');
  if ((c.expiry < 0) === (c.expiryDays < 0)) header(c.expiry < 0 ? 'missing column expiry_days or expiry' : 'give expiry or expiry_days, not both', 'expiry_days');
  if (c.expiry >= 0 && c.asof < 0 && options.asOf === undefined) header('expiry dates need an asof column or the --as-of option', 'expiry');
  if ((c.forward < 0) === (c.spot < 0)) header(c.forward < 0 ? 'missing column forward or spot' : 'give forward or spot, not both', 'forward');
  const mode = c.iv >= 0 ? 'iv' : c.bidIv >= 0 || c.askIv >= 0 ? 'bid_iv' : c.bid >= 0 || c.ask >= 0 ? 'bid' : header('missing volatility columns: iv, bid_iv,ask_iv or bid,ask', 'iv');
  if (mode === 'bid_iv' && (c.bidIv < 0 || c.askIv < 0)) header('bid_iv and ask_iv come together', c.bidIv < 0 ? 'bid_iv' : 'ask_iv');
  if (mode === 'bid' && (c.bid < 0 || c.ask < 0 || c.right < 0)) header('bid,ask prices need bid, ask and right', c.bid < 0 ? 'bid' : c.ask < 0 ? 'ask' : 'right');

  let asOfMs: number | undefined;
  if (options.asOf !== undefined) {
    const t = parseTimestamp(options.asOf.trim());
    if (typeof t === 'string') throw new InputError(`${t}; expected ${TIMESTAMP_FORMATS}`, { column: '--as-of' });
    asOfMs = t;
  }
  const fileAsOfs = new Set<string>();
  const quotes: OptionQuote[] = [];
  const width = names.length;
  for (let r = 1; r < records.length; r++) {
    const record = records[r];
    const { line, fields } = record;
    if (fields.length !== width) raggedRow(record, width, records[0].fields, file);
    const at = (column: string) => ({ file, line, column });
    const num = (i: number, column: string): number => parseNumber(fields[i], file, line, column);
    const positive = (i: number, column: string, max: number): number => {
      const x = num(i, column);
      if (!(x > 0)) throw new InputError(`must be > 0; got ${x}`, at(column));
      if (x > max) throw new InputError(`${x} exceeds ${formatLimit(max)} ${LIMIT_REASON}`, at(column));
      return x;
    };
    const underlying = fields[c.underlying].trim();
    if (underlying === '') throw new InputError('missing value', at('underlying'));
    const strike = positive(c.strike, 'strike', MAX_PRICE);

    let expiryDays: number;
    if (c.expiryDays >= 0) expiryDays = positive(c.expiryDays, 'expiry_days', MAX_EXPIRY_DAYS);
    else {
      let base = asOfMs;
      if (c.asof >= 0 && fields[c.asof].trim() !== '') {
        const t = parseTimestamp(fields[c.asof].trim());
        if (typeof t === 'string') throw new InputError(`${t}; expected ${TIMESTAMP_FORMATS}`, at('asof'));
        base = t;
        fileAsOfs.add(fields[c.asof].trim());
      }
      if (base === undefined) throw new InputError('missing value (and no --as-of option)', at('asof'));
      const t = parseTimestamp(fields[c.expiry].trim());
      if (typeof t === 'string') throw new InputError(fields[c.expiry].trim() === '' ? 'missing value' : `${t}; expected ${TIMESTAMP_FORMATS}`, at('expiry'));
      expiryDays = (t - base) / 86_400_000;
      if (!(expiryDays > 0)) throw new InputError(`${fields[c.expiry].trim()} is not after the valuation time`, at('expiry'));
      if (expiryDays > MAX_EXPIRY_DAYS) throw new InputError(`more than ${MAX_EXPIRY_DAYS} days after the valuation time ${LIMIT_REASON}`, at('expiry'));
    }
    const years = expiryDays / DAYS_PER_YEAR;
    let rate = 0;
    if (c.rate >= 0 && fields[c.rate].trim() !== '') {
      rate = num(c.rate, 'rate');
      if (Math.abs(rate) > MAX_ABS_RATE) throw new InputError(`${rate} is outside [-${MAX_ABS_RATE}, ${MAX_ABS_RATE}] ${LIMIT_REASON}`, at('rate'));
    }
    const forward = c.forward >= 0 ? positive(c.forward, 'forward', MAX_PRICE) : positive(c.spot, 'spot', MAX_PRICE) * Math.exp(rate * years);

    const vol = (i: number, column: string): number => {
      const x = num(i, column);
      if (!(x > 0 && x <= 20)) throw new InputError(`must be a volatility in (0, 20] as a fraction (0.55 = 55%); got ${x}`, at(column));
      return x;
    };
    let iv: number;
    let ivSpread: number | undefined;
    if (mode === 'iv') iv = vol(c.iv, 'iv');
    else if (mode === 'bid_iv') {
      const bid = vol(c.bidIv, 'bid_iv'), ask = vol(c.askIv, 'ask_iv');
      if (!(ask > bid)) throw new InputError(`must be above bid_iv ${bid}; got ${ask}`, at('ask_iv'));
      iv = 0.5 * (bid + ask);
      ivSpread = ask - bid;
    } else {
      const right = fields[c.right].trim().toLowerCase();
      if (!['call', 'put', 'c', 'p'].includes(right)) throw new InputError(`must be call, put, c or p; got "${fields[c.right].trim()}"`, at('right'));
      const isCall = right[0] === 'c';
      const bid = num(c.bid, 'bid'), ask = num(c.ask, 'ask');
      if (!(bid >= 0)) throw new InputError(`must be >= 0; got ${bid}`, at('bid'));
      if (!(ask > bid)) throw new InputError(`must be above bid ${bid}; got ${ask}`, at('ask'));
      const discount = Math.exp(-rate * years);
      const solved = black76ImpliedVol(0.5 * (bid + ask), forward, strike, years, isCall, discount);
      if (typeof solved === 'string') throw new InputError(`mid of bid and ask has no Black-76 implied vol: ${solved}`, at('ask'));
      iv = solved;
      ivSpread = (ask - bid) / black76Greeks(forward, strike, years, iv, isCall, discount).vega;
    }
    quotes.push({ underlying, expiryDays, strike, forward, iv, ...(ivSpread === undefined ? {} : { ivSpread }), line });
  }
  if (quotes.length === 0) throw new InputError('no data rows after the header', { file, line: 1 });
  const asOf = options.asOf ?? (fileAsOfs.size === 1 ? [...fileAsOfs][0] : undefined);
  return { quotes, ...(asOf === undefined ? {} : { asOf }) };
}
