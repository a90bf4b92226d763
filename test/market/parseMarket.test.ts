import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMarket } from '../../src/market/parseMarket.js';
import { readMarketFile } from '../../src/market/readMarketFile.js';
import { MarketFileSchema } from '../../src/market/schema.js';
import { InputError } from '../../src/errors.js';
import { threeCoinMarket } from '../testData.js';
import * as z from 'zod';

const good = threeCoinMarket;

function expectError(json: unknown, message: string): void {
  expect(() => parseMarket(json, 'market.json')).toThrow(InputError);
  expect(() => parseMarket(json, 'market.json')).toThrow(message);
}

describe('parseMarket', () => {
  it('normalizes a valid market', () => {
    const m = parseMarket(good(), 'market.json');
    expect(m.asOf).toBe('2026-11-20T00:00:00Z');
    expect(m.asOfMs).toBe(Date.UTC(2026, 10, 20));
    expect(m.rate).toBe(0.01);
    expect(m.symbols).toEqual(['BTC', 'ETH', 'SOL']);
    expect(Array.from(m.spot)).toEqual([91000, 3100, 150]);
    expect(Array.from(m.vol)).toEqual([0.55, 0.7, 0.9]);
    expect(Array.from(m.correlation)).toEqual([1, 0.8, 0.7, 0.8, 1, 0.75, 0.7, 0.75, 1]);
  });

  it('defaults rate to 0', () => {
    const j: Record<string, unknown> = good();
    delete j.rate;
    expect(parseMarket(j, 'm').rate).toBe(0);
  });

  it('rejects missing fields and wrong types with the JSON path', () => {
    const a: Record<string, unknown> = good();
    delete a.asOf;
    expectError(a, 'market.json: asOf: missing required field');
    const b = good();
    (b.underlyings[1] as Record<string, unknown>).spot = '3100';
    expectError(b, 'market.json: underlyings[1].spot: must be a number; got "3100"');
    const c = good();
    c.underlyings[2].vol = -0.1;
    expectError(c, 'market.json: underlyings[2].vol: must be >= 0; got -0.1');
    const d = good();
    c.underlyings[0].spot = 0;
    expectError(c, 'underlyings[0].spot: must be > 0; got 0');
    (d as Record<string, unknown>).extra = 1;
    expectError(d, 'market.json: extra: unknown field');
    expectError([], 'market.json: (root): must be an object; got an array');
  });

  it('rejects a bad asOf', () => {
    const a = good();
    a.asOf = '2026-13-01';
    expectError(a, 'market.json: asOf: cannot parse "2026-13-01"');
  });

  it('rejects duplicate symbols', () => {
    const a = good();
    a.underlyings[2].symbol = 'BTC';
    expectError(a, 'market.json: underlyings[2].symbol: duplicate symbol "BTC" (also underlyings[0])');
  });

  it('rejects a correlation of the wrong shape', () => {
    const a = good();
    a.correlation.pop();
    expectError(a, 'market.json: correlation: must have 3 rows (one per underlying); got 2');
    const b = good();
    b.correlation[1] = [0.8, 1];
    expectError(b, 'market.json: correlation[1]: must have 3 entries (one per underlying); got 2');
    const c = good();
    (c.correlation[2] as unknown[])[0] = null;
    expectError(c, 'market.json: correlation[2][0]: must be a number; got null');
  });

  it('rejects invalid correlations naming the entry', () => {
    const a = good();
    a.correlation[0][2] = 0.5;
    expectError(a, 'market.json: correlation[0][2] = 0.5 but correlation[2][0] = 0.7: not symmetric (BTC, SOL)');
    const b = good();
    b.correlation[1][1] = 0.98;
    expectError(b, 'market.json: correlation[1][1] = 0.98: diagonal must be 1 (ETH)');
    const c = good();
    c.correlation[0][1] = c.correlation[1][0] = 0.9;
    c.correlation[0][2] = c.correlation[2][0] = 0.9;
    c.correlation[1][2] = c.correlation[2][1] = -0.5;
    expectError(c, 'market.json: correlation: not positive semi-definite: Cholesky pivot 2 (SOL) is');
    expectError(c, '; --repair-correlation (API: repairCorrelation: true) projects it onto the nearest correlation matrix');
  });

  it('exports a schema usable by z.toJSONSchema', () => {
    const schema = z.toJSONSchema(MarketFileSchema, { io: 'input' }) as { required?: string[] };
    expect(schema.required).toEqual(expect.arrayContaining(['asOf', 'underlyings', 'correlation']));
  });
});

describe('readMarketFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dynamargin-market-'));

  it('reads a file and names it in errors', async () => {
    const ok = join(dir, 'market.json');
    writeFileSync(ok, JSON.stringify(good()));
    expect((await readMarketFile(ok)).symbols).toEqual(['BTC', 'ETH', 'SOL']);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{\n  "asOf": "2026-11-20T00:00:00Z",\n  "rate": 0,,\n}');
    await expect(readMarketFile(bad)).rejects.toThrow(`${bad}:3:13: invalid JSON: expected a double-quoted property name`);
    await expect(readMarketFile(join(dir, 'missing.json'))).rejects.toThrow('missing.json: file not found');
  });
});
