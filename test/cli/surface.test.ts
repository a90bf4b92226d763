// Issue #15 A: `dynamargin surface --quotes quotes.csv --out surface.json`.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SurfaceFileSchema } from '../../src/surface/surfaceSchema.js';
import { runMain } from './runCli.js';
import { CHAIN, chainQuotes } from '../surface/sviTestData.js';

const dir = mkdtempSync(join(tmpdir(), 'dynamargin-surface-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function quotesFile(name: string, slices: Parameters<typeof chainQuotes>[0]): string {
  const rows = chainQuotes(slices).map((q) => `${q.underlying},${q.expiryDays},${q.strike},${q.forward},${q.iv}`);
  const path = join(dir, name);
  writeFileSync(path, `underlying,expiry_days,strike,forward,iv\n${rows.join('\n')}\n`);
  return path;
}

describe('dynamargin surface', () => {
  it('fits the chain, writes surface.json in the shared format and prints the per-expiry table', async () => {
    const quotes = quotesFile('q.csv', CHAIN);
    const out = join(dir, 'surface.json');
    const r = await runMain('surface', '--quotes', quotes, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^underlying\s+expiry\s+model\s+quotes\s+rmse \(vol pts\)\s+max \|err\| \(vol pts\)\s+arbitrage\nBTC\s+30 d\s+svi\s+30\s+0\.000\s+0\.000\s+ok\n/);
    expect(r.stdout).toMatch(/arbitrage checks passed .*; wrote .*surface\.json\n$/);
    const file = SurfaceFileSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(file.surfaces[0].slices.map((s) => s.expiryDays)).toEqual([30, 60, 90, 180]);
    expect(file.fit).toHaveLength(4);
  });
  it('--model ssvi --format json', async () => {
    const out = join(dir, 'ssvi.json');
    const r = await runMain('surface', '--quotes', quotesFile('q2.csv', CHAIN), '--out', out, '--model', 'ssvi', '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { out: string; fit: { model: string }[]; violations: string[] };
    expect(summary.out).toBe(out);
    expect(summary.violations).toEqual([]);
    expect(summary.fit.every((f) => f.model === 'ssvi')).toBe(true);
  });
  it('exit 2 and nothing written when the fit has calendar arbitrage', async () => {
    const out = join(dir, 'bad.json');
    const r = await runMain('surface', '--quotes', quotesFile('cross.csv', [CHAIN[0], { ...CHAIN[1], a: 0, b: 0.12, sigma: 0.05 }]), '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: surface BTC: calendar arbitrage between 30 d and 60 d expiries: total variance falls from/);
    expect(r.stdout).toMatch(/ARBITRAGE/);
    expect(existsSync(out)).toBe(false);
  });
  it('exit 2 naming file, row and field for bad input', async () => {
    const path = join(dir, 'bad.csv');
    writeFileSync(path, 'underlying,expiry_days,strike,forward,iv\nBTC,30,60000,60000,-0.5\n');
    const r = await runMain('surface', '--quotes', path, '--out', join(dir, 'x.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${path}:2: iv: must be a volatility in (0, 20] as a fraction (0.55 = 55%); got -0.5\n`);
    expect((await runMain('surface', '--quotes', join(dir, 'none.csv'), '--out', join(dir, 'x.json'))).stderr).toMatch(/none\.csv: file not found/);
  });
});
