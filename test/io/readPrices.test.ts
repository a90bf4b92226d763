import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { readPriceFiles } from '../../src/io/readPrices.js';
import { writeFileAtomic } from '../../src/io/writeFileAtomic.js';

const dir = mkdtempSync(join(tmpdir(), 'dynamargin-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const ONE = 'date,open,high,low,close\n2024-01-01,1,2,0.5,1.5\n2024-01-02,1.5,2,1,1.25\n';
const LONG_A = 'symbol,date,open,high,low,close\nBTC,2024-01-01,1,2,0.5,1.5\nETH,2024-01-01,1,1,1,1\n';
const LONG_B = 'symbol,date,open,high,low,close\nSOL,2024-01-01,1,2,0.5,1.5\n';

describe('readPriceFiles', () => {
  it('reads one-asset files, symbols from file names, in order', async () => {
    const series = await readPriceFiles([file('btc.csv', ONE), file('eth-usd.csv', ONE)]);
    expect(series.map((s) => s.symbol)).toEqual(['BTC', 'ETH-USD']);
    expect(series[1].source).toBe(join(dir, 'eth-usd.csv'));
  });

  it('--symbol names a single one-asset file', async () => {
    expect((await readPriceFiles([file('a.csv', ONE)], { symbol: 'XBT' }))[0].symbol).toBe('XBT');
  });

  it('--symbol with several one-asset files is an error', async () => {
    const err = await readPriceFiles([file('a.csv', ONE), file('b.csv', ONE)], { symbol: 'X' }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/^--symbol: names one series/);
  });

  it('--symbol picks one symbol out of several long-format files', async () => {
    const paths = [file('la.csv', LONG_A), file('lb.csv', LONG_B)];
    expect((await readPriceFiles(paths)).map((s) => s.symbol)).toEqual(['BTC', 'ETH', 'SOL']);
    const picked = await readPriceFiles(paths, { symbol: 'sol' });
    expect(picked.map((s) => [s.symbol, s.source])).toEqual([['SOL', paths[1]]]);
    await expect(readPriceFiles(paths, { symbol: 'DOGE' })).rejects.toThrow(/no rows for symbol "DOGE"/);
  });

  it('the same symbol twice is an error naming both files', async () => {
    const a = file('dup.csv', ONE);
    const b = join(dir, 'sub-dup.csv');
    writeFileSync(b, 'symbol,date,open,high,low,close\nDUP,2024-01-01,1,1,1,1\n');
    const err = await readPriceFiles([a, b]).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toBe(`${b}: symbol: symbol DUP is also in ${a}; every series needs a distinct symbol (rename a file or use --symbol)`);
  });

  it('a missing file or a folder is an InputError naming it', async () => {
    const missing = join(dir, 'nope.csv');
    await expect(readPriceFiles([missing])).rejects.toThrow(`${missing}: cannot read file: no such file`);
    await expect(readPriceFiles([dir])).rejects.toThrow(`${dir}: cannot read file: is a directory`);
    await expect(readPriceFiles([])).rejects.toThrow(/at least one price file/);
  });

  it('parse errors carry the path as given', async () => {
    const bad = file('bad.csv', 'date,open,high,low,close\n2024-01-01,1,2,0.5,1.5\n2024-01-01,1,2,0.5,1.5\n');
    await expect(readPriceFiles([bad])).rejects.toThrow(`${bad}:3: date: duplicate date`);
  });
});

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temporary file', async () => {
    const path = join(dir, 'out', 'result.json');
    await expect(writeFileAtomic(path, 'x')).rejects.toThrow(`${path}: cannot write: the folder does not exist`);
    const target = join(dir, 'result.json');
    await writeFileAtomic(target, 'first');
    await writeFileAtomic(target, 'second');
    expect(readFileSync(target, 'utf8')).toBe('second');
    expect(readdirSync(dir).filter((f) => f.includes('result.json'))).toEqual(['result.json']);
  });
});

// The real market files described in /work/shared/data/SOURCES.md. Outside this machine the folder
// does not exist and this block is skipped (runtime check, not a silent pass).
const SHARED = '/work/shared/data';
describe.runIf(existsSync(SHARED))('real data files in /work/shared/data', () => {
  const csvs = existsSync(SHARED) ? readdirSync(SHARED).filter((f) => f.endsWith('.csv')).sort() : [];

  it('every OHLC file loads with its documented row count; the wide close-only file is rejected', async () => {
    expect(csvs.length).toBeGreaterThanOrEqual(19);
    const wide = 'crypto-close-daily-wide.csv';
    const ohlc = csvs.filter((f) => f !== wide).map((f) => join(SHARED, f));
    const series = await readPriceFiles(ohlc);
    expect(series.length).toBe(ohlc.length);
    for (const s of series) {
      expect(s.close.length).toBeGreaterThan(1000);
      expect(s.times.every((t, i) => i === 0 || t > s.times[i - 1])).toBe(true);
    }
    const bySymbol = new Map(series.map((s) => [s.symbol, s]));
    // Row counts and values from SOURCES.md (its tables and sanity-check values).
    expect(bySymbol.get('BTC-USD-DAILY')!.close.length).toBe(3735);
    expect(bySymbol.get('SPX-DAILY')!.close.length).toBe(10512);
    expect(bySymbol.get('BTCUSDT-PERP-BINANCE-1H')!.close.length).toBe(33332);
    expect(bySymbol.get('BTC-DVOL-DAILY')!.volume).toBeUndefined();
    const btc = bySymbol.get('BTC-USD-DAILY')!;
    const i = btc.dates.indexOf('2020-03-12');
    expect(btc.close[i]).toBeCloseTo(4970.79, 2);
    expect(btc.times[i]).toBe(18_333 * 86_400_000);
    const hourly = bySymbol.get('BTCUSDT-PERP-BINANCE-1H')!;
    expect(hourly.dates[0]).toBe('2019-09-10T00:00:00Z');
    expect(hourly.times[1] - hourly.times[0]).toBe(3_600_000);

    await expect(readPriceFiles([join(SHARED, wide)])).rejects.toThrow(/:1: open: missing required columns open, high, low, close; this looks like a wide close-only file/);
  });
});
