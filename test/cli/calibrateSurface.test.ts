// `dynamargin calibrate --surface surface.json --surface-dynamics ...` (in process through main).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticPrices } from '../../src/data/syntheticMarket.js';
import { writePriceCsv } from '../../src/io/writePriceCsv.js';
import { exampleSurface } from '../../src/surface/exampleSurface.js';
import { runMain } from './runCli.js';

const dir = mkdtempSync(join(tmpdir(), 'dynamargin-calibrate-surface-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const [btc] = syntheticPrices({ symbols: ['BTC'], days: 400 });
const prices = file('btc.csv', writePriceCsv(btc));
const spot = btc.close[btc.close.length - 1];
const portfolio = file('book.json', JSON.stringify({
  instruments: [{ id: 'P', kind: 'option', underlying: 'BTC', right: 'put', strike: 0.9 * spot, expiryDays: 30 }, { id: 'F', kind: 'perpetual', underlying: 'BTC' }],
  accounts: [{ id: 'a', collateral: { USD: 1e6 }, positions: [{ instrument: 'P', quantity: -20 }, { instrument: 'F', quantity: -3 }] }],
}));
const surface = file('surface.json', JSON.stringify({ surfaces: [{ underlying: 'BTC', slices: exampleSurface(0.6) }] }));
const run = (out: string, ...extra: string[]) => runMain('calibrate', '--prices', `BTC=${prices}`, '--portfolio', portfolio, '--scenarios', '2000', '--threads', '1', '--out', join(dir, out), ...extra);

describe('dynamargin calibrate --surface', () => {
  it('margins a book whose options take their vol from the surface, under either dynamics', async () => {
    const strike = await run('strike', '--surface', surface);
    expect(strike.code, strike.stderr).toBe(0);
    const moneyness = await run('moneyness', '--surface', surface, '--surface-dynamics', 'sticky-moneyness');
    expect(moneyness.code, moneyness.stderr).toBe(0);
    const report = (out: string) => JSON.parse(readFileSync(join(dir, out, 'report.json'), 'utf8'));
    expect(report('moneyness').meta.options.surfaceDynamics).toBe('sticky-moneyness');
    expect(report('strike').meta.inputs.map((i: { name: string }) => i.name)).toContain(surface);
    expect(report('moneyness').book.risk.accounts[0].var).not.toBe(report('strike').book.risk.accounts[0].var);
  });
  it('without --surface the option with no iv is an error naming it', async () => {
    const r = await run('none');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('instruments[0].iv: missing required field (option "P"');
  });
  it('--surface is refused with --optimize (unused)', async () => {
    const r = await runMain('calibrate', '--optimize', '--prices', prices, '--surface', surface, '--out', join(dir, 'opt'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--surface: is not used by --optimize');
  });
});
