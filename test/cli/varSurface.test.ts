// `dynamargin var --surface surface.json --surface-dynamics ...` (in process through main).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exampleSurface } from '../../src/surface/exampleSurface.js';
import { runMain } from './runCli.js';

const dir = mkdtempSync(join(tmpdir(), 'dynamargin-var-surface-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fx = JSON.parse(readFileSync(new URL('../fixtures/var_pipeline.json', import.meta.url), 'utf8'));

function json(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

const market = json('market.json', fx.market);
// BTC options without iv: valued on the surface
const noIv = { ...fx.portfolio, instruments: fx.portfolio.instruments.map((i: Record<string, unknown>) => (i.underlying === 'BTC' && i.kind === 'option' ? { ...i, iv: undefined } : i)) };
const portfolio = json('portfolio.json', noIv);
const surfaces = [{ underlying: 'BTC', slices: exampleSurface(0.55) }, { underlying: 'ETH', slices: exampleSurface(0.7) }];
const surface = json('surface.json', { asOf: fx.market.asOf, surfaces, fit: [{ underlying: 'BTC', rmse: 0.001 }] });
const base = ['var', '--market', market, '--portfolio', portfolio, '--scenarios', '2000', '--threads', '1'];

describe('dynamargin var --surface', () => {
  it('values options without iv on the surface, sticky strike by default; sticky moneyness differs', async () => {
    const strike = await runMain(...base, '--surface', surface);
    expect(strike.code, strike.stderr).toBe(0);
    const a = JSON.parse(strike.stdout);
    expect(a.meta.surfaceDynamics).toBe('sticky-strike');
    const moneyness = await runMain(...base, '--surface', surface, '--surface-dynamics', 'sticky-moneyness');
    expect(moneyness.code, moneyness.stderr).toBe(0);
    const b = JSON.parse(moneyness.stdout);
    expect(b.meta.surfaceDynamics).toBe('sticky-moneyness');
    expect(b.accounts.map((x: { var: number }) => x.var)).not.toEqual(a.accounts.map((x: { var: number }) => x.var));
  });

  it('gives the same figures as the surface written in market.json', async () => {
    const inline = json('market-surface.json', { ...fx.market, underlyings: fx.market.underlyings.map((u: { symbol: string }) => ({ ...u, ...(u.symbol === 'BTC' ? { surface: { slices: surfaces[0].slices } } : {}), ...(u.symbol === 'ETH' ? { surface: { slices: surfaces[1].slices } } : {}) })) });
    const [file, merged] = await Promise.all([
      runMain('var', '--market', inline, '--portfolio', portfolio, '--scenarios', '2000', '--threads', '1', '--surface-dynamics', 'sticky-moneyness'),
      runMain(...base, '--surface', surface, '--surface-dynamics', 'sticky-moneyness'),
    ]);
    expect(file.code, file.stderr).toBe(0);
    expect(JSON.parse(file.stdout).accounts).toEqual(JSON.parse(merged.stdout).accounts);
  });

  it('without a surface, names the option that has no iv', async () => {
    const r = await runMain(...base);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/portfolio\.json: instruments\[\d+\]\.iv: missing required field \(option "BTC-[^"]+": give iv, or a surface for "BTC" in the market\)/);
  });

  it('rejects an underlying the market does not have, listing those it has', async () => {
    const bad = json('bad-surface.json', { surfaces: [{ underlying: 'DOGE', slices: exampleSurface(0.9) }] });
    const r = await runMain(...base, '--surface', bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad-surface.json: surfaces[0].underlying: unknown underlying "DOGE"; the market has BTC, ETH, C002, C003, C004, C005');
  });

  it('checks the slices of surface.json like market.json\'s', async () => {
    const slices = exampleSurface(0.55);
    slices[1] = { ...slices[1], b: 1.8 };
    const r = await runMain(...base, '--surface', json('lee.json', { surfaces: [{ underlying: 'BTC', slices }] }));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('lee.json: surfaces[0].slices[1].b: wing slope');
  });

  it('--vol-shock-by-expiry paradex scales --vol-shock by days to expiry (more for short expiries)', async () => {
    const [plain, scaled] = await Promise.all([
      runMain(...base, '--surface', surface, '--vol-shock', '0.4'),
      runMain(...base, '--surface', surface, '--vol-shock', '0.4', '--vol-shock-by-expiry', 'paradex'),
    ]);
    expect(scaled.code, scaled.stderr).toBe(0);
    expect(JSON.parse(scaled.stdout).accounts).not.toEqual(JSON.parse(plain.stdout).accounts);
  });

  it('refuses an unknown --surface-dynamics', async () => {
    const r = await runMain(...base, '--surface', surface, '--surface-dynamics', 'sticky-delta');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--surface-dynamics.*sticky-strike, sticky-moneyness/);
  });
});
