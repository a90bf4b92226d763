// End-to-end tests of `dynamargin var` (spawns the built CLI; `npm test` builds first).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticPrices } from '../../src/data/syntheticMarket.js';
import { createEngine } from '../../src/engine.js';
import { writePriceCsv } from '../../src/io/writePriceCsv.js';
import { spawnCli } from './runCli.js';

const dir = mkdtempSync(join(tmpdir(), 'dynamargin-var-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fx = JSON.parse(readFileSync(new URL('../fixtures/var_pipeline.json', import.meta.url), 'utf8'));
const NO_STACK = /\n\s+at /;

const cli = (...argv: string[]) => spawnCli(dir, ...argv);

function json(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

const market = json('market.json', fx.market);
const portfolio = json('portfolio.json', fx.portfolio);

async function expectUsageError(argv: string[], pattern: RegExp): Promise<void> {
  const r = await cli(...argv);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(NO_STACK);
  expect(r.stdout).toBe('');
}

describe('dynamargin var (spawned)', () => {
  it('writes per-account VaR, ES, intervals, Greeks and meta as JSON', async () => {
    const r = await cli('var', '--market', market, '--portfolio', portfolio, '--scenarios', '2000', '--threads', '2');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.accounts).toHaveLength(fx.portfolio.accounts.length);
    const a = out.accounts[0];
    expect(a.id).toBe(fx.portfolio.accounts[0].id);
    expect(a.var).toBeGreaterThan(0);
    expect(a.es).toBeGreaterThan(0);
    expect(a.varCi[0]).toBeLessThanOrEqual(a.var);
    expect(a.varCi[1]).toBeGreaterThanOrEqual(a.var);
    expect(typeof a.greeks.deltaUsd).toBe('number');
    expect(out.instruments).toHaveLength(fx.portfolio.instruments.length);
    expect(Object.keys(out.instruments[0]).sort()).toEqual(['delta', 'gamma', 'id', 'theta', 'vega']);
    expect(out.meta).toMatchObject({ model: 'normal', scenarios: 2000, seed: 1, threads: 2, confidence: 0.99, esConfidence: 0.975, horizonDays: 1 });
    expect(out.meta.timings.loadMs).toBeGreaterThan(0);
    expect(out.meta.timings.computeMs).toBeGreaterThan(0);
    // every account's line (made as its group finished), in order: the library's figures
    const engine = await createEngine({ threads: 1 });
    try {
      const library = await engine.valueAtRisk(fx.portfolio, fx.market, { scenarios: 2000 });
      expect(JSON.stringify(out.accounts)).toBe(JSON.stringify(library.accounts));
    } finally {
      await engine.close();
    }
  });

  it('gives the same figures for 1 and 2 threads, as CSV to a file', async () => {
    const one = join(dir, 'one.csv');
    const two = join(dir, 'two.csv');
    const r1 = await cli('var', '--market', market, '--portfolio', portfolio, '--scenarios', '3000', '--threads', '1', '--format', 'csv', '--out', one);
    const r2 = await cli('var', '--market', market, '--portfolio', portfolio, '--scenarios', '3000', '--threads', '2', '--format', 'csv', '--out', two);
    expect(r1.code, r1.stderr).toBe(0);
    expect(r2.code, r2.stderr).toBe(0);
    expect(r1.stdout).toBe('');
    const text = readFileSync(one, 'utf8');
    expect(text.split('\n')[0]).toBe('id,var,es,varLo,varHi,esLo,esHi,deltaUsd,gammaUsd,vega,theta');
    expect(text.trim().split('\n')).toHaveLength(fx.portfolio.accounts.length + 1);
    expect(readFileSync(two, 'utf8')).toBe(text);
  });

  it('runs the parametric and Student-t models', async () => {
    for (const extra of [['--model', 'delta-normal'], ['--model', 'delta-gamma'], ['--model', 'student-t', '--dof', '5']]) {
      const r = await cli('var', '--market', market, '--portfolio', portfolio, '--scenarios', '2000', ...extra);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).meta.model).toBe(extra[1]);
    }
  });

  it('calibrates from price files and runs historical models', async () => {
    const series = syntheticPrices({ symbols: ['BTC', 'ETH'], days: 400 });
    const files = series.map((s) => {
      const path = join(dir, `${s.symbol.toLowerCase()}.csv`);
      writeFileSync(path, writePriceCsv(s));
      return path;
    });
    const book = json('pf-prices.json', {
      instruments: [
        { id: 'BTC-PERP', kind: 'perpetual', underlying: 'BTC' },
        { id: 'ETH-PERP', kind: 'perpetual', underlying: 'ETH' },
      ],
      accounts: [{ id: 'a', collateral: { USD: 1000 }, positions: [{ instrument: 'BTC-PERP', quantity: 1 }, { instrument: 'ETH-PERP', quantity: -2 }] }],
    });
    for (const model of ['normal', 'hs', 'fhs']) {
      const r = await cli('var', '--prices', ...files, '--portfolio', book, '--model', model, '--scenarios', '300', '--confidence', '0.99');
      expect(r.code, `${model}: ${r.stderr}`).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.accounts[0].var).toBeGreaterThan(0);
      expect(out.meta.model).toBe(model);
    }
    // hs with more scenarios than the history holds: fewer scenarios, said on stderr and in meta
    const closes = series[0].dates.length; // both series share their dates
    const short = await cli('var', '--prices', ...files, '--portfolio', book, '--model', 'hs', '--scenarios', '1000', '--horizon-days', '2');
    expect(short.code, short.stderr).toBe(0);
    const expected = `hs: ${closes - 2} scenarios, not the 1000 asked: the price history has ${closes} common closes; 1000 2-day returns need 1002`;
    expect(short.stderr).toContain(`warning: ${expected}`);
    const meta = JSON.parse(short.stdout).meta;
    expect(meta.scenarios).toBe(closes - 2);
    expect(meta.warnings).toEqual([expected]);
  });

  it('repairs an invalid correlation on request and reports how far it moved', async () => {
    const bad = structuredClone(fx.market);
    bad.correlation[0][1] = bad.correlation[1][0] = -0.99; // with the rest strongly positive: not PSD
    const badFile = json('bad-market.json', bad);
    await expectUsageError(['var', '--market', badFile, '--portfolio', portfolio], /bad-market\.json: correlation: not positive semi-definite: Cholesky pivot .*; --repair-correlation /);
    const r = await cli('var', '--market', badFile, '--portfolio', portfolio, '--repair-correlation', '--scenarios', '1000');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/note: correlation repaired \(Higham 2002\): Frobenius distance/);
    expect(JSON.parse(r.stdout).meta.correlationRepair.frobeniusDistance).toBeGreaterThan(0);
  });

  it('answers bad input with exit code 2 and a message naming the place', async () => {
    await expectUsageError(['var', '--market', market], /required option '--portfolio <file>' not specified/);
    await expectUsageError(['var', '--portfolio', portfolio], /--market: give --market FILE or --prices FILE/);
    await expectUsageError(['var', '--market', market, '--portfolio', portfolio, '--confidence', '1.5'], /--confidence: must be a number in \(0, 1\)/);
    await expectUsageError(['var', '--market', market, '--portfolio', portfolio, '--scenarios', '50'], /--scenarios: must be at least 100/);
    await expectUsageError(['var', '--market', market, '--portfolio', portfolio, '--horizon-days', '0'], /--horizon-days: must be a number of days/);
    await expectUsageError(['var', '--market', market, '--portfolio', portfolio, '--model', 'hs'], /hs model needs price histories/);
    await expectUsageError(['var', '--market', market, '--portfolio', portfolio, '--threads', '0'], /--threads: must be an integer >= 1/);
    await expectUsageError(['var', '--market', market, '--portfolio', portfolio, '--model', 'garch'], /argument 'garch' is invalid/);
    const unknown = structuredClone(fx.portfolio);
    unknown.accounts[4].positions[0].instrument = 'BTC-X';
    await expectUsageError(
      ['var', '--market', market, '--portfolio', json('unknown.json', unknown)],
      /unknown\.json: accounts\[4\]\.positions\[0\]\.instrument: unknown instrument "BTC-X"/,
    );
    await expectUsageError(['var', '--market', json('broken.json', '{\n  "asOf": 1,,\n}'), '--portfolio', portfolio], /broken\.json:2:\d+: invalid JSON/);
    await expectUsageError(['var', '--market', join(dir, 'missing.json'), '--portfolio', portfolio], /missing\.json: file not found/);
  });

  it('--help describes the options with examples', async () => {
    const r = await cli('var', '--help');
    expect(r.code).toBe(0);
    for (const flag of ['--market', '--prices', '--portfolio', '--scenarios', '--confidence', '--es-confidence', '--horizon-days', '--model', '--dof', '--seed', '--threads', '--format', '--out', '--repair-correlation']) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).toMatch(/Examples:/);
  });
});
