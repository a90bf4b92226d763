// The fuzz tests' contract checks can fail: each flags a hand-made violation.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseMarket } from '../../src/market/parseMarket.js';
import { parsePortfolio } from '../../src/portfolio/parsePortfolio.js';
import { syntheticPrices } from '../../src/data/syntheticMarket.js';
import { atPath, checkCsvError, checkJsonError, checkMarket, checkPortfolio, checkPriceSeries } from './checks.js';
import { fuzzLoop } from './fuzzLoop.js';

const market = () => parseMarket({ asOf: '2026-11-20', underlyings: [{ symbol: 'A', spot: 1, vol: 0.5 }, { symbol: 'B', spot: 2, vol: 0.5 }], correlation: [[1, 0.5], [0.5, 1]] }, 'm.json');

describe('fuzz contract checks', () => {
  it('CSV errors must carry the file and a line inside the text', () => {
    const text = 'a\nb\nc';
    expect(checkCsvError(new InputError('bad', { file: 'x.csv', line: 2, column: 'open' }), 'x.csv', text)).toEqual([]);
    expect(checkCsvError(new InputError('bad', { file: 'x.csv', line: 4 }), 'x.csv', text)).toHaveLength(1);
    expect(checkCsvError(new InputError('bad', { file: 'x.csv' }), 'x.csv', text)).toHaveLength(1);
    expect(checkCsvError(new InputError('bad', { file: 'y.csv', line: 1 }), 'x.csv', text)).toEqual(['file is y.csv', 'message does not start with file:line']);
    expect(checkCsvError(new InputError('got undefined', { file: 'x.csv', line: 1 }), 'x.csv', text)).toHaveLength(1);
  });

  it('JSON errors must carry a line (syntax) or a JSON path whose parent exists', () => {
    const doc = { a: [{ b: 1 }] };
    const ok = (e: InputError, allow: string[] = []) => checkJsonError(e, 'd.json', '', doc, allow);
    expect(ok(new InputError('missing required field', { file: 'd.json', column: 'a[0].c' }))).toEqual([]);
    expect(ok(new InputError('correlation[0][1] = 2: must be in [-1, 1]', { file: 'd.json' }))).toEqual(['path correlation[0][1]: parent not in the document']);
    expect(ok(new InputError('a[0] = 2: bad', { file: 'd.json' }))).toEqual([]);
    expect(ok(new InputError('no place at all', { file: 'd.json' }))).toEqual(['names no JSON path']);
    expect(ok(new InputError('no place at all', { file: 'd.json' }), ['no place'])).toEqual([]);
    expect(ok(new InputError('bad', { file: 'd.json', column: 'a[3].b' }))).toHaveLength(1);
    expect(ok(new InputError('bad', { file: 'd.json', column: 'not a path!' }))).toHaveLength(1);
    expect(atPath({ x: { 'odd key': [5] } }, 'x["odd key"][0]')).toEqual({ found: true, value: 5 });
  });

  it('accepted results are checked field by field', () => {
    const [s] = syntheticPrices({ symbols: ['BTC'], days: 5 });
    s.source = 'f.csv';
    expect(checkPriceSeries([s], 'f.csv')).toEqual([]);
    const bad = { ...s, high: s.low.map((x) => x / 2), times: s.times.slice().reverse() };
    expect(checkPriceSeries([bad], 'f.csv').length).toBeGreaterThanOrEqual(2);

    const m = market();
    expect(checkMarket(m)).toEqual([]);
    m.correlation[1] = 0.6;
    expect(checkMarket(m)).toContain('correlation[0][1] not symmetric');
    const m2 = market();
    m2.correlation.set([1, -1.5, -1.5, 1]);
    expect(checkMarket(m2).some((p) => p.includes('outside [-1, 1]'))).toBe(true);
    m2.correlation.set([1, -1, -1, 1]);
    expect(checkMarket(m2)).toEqual([]);

    const p = parsePortfolio({ instruments: [{ id: 'P', kind: 'perpetual', underlying: 'B' }], accounts: [{ id: 'a', collateral: {}, positions: [{ instrument: 'P', quantity: 1 }] }] }, market(), 'p.json');
    expect(checkPortfolio(p, market())).toEqual([]);
    p.accounts[0].positions[0].instrumentIndex = 1;
    p.instruments[0].underlyingIndex = 0;
    expect(checkPortfolio(p, market())).toHaveLength(2);
  });

  it('the loop reports crashes, slow calls are timed, and InputErrors are checked', () => {
    const report = fuzzLoop<number, number>({
      seed: 1, count: 30, timeMs: 5000,
      make: (rng) => ({ input: rng.int(3), show: '' }),
      run: (x) => {
        if (x === 0) throw new TypeError('boom');
        if (x === 1) throw new InputError('rule', { file: 'f' });
        return x;
      },
      checkError: () => ['bad error'],
      checkResult: (r) => (r === 2 ? ['bad result'] : []),
    });
    const kinds = new Set(report.failures.map((f) => f.problem.split(':')[0]));
    expect([...kinds].sort()).toEqual(['accepted but bad result', 'bad error', 'crash']);
  });
});
