// Issue #17.3: `--prices SYMBOL=FILE` names a price file's symbol (as `--implied SYMBOL=FILE`), so an
// implied series can be matched to a file named e.g. btc-usd-daily.csv.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMain } from './runCli.js';
import { parsePriceSpec, readPriceSpecs } from '../../src/cli/readPriceSpecs.js';
import { syntheticPrices } from '../../src/data/syntheticMarket.js';
import { writePriceCsv } from '../../src/io/writePriceCsv.js';

const dir = mkdtempSync(join(tmpdir(), 'dynamargin-specs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = runMain;

const [btc, eth] = syntheticPrices({ symbols: ['BTC', 'ETH'], days: 300 });
const btcFile = join(dir, 'btc-usd-daily.csv');
const ethFile = join(dir, 'eth.csv');
const dvolFile = join(dir, 'btc-dvol.csv');
writeFileSync(btcFile, writePriceCsv(btc));
writeFileSync(ethFile, writePriceCsv(eth));
const flat = (x: number) => btc.close.map(() => x);
writeFileSync(dvolFile, writePriceCsv({ ...btc, open: flat(150), high: flat(150), low: flat(150), close: flat(150) }));

describe('--prices SYMBOL=FILE (#17.3)', () => {
  it('parses SYMBOL=FILE, and leaves a plain path alone', () => {
    expect(parsePriceSpec('BTC=data/btc-usd-daily.csv')).toEqual({ symbol: 'BTC', file: 'data/btc-usd-daily.csv' });
    expect(parsePriceSpec('data/btc.csv')).toEqual({ file: 'data/btc.csv' });
    const odd = join(dir, 'a=b.csv'); // an existing file whose name has '=' stays a file
    writeFileSync(odd, writePriceCsv(btc));
    expect(parsePriceSpec(odd)).toEqual({ file: odd });
  });

  it('reads mapped and plain files in order, with the given symbols', async () => {
    const series = await readPriceSpecs([`BTC=${btcFile}`, ethFile]);
    expect(series.map((s) => s.symbol)).toEqual(['BTC', 'ETH']);
    expect(Array.from(series[0].close)).toEqual(Array.from(btc.close));
    await expect(readPriceSpecs([`ETH=${btcFile}`, ethFile])).rejects.toThrow(/symbol ETH is also in/);
  });

  it('backtest --prices BTC=btc-usd-daily.csv --implied BTC=dvol uses the implied series (the rates change)', async () => {
    const without = await run('backtest', '--prices', `BTC=${btcFile}`, '--threads', '1');
    const withImplied = await run('backtest', '--prices', `BTC=${btcFile}`, '--implied', `BTC=${dvolFile}`, '--threads', '1');
    expect(without.code, without.stderr).toBe(0);
    expect(withImplied.code, withImplied.stderr).toBe(0);
    const a = JSON.parse(without.stdout).assets[0];
    const b = JSON.parse(withImplied.stdout).assets[0];
    expect(a.symbol).toBe('BTC');
    // blended 50/50 with a flat 150% implied vol: vol = 0.5 realized + 0.5 * 1.5
    expect(b.current.vol).toBeCloseTo(0.5 * a.current.vol + 0.75, 12);
  });

  it('without the mapping, the unmatched --implied is an error that names the way out', async () => {
    const r = await run('backtest', '--prices', btcFile, '--implied', `BTC=${dvolFile}`, '--threads', '1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the price symbols are BTC-USD-DAILY \(name the price file's symbol with --prices BTC=FILE\)/);
  });
});
