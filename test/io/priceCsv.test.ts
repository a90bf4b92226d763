import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parsePriceCsv, readPriceCsvHeader, symbolFromFileName } from '../../src/io/priceCsv.js';

const HEADER = 'date,open,high,low,close,volume';
const GOOD = [HEADER, '2024-01-01,100,110,95,105,1000', '2024-01-02,105,108,101,102,0', '2024-01-03,102,103,90,91,2500'];

function parse(lines: string[] | string, symbol?: string) {
  const text = Array.isArray(lines) ? lines.join('\n') + '\n' : lines;
  return parsePriceCsv(text, { file: 'data/btc.csv', symbol });
}

/** The InputError thrown by parsing `lines`, checked to name the file, line and column. */
function failure(lines: string[] | string, line: number, column: string | undefined): InputError {
  let caught: unknown;
  try {
    parse(lines);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(InputError);
  const err = caught as InputError;
  expect(err.file).toBe('data/btc.csv');
  expect(err.line).toBe(line);
  expect(err.column).toBe(column);
  const place = column === undefined ? `data/btc.csv:${line}: ` : `data/btc.csv:${line}: ${column}: `;
  expect(err.message.startsWith(place)).toBe(true);
  return err;
}

/** GOOD with data row `row` (1-based, line row + 1) replaced. */
function withRow(row: number, text: string): string[] {
  const lines = [...GOOD];
  lines[row] = text;
  return lines;
}

describe('parsePriceCsv: accepted input', () => {
  it('parses a one-asset file; symbol from the file name; dates kept as written', () => {
    const [s] = parse(GOOD);
    expect(s.symbol).toBe('BTC');
    expect(s.source).toBe('data/btc.csv');
    expect(s.dates).toEqual(['2024-01-01', '2024-01-02', '2024-01-03']);
    // 2024-01-01T00:00:00Z = 19723 days * 86400000 ms
    expect([...s.times]).toEqual([19723 * 86_400_000, 19724 * 86_400_000, 19725 * 86_400_000]);
    expect([...s.open]).toEqual([100, 105, 102]);
    expect([...s.high]).toEqual([110, 108, 103]);
    expect([...s.low]).toEqual([95, 101, 90]);
    expect([...s.close]).toEqual([105, 102, 91]);
    expect([...s.volume!]).toEqual([1000, 0, 2500]);
  });

  it('uses the symbol option for a one-asset file', () => {
    expect(parse(GOOD, 'XBT')[0].symbol).toBe('XBT');
  });

  it('leaves volume undefined when the column is absent, ignores unknown columns, any header case and order', () => {
    const [s] = parse(['Close,Extra,LOW,High,Open,Date', '105,x,95,110,100,2024-01-01', '102,y,101,108,105,2024-01-02']);
    expect(s.volume).toBeUndefined();
    expect([...s.open]).toEqual([100, 105]);
    expect([...s.close]).toEqual([105, 102]);
  });

  it('tolerates a UTF-8 BOM, CRLF line ends and trailing blank lines', () => {
    const text = '\ufeff' + GOOD.join('\r\n') + '\r\n\r\n  \r\n';
    const [s] = parse(text);
    expect(s.dates).toEqual(['2024-01-01', '2024-01-02', '2024-01-03']);
    expect([...s.volume!]).toEqual([1000, 0, 2500]);
  });

  it('accepts a last line without a line end and quoted fields', () => {
    const [s] = parse('"date","open","high","low","close"\n"2024-01-01",1,2,0.5,1.5\n2024-01-02,"1.5",2,1,"1.25"');
    expect([...s.close]).toEqual([1.5, 1.25]);
  });

  it('parses unix milliseconds and ISO datetimes with offsets, keeping the text', () => {
    const [s] = parse([
      'timestamp,open,high,low,close',
      '1704067200000,1,1,1,1',
      '2024-01-01T01:00:00Z,1,1,1,1',
      '2024-01-01T03:00:00+01:00,1,1,1,1',
      '2024-01-01 03:30:00.250,1,1,1,1',
    ]);
    expect(s.dates).toEqual(['1704067200000', '2024-01-01T01:00:00Z', '2024-01-01T03:00:00+01:00', '2024-01-01 03:30:00.250']);
    const h = 3_600_000;
    expect([...s.times]).toEqual([1704067200000, 1704067200000 + h, 1704067200000 + 2 * h, 1704067200000 + 3.5 * h + 250]);
  });

  it('reads long format: several symbols, interleaved rows, order of first appearance', () => {
    const lines = [
      'symbol,date,open,high,low,close',
      'ETH,2024-01-01,10,11,9,10.5',
      'BTC,2024-01-01,100,110,95,105',
      'ETH,2024-01-02,10.5,12,10,11',
      'BTC,2024-01-02,105,108,101,102',
      'BTC,2024-01-03,102,103,90,91',
    ];
    const series = parse(lines);
    expect(series.map((s) => s.symbol)).toEqual(['ETH', 'BTC']);
    expect(series[0].dates).toEqual(['2024-01-01', '2024-01-02']);
    expect([...series[1].close]).toEqual([105, 102, 91]);
    const picked = parse(lines, 'btc');
    expect(picked.map((s) => s.symbol)).toEqual(['BTC']);
  });

  it('derives symbols from file names', () => {
    expect(symbolFromFileName('/work/shared/data/btc-usd-daily.csv')).toBe('BTC-USD-DAILY');
    expect(symbolFromFileName('C:\\data\\eth.CSV')).toBe('ETH');
    expect(symbolFromFileName('sol')).toBe('SOL');
  });

  it('reads the header alone', () => {
    expect(readPriceCsvHeader('symbol,date,open,high,low,close\nBTC,...', 'x.csv').symbol).toBe(0);
    expect(readPriceCsvHeader(GOOD.join('\n'), 'x.csv').volume).toBe(5);
  });

  it('parses 100k rows (speed is measured by the benchmarks, not here)', () => {
    const rows = [HEADER];
    for (let i = 0; i < 100_000; i++) rows.push(`${1.6e12 + i * 60_000},100.5,101.25,99.75,100.125,12345.5`);
    const [s] = parse(rows.join('\n'));
    expect(s.close.length).toBe(100_000);
    expect(s.times[99_999]).toBe(1.6e12 + 99_999 * 60_000);
    expect(s.close[99_999]).toBe(100.125);
  });
});

describe('parsePriceCsv: rejected input names file:line: column', () => {
  it('unparseable number', () => {
    expect(failure(withRow(2, '2024-01-02,105,abc,101,102,0'), 3, 'high').message).toContain('"abc" is not a number');
    failure(withRow(2, '2024-01-02,105,0x10,101,102,0'), 3, 'high');
    failure(withRow(2, '2024-01-02,105,1.2.3,101,102,0'), 3, 'high');
  });

  it('NaN and Infinity', () => {
    expect(failure(withRow(1, '2024-01-01,100,110,95,NaN,1000'), 2, 'close').message).toContain('finite');
    expect(failure(withRow(1, '2024-01-01,100,Infinity,95,105,1000'), 2, 'high').message).toContain('finite');
    failure(withRow(1, '2024-01-01,100,110,95,105,-inf'), 2, 'volume');
    expect(failure(withRow(1, '2024-01-01,100,1e400,95,105,1'), 2, 'high').message).toContain('finite');
  });

  it('missing value', () => {
    expect(failure(withRow(3, '2024-01-03,102,103,,91,2500'), 4, 'low').message).toContain('missing value');
  });

  it('non-positive price', () => {
    expect(failure(withRow(1, '2024-01-01,0,110,95,105,1000'), 2, 'open').message).toContain('> 0');
    failure(withRow(3, '2024-01-03,-1,103,90,91,2500'), 4, 'open');
    failure(['date,open,high,low,close', '2024-01-01,0,0,0,0'], 2, 'open');
  });

  it('negative volume (zero is fine)', () => {
    expect(failure(withRow(2, '2024-01-02,105,108,101,102,-1'), 3, 'volume').message).toContain('>= 0');
  });

  it('high below low', () => {
    expect(failure(withRow(2, '2024-01-02,105,100,101,102,0'), 3, 'high').message).toContain('below low');
  });

  it('open or close outside [low, high]', () => {
    expect(failure(withRow(2, '2024-01-02,109,108,101,102,0'), 3, 'open').message).toContain('outside');
    failure(withRow(2, '2024-01-02,100,108,101,102,0'), 3, 'open');
    failure(withRow(2, '2024-01-02,105,108,101,100,0'), 3, 'close');
    failure(withRow(2, '2024-01-02,105,108,101,108.5,0'), 3, 'close');
  });

  it('dates not strictly increasing, and duplicates', () => {
    const back = failure(withRow(3, '2023-12-31,102,103,90,91,2500'), 4, 'date');
    expect(back.message).toContain('strictly increasing');
    expect(back.message).toContain('line 3');
    const dup = failure(withRow(3, '2024-01-02,102,103,90,91,2500'), 4, 'date');
    expect(dup.message).toContain('duplicate date');
    // same instant written two ways is a duplicate too
    failure(withRow(3, '2024-01-02T00:00:00Z,102,103,90,91,2500'), 4, 'date');
  });

  it('long format: each symbol must increase on its own', () => {
    const lines = [
      'symbol,date,open,high,low,close',
      'ETH,2024-01-02,10,11,9,10.5',
      'BTC,2024-01-01,100,110,95,105',
      'ETH,2024-01-01,10.5,12,10,11',
    ];
    expect(failure(lines, 4, 'date').message).toContain('symbol ETH');
    expect(failure(['symbol,date,open,high,low,close', ' ,2024-01-01,1,1,1,1'], 2, 'symbol').message).toContain('missing');
  });

  it('long format: the symbol option must exist in the file', () => {
    expect(() => parse(['symbol,date,open,high,low,close', 'ETH,2024-01-02,10,11,9,10.5'], 'BTC')).toThrow(
      /data\/btc\.csv: symbol: no rows for symbol "BTC"; the file has ETH/,
    );
  });

  it('unparseable dates', () => {
    for (const bad of ['2024-13-01', '2023-02-29', '01/02/2024', '2024-1-2', 'yesterday', '2024-01-01T25:00:00Z', '1704067200']) {
      expect(failure(withRow(1, `${bad},100,110,95,105,1000`), 2, 'date').message).toContain(bad);
    }
    expect(failure(withRow(1, ',100,110,95,105,1000'), 2, 'date').message).toContain('missing value');
    expect(failure(['time,open,high,low,close', 'x,1,1,1,1'], 2, 'time').message).toContain('unix milliseconds');
  });

  it('missing required column, on line 1, naming it', () => {
    const err = failure(['date,open,high,close', '2024-01-01,1,1,1'], 1, 'low');
    expect(err.message).toContain('missing required column low');
    failure(['day,open,high,low,close', '2024-01-01,1,1,1,1'], 1, 'date');
  });

  it('wide close-only files are rejected with a clear message', () => {
    const err = failure(['date,btc,eth', '2024-01-01,40000,2000'], 1, 'open');
    expect(err.message).toContain('wide close-only file');
  });

  it('ambiguous or repeated columns', () => {
    expect(failure(['date,time,open,high,low,close', '2024-01-01,00:00,1,1,1,1'], 1, 'date').message).toContain('several date columns');
    expect(failure(['date,open,high,low,close,close', '2024-01-01,1,1,1,1,1'], 1, 'close').message).toContain('twice');
  });

  it('empty file and header only', () => {
    expect(failure('', 1, undefined).message).toContain('empty file');
    failure('\n\r\n', 1, undefined);
    failure('\ufeff', 1, undefined);
    expect(failure(HEADER + '\n', 1, undefined).message).toContain('no data rows');
    failure(HEADER + '\n\n\n', 1, undefined);
  });

  it('ragged rows and blank lines inside the data', () => {
    expect(failure(withRow(2, '2024-01-02,105,108,101'), 3, 'close').message).toContain('missing field');
    expect(failure(withRow(2, '2024-01-02,105,108,101,102,0,7'), 3, 'field 7').message).toContain('extra field');
    expect(failure(withRow(2, ''), 3, undefined).message).toContain('blank line');
  });

  it('counts physical lines across quoted line breaks', () => {
    const lines = ['date,open,high,low,close,note', '2024-01-01,1,1,1,1,"two\nlines"', '2024-01-02,1,1,1,x,ok'];
    failure(lines, 4, 'close');
    expect(failure(['date,open,high,low,close', '2024-01-01,1,1,1,"1'], 2, undefined).message).toContain('unterminated');
  });
});
