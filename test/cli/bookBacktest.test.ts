// End-to-end: `dynamargin backtest-book` (spawned; needs the build, which `npm test` runs first):
// the per-book table, the --out JSON matching it, and bad input as exit code 2 naming file and field.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticPrices } from '../../src/data/syntheticMarket.js';
import { writePriceCsv } from '../../src/io/writePriceCsv.js';
import { spawnCli } from './runCli.js';

const dir = mkdtempSync(join(tmpdir(), 'dynamargin-book-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...argv: string[]) => spawnCli(dir, ...argv);

const [btc, eth] = syntheticPrices({ symbols: ['BTC', 'ETH'], days: 460 });
writeFileSync(join(dir, 'btc.csv'), writePriceCsv([btc]));
writeFileSync(join(dir, 'eth.csv'), writePriceCsv([eth]));
const iv = Float64Array.from(btc.close, (_, t) => 60 + 10 * Math.sin(t / 7));
writeFileSync(join(dir, 'btc-iv.csv'), writePriceCsv([{ ...btc, open: iv, high: iv, low: iv, close: iv }]));
const book = {
  books: [
    { id: 'pair', positions: [{ underlying: 'BTC', kind: 'perpetual', notionalUsd: 1e6 }, { underlying: 'ETH', kind: 'perpetual', notionalUsd: -5e5 }] },
    { id: 'short-put', positions: [{ underlying: 'BTC', kind: 'option', right: 'put', moneyness: 0.9, expiryDays: 30, notionalUsd: -1e6 }] },
  ],
};
writeFileSync(join(dir, 'book.json'), JSON.stringify(book));

describe('dynamargin backtest-book', () => {
  it('prints one row per book and writes the daily VaR, ES and P&L', async () => {
    const r = await cli('backtest-book', '--book', 'book.json', '--prices', 'BTC=btc.csv', 'ETH=eth.csv', '--implied', 'BTC=btc-iv.csv', '--scenarios', '2000', '--threads', '1', '--out', 'out.json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
    expect(out.books.map((b: { id: string }) => b.id)).toEqual(['pair', 'short-put']);
    expect(out.days).toBe(460 - 1 - 365);
    for (const b of out.books) {
      expect(b.var).toHaveLength(out.days);
      const row = r.stdout.split('\n').find((l) => l.startsWith(b.id))!;
      expect(row).toContain(`${b.coverage.exceptions}/${out.days}`);
      expect(row).toContain(b.coverage.zone);
    }
    expect(r.stdout).toMatch(/ms per backtested day/);
  });

  it('bad input is exit code 2 naming the file and field, without a stack trace', async () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ books: [{ id: 'x', positions: [{ underlying: 'BTC', kind: 'perpetual', notionalUsd: 'lots' }] }] }));
    const cases = [
      [['--book', 'bad.json', '--prices', 'BTC=btc.csv'], /bad\.json.*books\[0\]\.positions\[0\]\.notionalUsd/],
      [['--book', 'book.json', '--prices', 'btc.csv'], /--prices.*expected SYMBOL=FILE; got "btc\.csv"/],
      [['--book', 'book.json', '--prices', 'BTC=btc.csv', 'ETH=eth.csv'], /option on "BTC" needs its implied vol \(--implied BTC=FILE\)/],
      [['--book', 'book.json', '--prices', 'BTC=btc.csv', 'ETH=eth.csv', '--implied', 'SOL=btc-iv.csv'], /btc-iv\.csv: symbol: no rows for symbol "SOL"; the file has BTC/],
      [['--book', 'missing.json', '--prices', 'BTC=btc.csv'], /missing\.json.*file not found/],
    ] as const;
    for (const [args, message] of cases) {
      const r = await cli('backtest-book', ...args, '--threads', '1');
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
