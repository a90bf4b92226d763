// Issue #17.8: backtest and stress print a summary table (--format table, the default on a
// terminal), JSON (the default otherwise) or CSV; calibrate --accounts-csv writes per account
// initial and maintenance margin, equity, status and amount called.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMain } from './runCli.js';
import { syntheticPrices } from '../../src/data/syntheticMarket.js';
import { writePriceCsv } from '../../src/io/writePriceCsv.js';

const dir = mkdtempSync(join(tmpdir(), 'dynamargin-formats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = runMain;

const [btc, eth] = syntheticPrices({ symbols: ['BTC', 'ETH'], days: 400 });
const files = ['btc.csv', 'eth.csv'].map((f) => join(dir, f));
writeFileSync(files[0], writePriceCsv(btc));
writeFileSync(files[1], writePriceCsv(eth));
const book = join(dir, 'book.json');
writeFileSync(book, JSON.stringify({
  instruments: [{ id: 'BTC-PERP', kind: 'perpetual', underlying: 'BTC' }, { id: 'ETH-PERP', kind: 'perpetual', underlying: 'ETH' }],
  accounts: [
    { id: 'rich', collateral: { USDC: 1_000_000 }, positions: [{ instrument: 'BTC-PERP', quantity: 1 }] },
    { id: 'thin, "quoted"', collateral: { USDC: 100 }, positions: [{ instrument: 'ETH-PERP', quantity: -20 }] },
    { id: 'mid', collateral: { USDT: 9_000 }, positions: [{ instrument: 'BTC-PERP', quantity: 0.5 }, { instrument: 'ETH-PERP', quantity: 3 }] },
  ],
}));

/** Minimal CSV reader for the test (quoted fields with doubled quotes). */
function parseCsv(text: string): string[][] {
  return text.trim().split('\n').map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].slice(0, -1).map((m) => (m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1])));
}

describe('backtest and stress formats (#17.8)', () => {
  const common = ['--prices', ...files, '--threads', '1'];

  it('backtest: JSON when not on a terminal, a table or CSV when asked, the same figures', async () => {
    const json = await run('backtest', ...common);
    expect(json.code, json.stderr).toBe(0);
    const assets = JSON.parse(json.stdout).assets as { symbol: string; current: { rateLong: number }; backtest: { exceptions: number; observations: number; zone: string } }[];
    const table = await run('backtest', ...common, '--format', 'table');
    expect(table.code).toBe(0);
    const lines = table.stdout.split('\n');
    const head = lines.findIndex((l) => /^asset\s+vol\s+regime\s+rate long/.test(l));
    expect(head).toBeGreaterThan(0);
    for (const [i, a] of assets.entries()) {
      expect(lines[head + 1 + i]).toMatch(new RegExp(`^${a.symbol}\\s.*\\s${a.backtest.exceptions}/${a.backtest.observations}\\s.*\\s${a.backtest.zone}\\s`));
      expect(lines[head + 1 + i]).toContain(`${(100 * a.current.rateLong).toFixed(2)}%`);
    }
    const csv = parseCsv((await run('backtest', ...common, '--format', 'csv')).stdout);
    expect(csv[0].slice(0, 6)).toEqual(['symbol', 'date', 'vol', 'regime', 'rateLong', 'rateShort']);
    expect(csv.slice(1).map((r) => [r[0], Number(r[4])])).toEqual(assets.map((a) => [a.symbol, a.current.rateLong]));
  });

  it('stress: per account worst loss and shortfall = max(0, worst loss - collateral), as CSV and as a table', async () => {
    const csv = parseCsv((await run('stress', ...common, '--portfolio', book, '--format', 'csv')).stdout);
    expect(csv[0]).toEqual(['id', 'worstLoss', 'worstScenario', 'collateral', 'shortfall', 'historicalWorstLoss', 'historicalShortfall']);
    expect(csv.slice(1).map((r) => r[0])).toEqual(['rich', 'thin, "quoted"', 'mid']);
    for (const r of csv.slice(1)) expect(Number(r[4])).toBeCloseTo(Math.max(0, Number(r[1]) - Number(r[3])), 6);
    const table = await run('stress', ...common, '--portfolio', book, '--format', 'table');
    expect(table.stdout).toMatch(/^account\s+worst loss\s+scenario/);
    expect(table.stdout).toMatch(/Cover 2: /);
    expect(() => JSON.parse(table.stdout)).toThrow();
  });

  it('an unknown format is exit code 2 naming the choices', async () => {
    const r = await run('backtest', ...common, '--format', 'xml');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Allowed choices are json, csv, table/);
  });
});

describe('calibrate --accounts-csv (#17.8)', () => {
  it('writes initial and maintenance margin, equity, status and amount called, as report.json has them', async () => {
    const out = join(dir, 'report');
    const csvFile = join(dir, 'accounts.csv');
    const r = await run('calibrate', '--prices', ...files, '--portfolio', book, '--scenarios', '2000', '--threads', '1', '--out', out, '--accounts-csv', csvFile);
    expect(r.code, r.stderr).toBe(0);
    const rows = parseCsv(readFileSync(csvFile, 'utf8'));
    expect(rows[0]).toEqual(['id', 'initialMarginUsd', 'maintenanceMarginUsd', 'equityUsd', 'collateralValueUsd', 'status', 'amountCalledUsd']);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(rows.length - 1).toBe(report.book.accounts.length);
    for (const [i, a] of (report.book.accounts as { accountId: string; initialMarginUsd: number; maintenanceMarginUsd: number; equityUsd: number; health: { status: string } }[]).entries()) {
      const [id, im, mm, eq, , status, called] = rows[i + 1];
      expect(id).toBe(a.accountId);
      expect(Number(im)).toBe(a.initialMarginUsd);
      expect(Number(mm)).toBe(a.maintenanceMarginUsd);
      expect(Number(eq)).toBe(a.equityUsd);
      expect(status).toBe(a.health.status);
      // called: what restores equity to initial margin, 0 when healthy
      expect(Number(called)).toBeCloseTo(status === 'healthy' ? 0 : a.initialMarginUsd - a.equityUsd, 6);
    }
    expect(rows.slice(1).some((r) => r[5] !== 'healthy')).toBe(true);
  });

  it('without a book it is exit code 2 naming --portfolio', async () => {
    const r = await run('calibrate', '--prices', ...files, '--threads', '1', '--out', join(dir, 'r2'), '--accounts-csv', join(dir, 'x.csv'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--accounts-csv: needs a book: give --portfolio FILE/);
  });
});
