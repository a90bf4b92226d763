// The catalogue of bad input (issue "Hardening"): one case per item, each asserting the exact place
// (file:line: column, or the JSON path / option) and the rule broken. Many are also tested next to
// their parser; this file is the checklist. Inputs are the var_pipeline fixture with one field
// changed, and a few-line price CSV.
import { execFileSync } from 'node:child_process';
import { linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { createEngine, type Engine, InputError, parseMarket, parsePortfolio, parsePriceCsv } from '../../src/index.js';
import { parseJsonText } from '../../src/market/jsonText.js';
import { varParams } from '../../src/montecarlo/options.js';
import { parsePolicyConfig } from '../../src/policy/config.js';
import { volatilityParams } from '../../src/volatility/options.js';
import { market, nullDevice, portfolio } from './helpers.js';
import { inputError } from '../testData.js';

const dir = mkdtempSync(join(tmpdir(), 'dynamargin-catalogue-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function inputErrorAsync(run: () => Promise<unknown>): Promise<InputError> {
  const err = await run().then(() => undefined, (e: unknown) => e);
  if (err instanceof InputError) return err;
  throw new Error(`expected an InputError; got ${String(err)}`);
}

/** The place and rule of an error, as fields (file, line, column, problem). */
const where = (e: InputError) => ({ file: e.file, line: e.line, column: e.column, problem: e.problem });

// ---- price files -------------------------------------------------------------------------
const HEADER = 'date,open,high,low,close';
/** A price file: the header, then rows `date,open,high,low,close`; the bad row is line 3. */
const prices = (...rows: string[]) => [HEADER, '2024-01-01,10,12,9,11', ...rows].join('\n') + '\n';
const parse = (text: string) => parsePriceCsv(text, { file: 'btc.csv' });

describe('price files', () => {
  it('1. non-numeric price', () => {
    expect(where(inputError(() => parse(prices('2024-01-02,10,abc,9,11'))))).toEqual({ file: 'btc.csv', line: 3, column: 'high', problem: '"abc" is not a number' });
  });

  it('2. NaN price', () => {
    expect(where(inputError(() => parse(prices('2024-01-02,10,12,NaN,11'))))).toEqual({
      file: 'btc.csv', line: 3, column: 'low', problem: 'NaN is not allowed; values must be finite numbers',
    });
  });

  it('3. infinite price (written, or overflowing)', () => {
    expect(inputError(() => parse(prices('2024-01-02,10,12,9,Infinity'))).message).toBe('btc.csv:3: close: Infinity is not allowed; values must be finite numbers');
    expect(inputError(() => parse(prices('2024-01-02,10,1e999,9,11'))).message).toBe('btc.csv:3: high: 1e999 is too large (not a finite number)');
  });

  it('4. zero price', () => {
    expect(inputError(() => parse(prices('2024-01-02,10,12,0,11'))).message).toBe('btc.csv:3: low: prices must be > 0; got 0');
  });

  it('5. negative price', () => {
    expect(inputError(() => parse(prices('2024-01-02,-10,12,9,11'))).message).toBe('btc.csv:3: open: prices must be > 0; got -10');
  });

  it('6. high below low', () => {
    expect(inputError(() => parse(prices('2024-01-02,8.5,8,9,8.5'))).message).toBe('btc.csv:3: high: 8 is below low 9');
  });

  it('7. unsorted dates', () => {
    expect(inputError(() => parse(prices('2023-12-31,10,12,9,11'))).message).toBe(
      'btc.csv:3: date: "2023-12-31" is before the previous date "2024-01-01" on line 2; dates must be strictly increasing',
    );
  });

  it('8. duplicate dates', () => {
    expect(inputError(() => parse(prices('2024-01-01,10,12,9,11'))).message).toBe('btc.csv:3: date: duplicate date "2024-01-01": same time as "2024-01-01" on line 2');
  });

  it('9. missing columns', () => {
    const e = inputError(() => parse('date,open,high,close\n2024-01-01,10,12,11\n'));
    expect([e.file, e.line, e.column]).toEqual(['btc.csv', 1, 'low']);
    expect(e.problem).toMatch(/^missing required column low; the header has date, open, high, close; expected date,open,high,low,close\[,volume\]/);
  });

  it('10. empty files (no header; header only)', () => {
    const empty = inputError(() => parse(''));
    expect([empty.file, empty.line]).toEqual(['btc.csv', 1]);
    expect(empty.problem).toMatch(/^empty file; expected a header row date,open,high,low,close/);
    expect(inputError(() => parse(`${HEADER}\n`)).message).toBe('btc.csv:1: no data rows after the header');
  });

  it('11. CRLF, a UTF-8 BOM and trailing blank lines are accepted (same series as plain LF)', () => {
    const plain = prices('2024-01-02,10,12,9,11');
    const windows = '\uFEFF' + plain.replace(/\n/g, '\r\n') + '\r\n\r\n';
    const [a] = parse(plain);
    const [b] = parse(windows);
    expect(b).toEqual(a);
    expect(b.dates).toEqual(['2024-01-01', '2024-01-02']);
  });

  it('12. gaps in the dates are accepted and reported (API: series.gaps; CLI vol and var: a warning line per file)', async () => {
    const rows = ['2024-01-02', '2024-01-03', '2024-01-07', '2024-01-08', '2024-01-10'].map((d) => `${d},10,12,9,11`);
    const [s] = parse(prices(...rows));
    expect(s.close.length).toBe(6);
    expect(s.gaps).toEqual([
      { after: '2024-01-03', days: 3 },
      { after: '2024-01-08', days: 1 },
    ]);
    expect(parse(prices('2024-01-02,10,12,9,11', '2024-01-03,10,12,9,11'))[0].gaps).toBeUndefined();

    // 60 daily bars with 2 holes, and the same without: only the first gets a warning
    const file = (name: string, skip: (t: number) => boolean) => {
      const lines = [HEADER];
      for (let t = 0, close = 100; t < 70; t++) {
        const open = close;
        close = open * (t % 3 === 0 ? 1.03 : 0.985);
        if (!skip(t)) lines.push(`${new Date(Date.UTC(2024, 0, 1 + t)).toISOString().slice(0, 10)},${open},${Math.max(open, close) * 1.01},${Math.min(open, close) * 0.99},${close}`);
      }
      writeFileSync(join(dir, name), lines.join('\n') + '\n');
      return join(dir, name);
    };
    const gappy = file('gap.csv', (t) => (t >= 20 && t < 25) || t === 40);
    const whole = file('whole.csv', () => false);
    const warning = `warning: GAP (${gappy}): 2 gaps in the dates, the largest 5 days missing after 2024-01-20\n`;
    const vol = await cli('vol', '--prices', gappy, whole, '--estimator', 'close', '--window', '10', '--threads', '1');
    expect(vol.code, vol.stderr).toBe(0);
    expect(vol.stderr).toBe(warning);
    const book = join(dir, 'gap-portfolio.json');
    writeFileSync(book, JSON.stringify({
      instruments: [{ id: 'GAP-PERP', kind: 'perpetual', underlying: 'GAP' }],
      accounts: [{ id: 'a', collateral: { USD: 1000 }, positions: [{ instrument: 'GAP-PERP', quantity: 1 }] }],
    }));
    const varRun = await cli('var', '--prices', gappy, '--portfolio', book, '--scenarios', '1000', '--threads', '1');
    expect(varRun.code, varRun.stderr).toBe(0);
    expect(varRun.stderr).toBe(warning);
  });
});

// ---- portfolio and market -----------------------------------------------------------------
const marketWith = (change: (m: typeof market) => void) => {
  const m = structuredClone(market);
  change(m);
  return m;
};
const portfolioWith = (change: (p: typeof portfolio) => void) => {
  const p = structuredClone(portfolio);
  change(p);
  return p;
};
const parsedMarket = () => parseMarket(market, 'market.json');
const portfolioError = (change: (p: typeof portfolio) => void) => inputError(() => parsePortfolio(portfolioWith(change), parsedMarket(), 'portfolio.json'));
const OPTION = portfolio.instruments.findIndex((i: { kind: string }) => i.kind === 'option');

describe('portfolio', () => {
  it('13. unknown instruments (in a position; in updateAccount) and unknown underlyings', async () => {
    expect(where(portfolioError((p) => (p.accounts[2].positions[1].instrument = 'BTC-X')))).toEqual({
      file: 'portfolio.json', line: undefined, column: 'accounts[2].positions[1].instrument', problem: 'unknown instrument "BTC-X"',
    });
    expect(portfolioError((p) => (p.instruments[1].underlying = 'XYZ')).message).toBe(
      'portfolio.json: instruments[1].underlying: unknown underlying "XYZ" (not a symbol of the market)',
    );
    const engine = await createEngine({ threads: 1 });
    try {
      const book = await engine.book(portfolio, market, { scenarios: 1000 });
      expect(inputError(() => book.updateAccount(portfolio.accounts[0].id, [{ instrument: 'NOPE', quantity: 1 }])).message).toBe(
        'positions[0]: instrument: unknown instrument "NOPE"',
      );
      book.release();
    } finally {
      await engine.close();
    }
  });

  it('14. duplicate account ids', () => {
    expect(portfolioError((p) => (p.accounts[3].id = p.accounts[0].id)).message).toBe(
      `portfolio.json: accounts[3].id: duplicate account id "${portfolio.accounts[0].id}" (also accounts[0])`,
    );
  });

  it('15. duplicate instrument ids', () => {
    expect(portfolioError((p) => (p.instruments[4].id = p.instruments[0].id)).message).toBe(
      `portfolio.json: instruments[4].id: duplicate instrument id "${portfolio.instruments[0].id}" (also instruments[0])`,
    );
  });

  it('16. options already expired (expiry date, or expiryDays <= 0)', () => {
    expect(portfolioError((p) => {
      delete p.instruments[OPTION].expiryDays;
      p.instruments[OPTION].expiry = '2020-01-01T00:00:00Z';
    }).message).toBe(`portfolio.json: instruments[${OPTION}].expiry: option expired: 2020-01-01T00:00:00Z is not after market asOf ${market.asOf}`);
    expect(portfolioError((p) => (p.instruments[OPTION].expiryDays = 0)).message).toBe(`portfolio.json: instruments[${OPTION}].expiryDays: must be > 0; got 0`);
  });

  it('17. non-positive strike', () => {
    expect(portfolioError((p) => (p.instruments[OPTION].strike = 0)).message).toBe(`portfolio.json: instruments[${OPTION}].strike: must be > 0; got 0`);
  });

  it('18. non-positive implied vol', () => {
    expect(portfolioError((p) => (p.instruments[OPTION].iv = -0.1)).message).toBe(`portfolio.json: instruments[${OPTION}].iv: must be > 0; got -0.1`);
  });

  it('19. quantities that are not finite numbers (file; API update)', async () => {
    expect(portfolioError((p) => (p.accounts[0].positions[0].quantity = 1e999)).message).toBe(
      'portfolio.json: accounts[0].positions[0].quantity: must be a finite number; got Infinity',
    );
    expect(portfolioError((p) => (p.accounts[0].positions[0].quantity = 'NaN')).message).toBe(
      'portfolio.json: accounts[0].positions[0].quantity: must be a number; got "NaN"',
    );
    const engine = await createEngine({ threads: 1 });
    try {
      const book = await engine.book(portfolio, market, { scenarios: 1000 });
      const instrument = portfolio.instruments[0].id;
      expect(inputError(() => book.updateAccount(portfolio.accounts[0].id, [{ instrument, quantity: Number.NaN }])).message).toBe(
        'positions[0]: quantity: must be a finite number; got NaN',
      );
      book.release();
    } finally {
      await engine.close();
    }
  });
});

describe('market correlation', () => {
  const marketError = (change: (m: typeof market) => void) => inputError(() => parseMarket(marketWith(change), 'market.json'));

  it('20. not symmetric', () => {
    expect(marketError((m) => (m.correlation[0][1] = 0.5)).message).toBe(
      `market.json: correlation[0][1] = 0.5 but correlation[1][0] = ${market.correlation[1][0]}: not symmetric (BTC, ETH)`,
    );
  });

  it('21. not unit-diagonal', () => {
    expect(marketError((m) => (m.correlation[2][2] = 0.9)).message).toBe('market.json: correlation[2][2] = 0.9: diagonal must be 1 (C002)');
  });

  it('22. not positive semi-definite (names the failed Cholesky pivot)', () => {
    const e = marketError((m) => m.correlation.forEach((row: number[], i: number) => row.forEach((_, j) => i !== j && (row[j] = -0.5))));
    expect(e.file).toBe('market.json');
    expect(e.column).toBe('correlation');
    expect(e.problem).toMatch(/^not positive semi-definite: Cholesky pivot 2 \(C002\) .* \(smallest eigenvalue -1\.5\); --repair-correlation .* nearest correlation matrix/);
  });
});

// ---- options ------------------------------------------------------------------------------
describe('options', () => {
  let engine: Engine;
  beforeAll(async () => (engine = await createEngine({ threads: 1 })));
  afterAll(() => engine.close());

  it('23. confidence outside (0, 1) (API; CLI)', async () => {
    for (const confidence of [0, 1, 1.5, -0.1]) {
      expect(where(inputError(() => varParams({ confidence })))).toMatchObject({ column: 'confidence', problem: `must be a number in (0, 1); got ${confidence}` });
    }
    expect(inputError(() => varParams({ esConfidence: 1 })).message).toBe('esConfidence: must be a number in (0, 1); got 1');
    const r = await cli('var', '--market', 'm.json', '--portfolio', 'p.json', '--confidence', '1');
    expect([r.code, r.stderr]).toEqual([2, 'error: --confidence: must be a number in (0, 1); got 1\n']);
  });

  it('24. fewer scenarios than 1 / (1 - confidence)', async () => {
    expect(inputError(() => varParams({ scenarios: 99, confidence: 0.99 })).message).toBe('scenarios: must be at least 100 so that the 0.99 tail holds one scenario; got 99');
    expect(inputError(() => varParams({ scenarios: 999, confidence: 0.95, esConfidence: 0.999 })).message).toBe(
      'scenarios: must be at least 1000 so that the 0.999 tail holds one scenario; got 999',
    );
  });

  it('25. too many scenarios for memory: refused up front, with the count that fits', async () => {
    const before = process.memoryUsage().rss;
    const e = await inputErrorAsync(() => engine.valueAtRisk(portfolio, market, { scenarios: 50_000_000 }));
    expect(e.column).toBe('scenarios');
    expect(e.problem).toMatch(/^50000000 scenarios x 46 instruments x 60 accounts need \d+\.\d\d GiB of kernel memory, over the 3\.50 GiB limit; at most \d+ scenarios fit$/);
    expect(process.memoryUsage().rss - before).toBeLessThan(2 ** 28); // nothing was allocated
    const fits = Number(/at most (\d+) scenarios fit/.exec(e.problem)![1]);
    const limited = await inputErrorAsync(() => engine.valueAtRisk(portfolio, market, { scenarios: 200_000, memoryLimitBytes: 64 * 2 ** 20 }));
    const fitsSmall = Number(/at most (\d+) scenarios fit/.exec(limited.problem)![1]);
    expect(fits).toBeGreaterThan(fitsSmall);
    // the count given is one that indeed fits
    const r = await engine.valueAtRisk(portfolio, market, { scenarios: fitsSmall, memoryLimitBytes: 64 * 2 ** 20 });
    expect(r.meta.scenarios).toBe(fitsSmall);
  });

  it('26. threads < 1 (API; CLI)', async () => {
    for (const threads of [0, -1, 1.5]) {
      expect(where(await inputErrorAsync(() => createEngine({ threads })))).toMatchObject({ column: 'threads', problem: `must be an integer >= 1; got ${threads}` });
    }
    const btc = join(dir, 'btc.csv');
    writeFileSync(btc, prices('2024-01-02,10,12,9,11', '2024-01-03,10,12,9,11'));
    const r = await cli('vol', '--prices', btc, '--estimator', 'close', '--window', '2', '--threads', '0');
    expect([r.code, r.stderr]).toEqual([2, 'error: --threads: must be an integer >= 1; got 0\n']);
  });

  it('27. unknown options, with a suggestion (API; CLI)', async () => {
    expect(inputError(() => varParams({ scenario: 10 } as object)).message).toBe('scenario: unknown option (did you mean "scenarios"?)');
    expect(inputError(() => volatilityParams({ windw: 10 } as object)).message).toBe('windw: unknown option (did you mean "window"?)');
    expect(inputError(() => varParams({ colour: 1 } as object)).message).toBe('colour: unknown option');
    await expect(engine.valueAtRisk(portfolio, market, { timeoutMS: 5 } as object)).rejects.toThrow(/^timeoutMS: unknown option \(did you mean "timeoutMs"\?\)$/);
    const r = await cli('var', '--market', 'm.json', '--portfolio', 'p.json', '--scenario', '10');
    expect([r.code, r.stderr]).toEqual([2, "error: unknown option '--scenario'\n(Did you mean --scenarios?)\n(add --help for usage)\n"]);
  });

  it('28. unknown commands, with a suggestion', async () => {
    const r = await cli('vr');
    expect([r.code, r.stderr]).toEqual([2, "error: unknown command 'vr'\n(Did you mean var?)\n(add --help for usage)\n"]);
  });
});

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}

// ---- Hardening II: figures that would overflow ---------------------------------------------
describe('inputs bounded so that the figures stay finite (issue "Hardening II", item 3)', () => {
  const smallMarket = { asOf: '2026-11-20T00:00:00Z', rate: 0, underlyings: [{ symbol: 'BTC', spot: 91000, vol: 0.55 }], correlation: [[1]] };
  const smallBook = (quantity = 1, extra: object = {}) => ({
    instruments: [
      { id: 'P', kind: 'perpetual', underlying: 'BTC', ...extra },
      { id: 'C', kind: 'option', underlying: 'BTC', right: 'call', strike: 90000, expiryDays: 30, iv: 0.6 },
    ],
    accounts: [{ id: 'a', collateral: { USD: 1 }, positions: [{ instrument: 'P', quantity }, { instrument: 'C', quantity: 1 }] }],
  });
  const REASON = '(larger values can overflow the risk figures)';

  it('29. rate, spot, multiplier, quantity, strike, expiry and CSV prices past their bounds are refused, naming the field', () => {
    expect(inputError(() => parseMarket({ ...smallMarket, rate: 1e6 }, 'm.json')).message).toBe(`m.json: rate: must be <= 1 ${REASON}; got 1000000`);
    expect(inputError(() => parseMarket({ ...smallMarket, rate: -2 }, 'm.json')).message).toBe(`m.json: rate: must be >= -1 ${REASON}; got -2`);
    expect(inputError(() => parseMarket({ ...smallMarket, underlyings: [{ symbol: 'BTC', spot: 1e300, vol: 0.5 }] }, 'm.json')).message).toBe(
      `m.json: underlyings[0].spot: must be <= 1e15 ${REASON}; got 1e+300`,
    );
    const m = parseMarket(smallMarket, 'm.json');
    expect(inputError(() => parsePortfolio(smallBook(1e305), m, 'p.json')).message).toBe(`p.json: accounts[0].positions[0].quantity: must be <= 1e12 ${REASON}; got 1e+305`);
    expect(inputError(() => parsePortfolio(smallBook(-1e13), m, 'p.json')).message).toBe(`p.json: accounts[0].positions[0].quantity: must be >= -1e12 ${REASON}; got -10000000000000`);
    expect(inputError(() => parsePortfolio(smallBook(1, { multiplier: 1e308 }), m, 'p.json')).message).toBe(`p.json: instruments[0].multiplier: must be <= 1e9 ${REASON}; got 1e+308`);
    const option = (change: object) => ({ ...smallBook(), instruments: [smallBook().instruments[0], { ...smallBook().instruments[1], ...change }] });
    expect(inputError(() => parsePortfolio(option({ strike: 1e16 }), m, 'p.json')).message).toBe(`p.json: instruments[1].strike: must be <= 1e15 ${REASON}; got 10000000000000000`);
    expect(inputError(() => parsePortfolio(option({ expiryDays: 1e6 }), m, 'p.json')).message).toBe(`p.json: instruments[1].expiryDays: must be <= 36500 ${REASON}; got 1000000`);
    expect(inputError(() => parsePortfolio(option({ expiryDays: undefined, expiry: '2300-01-01' }), m, 'p.json')).message).toBe(
      `p.json: instruments[1].expiry: 2300-01-01 is more than 36500 days after market asOf 2026-11-20T00:00:00Z ${REASON}`,
    );
    expect(inputError(() => parse(prices('2024-01-02,10,1e302,9,11'))).message).toBe(`btc.csv:3: high: prices must be <= 1e15 ${REASON}; got 1e302`);
  });

  it('30. at every bound at once the figures are finite (normal and delta-gamma)', async () => {
    const market = { ...smallMarket, rate: 1, underlyings: [{ symbol: 'BTC', spot: 1e15, vol: 2 }] };
    const book = {
      instruments: [
        { id: 'P', kind: 'perpetual', underlying: 'BTC', multiplier: 1e9 },
        { id: 'C', kind: 'option', underlying: 'BTC', right: 'call', strike: 1e15, expiryDays: 36500, iv: 2, multiplier: 1e9 },
      ],
      accounts: [{ id: 'a', collateral: { USD: 1 }, positions: [{ instrument: 'P', quantity: -1e12 }, { instrument: 'C', quantity: -1e12 }] }],
    };
    const engine = await createEngine({ threads: 1 });
    try {
      for (const model of ['normal', 'delta-gamma'] as const) {
        const [a] = (await engine.valueAtRisk(book, market, { scenarios: 1000, model })).accounts;
        const all = [a.var, a.es, ...a.varCi, ...a.esCi, a.greeks.deltaUsd, a.greeks.gammaUsd, a.greeks.vega, a.greeks.theta];
        expect(all.every(Number.isFinite), `${model}: ${all}`).toBe(true);
        expect(a.var).toBeGreaterThan(1e30); // a short of notional 1e36 at 200% vol loses about 10% in a day at 99%
      }
    } finally {
      await engine.close();
    }
  });

  it('31. a figure that still overflows (vol 1e5 on a short) is an error naming the account and its largest position (API; CLI exit 2)', async () => {
    const market = { ...smallMarket, underlyings: [{ symbol: 'BTC', spot: 90000, vol: 1e5 }] };
    const engine = await createEngine({ threads: 1 });
    try {
      const e = await inputErrorAsync(() => engine.valueAtRisk(smallBook(-2), market, { scenarios: 1000 }));
      expect(e.column).toBe('accounts[0]');
      expect(e.problem).toMatch(/^account "a": (var|es|varCi\[\d\]|esCi\[\d\]) = (-?Infinity|NaN) is not a finite number: its losses overflow; its largest position, positions\[0\], is quantity -2 of "P" \(multiplier 1; BTC spot 90000, vol 100000\): notional 1\.80e\+5;/);
    } finally {
      await engine.close();
    }
    writeFileSync(join(dir, 'vol-market.json'), JSON.stringify(market));
    writeFileSync(join(dir, 'short.json'), JSON.stringify(smallBook(-2)));
    const r = await cli('var', '--market', join(dir, 'vol-market.json'), '--portfolio', join(dir, 'short.json'), '--scenarios', '1000', '--threads', '1');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^error: ${join(dir, 'short.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: accounts\\[0\\]: account "a": \\w+(\\[\\d\\])? = (-?Infinity|NaN) is not a finite number: its losses overflow`));
  });
});

describe('thread counts (issue "Hardening II", item 7)', () => {
  it('32. threads above 256 are refused up front with the limit (API; CLI vol, var, calibrate --optimize)', async () => {
    for (const threads of [257, 99_999_999_999]) {
      expect(where(await inputErrorAsync(() => createEngine({ threads })))).toMatchObject({
        column: 'threads', problem: `must be at most 256; got ${threads} (more threads than cores only add overhead)`,
      });
    }
    const btc = join(dir, 'btc.csv');
    writeFileSync(btc, prices('2024-01-02,10,12,9,11', '2024-01-03,10,12,9,11'));
    const message = 'error: --threads: must be at most 256; got 99999999999 (more threads than cores only add overhead)\n';
    const vol = await cli('vol', '--prices', btc, '--estimator', 'close', '--window', '2', '--threads', '99999999999');
    expect([vol.code, vol.stderr]).toEqual([2, message]);
    writeFileSync(join(dir, 'market.json'), JSON.stringify(market));
    writeFileSync(join(dir, 'portfolio.json'), JSON.stringify(portfolio));
    const risk = await cli('var', '--market', join(dir, 'market.json'), '--portfolio', join(dir, 'portfolio.json'), '--threads', '99999999999');
    expect([risk.code, risk.stderr]).toEqual([2, message]);
    const optimize = await cli('calibrate', '--optimize', '--out', join(dir, 'opt'), '--threads', '99999999999');
    expect([optimize.code, optimize.stderr]).toEqual([2, message]);
  });
});

// ---- Hardening II: outputs and inputs that are not plain files ----------------------------
describe('--out never destroys an input or a special file; special input files are refused (issue "Hardening II", items 4, 6, 8)', () => {
  const files = join(dir, 'io');
  const at = (name: string) => join(files, name);
  beforeAll(() => {
    mkdirSync(files, { recursive: true });
    mkdirSync(join(dir, 'dev'));
    writeFileSync(at('market.json'), JSON.stringify(market));
    writeFileSync(at('portfolio.json'), JSON.stringify(portfolio));
    writeFileSync(at('report.json'), '{}'); // a policy config that happens to be called report.json
    linkSync(at('portfolio.json'), at('hard.json'));
    symlinkSync(at('market.json'), at('link.json'));
    execFileSync('mkfifo', [at('fifo')]);
  });
  const varRun = (...extra: string[]) => cli('var', '--market', at('market.json'), '--portfolio', at('portfolio.json'), '--scenarios', '1000', '--threads', '1', ...extra);
  const unchanged = () => {
    expect(readFileSync(at('portfolio.json'), 'utf8')).toBe(JSON.stringify(portfolio));
    expect(readFileSync(at('market.json'), 'utf8')).toBe(JSON.stringify(market));
    expect(lstatSync(at('link.json')).isSymbolicLink()).toBe(true);
    expect(lstatSync(at('fifo')).isFIFO()).toBe(true);
    expect(readdirSync(files).sort()).toEqual(['fifo', 'hard.json', 'link.json', 'market.json', 'portfolio.json', 'report.json']);
  };

  it('33. --out an input (var --out portfolio.json, a hard link to it; backtest --out the price file; calibrate --out its config\'s folder): exit 2 before computing', async () => {
    expect(await varRun('--out', at('portfolio.json'))).toMatchObject({ code: 2, stderr: `error: ${at('portfolio.json')}: cannot write: it is the input ${at('portfolio.json')}; choose another output file\n` });
    expect(await varRun('--out', at('hard.json'))).toMatchObject({ code: 2, stderr: `error: ${at('hard.json')}: cannot write: it is the input ${at('portfolio.json')} (the same file); choose another output file\n` });
    const btc = at('btc.csv');
    writeFileSync(btc, prices('2024-01-02,10,12,9,11'));
    const backtest = await cli('backtest', '--prices', btc, '--out', btc);
    rmSync(btc);
    expect(backtest).toMatchObject({ code: 2, stderr: `error: ${btc}: cannot write: it is the input ${btc}; choose another output file\n` });
    const calibrate = await cli('calibrate', '--config', at('report.json'), '--out', files);
    expect(calibrate).toMatchObject({ code: 2, stderr: `error: ${at('report.json')}: cannot write: it is the input ${at('report.json')}; choose another output file\n` });
    expect(readFileSync(at('report.json'), 'utf8')).toBe('{}');
    unchanged();
  });

  it('34. --out a symlink or a FIFO is refused (exit 2, both left as they were); --out a character device (/dev/null) writes through', async () => {
    expect(await varRun('--out', at('link.json'))).toMatchObject({
      code: 2, stderr: `error: ${at('link.json')}: cannot write: it is a symbolic link, which dynamargin does not replace; give the file it points to, or remove the link\n`,
    });
    expect(await varRun('--out', at('fifo'))).toMatchObject({
      code: 2, stderr: `error: ${at('fifo')}: cannot write: it is a named pipe (FIFO), which dynamargin does not replace; leave out --out to write to stdout and pipe that\n`,
    });
    const device = nullDevice(join(dir, 'dev'));
    expect(await varRun('--out', device)).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(lstatSync(device).isCharacterDevice()).toBe(true);
    unchanged();
  });

  it('35. a FIFO as an input file is refused at once, not waited on (var --market, --portfolio; vol --prices; calibrate --config)', async () => {
    const message = `${at('fifo')}: cannot read file: it is a named pipe (FIFO); dynamargin reads regular files only (save the data to a file first)`;
    expect(await cli('var', '--market', at('fifo'), '--portfolio', at('portfolio.json'))).toMatchObject({ code: 2, stderr: `error: ${message}\n` });
    expect(await cli('var', '--market', at('market.json'), '--portfolio', at('fifo'))).toMatchObject({ code: 2, stderr: `error: ${message}\n` });
    expect(await cli('vol', '--prices', at('fifo'), '--estimator', 'close')).toMatchObject({ code: 2, stderr: `error: ${message}\n` });
    expect(await cli('calibrate', '--config', at('fifo'), '--out', join(dir, 'never'))).toMatchObject({ code: 2, stderr: `error: ${message}\n` });
    unchanged();
  });

  it('36. calibrate --out naming a file, or a folder that cannot be made: exit 2 with the path', async () => {
    const r = await cli('calibrate', '--out', at('market.json'), '--threads', '1');
    expect(r).toMatchObject({ code: 2, stderr: `error: ${at('market.json')}: cannot create the output folder: a file of that name (or of a parent folder) exists; give a folder for --out\n` });
    const nested = await cli('calibrate', '--optimize', '--out', join(at('market.json'), 'sub'), '--threads', '1');
    expect(nested).toMatchObject({ code: 2, stderr: `error: ${join(at('market.json'), 'sub')}: cannot create the output folder: a file of that name (or of a parent folder) exists; give a folder for --out\n` });
    unchanged();
  });
});

// ---- Hardening II: smaller items ------------------------------------------------------------
describe('smaller items (issue "Hardening II", item 8)', () => {
  it('37. a key repeated in one JSON object is refused with the key, its place and the first one (market, portfolio, config)', async () => {
    const text = '{"asOf": "2026-11-20T00:00:00Z",\n "underlyings": [{"symbol": "BTC", "spot": -5, "vol": 0.5, "spot": 91000}],\n "correlation": [[1]]}';
    const e = inputError(() => parseJsonText(text, 'market.json'));
    expect(e.message).toBe('market.json:2:60: underlyings[0]: duplicate key "spot" (also at line 2, column 36); a key may appear once per object');
    expect([e.file, e.line, e.column]).toEqual(['market.json', 2, 'underlyings[0]']);
    expect(inputError(() => parseJsonText('{"a": 1, "b": {"c": [1, {"x": 1}]}, "a": 2}', 'p.json')).message).toBe(
      'p.json:1:37: duplicate key "a" (also at line 1, column 2); a key may appear once per object',
    );
    expect(inputError(() => parseJsonText('{"a": [{"k": 1}, {"k": 2, "k\\u0020": 3, "k": 4}]}', 'p.json')).message).toMatch(/^p\.json:1:41: a\[1\]: duplicate key "k" /);
    // the same key in different objects, escaped quotes in strings, and keys inside strings are fine
    expect(parseJsonText('{"a": {"k": "x\\"k\\": 1, \\"k"}, "b": {"k": 2}, "c": [{"k": 1}, {"k": 2}]}', 'p.json')).toEqual({ a: { k: 'x"k": 1, "k' }, b: { k: 2 }, c: [{ k: 1 }, { k: 2 }] });
    writeFileSync(join(dir, 'dup-config.json'), '{"base": {"measure": "var", "measure": "es"}}');
    const r = await cli('calibrate', '--config', join(dir, 'dup-config.json'), '--out', join(dir, 'never'));
    expect([r.code, r.stderr]).toEqual([2, `error: ${join(dir, 'dup-config.json')}:1:29: base: duplicate key "measure" (also at line 1, column 11); a key may appear once per object\n`]);
  });

  it('38. a config file holding null is refused, not read as the defaults', async () => {
    expect(inputError(() => parsePolicyConfig(null, 'policy.json')).message).toBe('policy.json: (root): must be an object; got null');
    expect(parsePolicyConfig(undefined)).toEqual(parsePolicyConfig({}));
  });

  it('39. long and binary user strings are cut in messages (a 1 MB id, a file of NULs)', async () => {
    const id = 'x'.repeat(1_000_000);
    const e = portfolioError((p) => (p.accounts[2].positions[0].instrument = id));
    expect(e.message).toBe(`portfolio.json: accounts[2].positions[0].instrument: unknown instrument "${'x'.repeat(80)}... (1000000 characters)"`);
    const nul = inputError(() => parse('\0'.repeat(100_000)));
    expect(nul.message.length).toBeLessThan(1000);
    expect(nul.message).not.toMatch(/\0/);
    expect(nul.message).toMatch(/^btc\.csv:1: date: missing required columns date, open, high, low, close; the header has (\\u0000){80}\.\.\. \(10000\d characters\)/);
  });

  it('40. "__proto__" as a symbol keeps its Greeks like any other symbol', async () => {
    const m = { asOf: '2026-11-20T00:00:00Z', rate: 0, underlyings: [{ symbol: '__proto__', spot: 100, vol: 0.5 }, { symbol: 'BTC', spot: 100, vol: 0.5 }], correlation: [[1, 0], [0, 1]] };
    const book = {
      instruments: [{ id: 'P', kind: 'perpetual', underlying: '__proto__' }, { id: 'B', kind: 'perpetual', underlying: 'BTC' }],
      accounts: [{ id: 'a', collateral: { USD: 1 }, positions: [{ instrument: 'P', quantity: 3 }, { instrument: 'B', quantity: 2 }] }],
    };
    const engine = await createEngine({ threads: 1 });
    try {
      const [a] = (await engine.valueAtRisk(book, m, { scenarios: 1000 })).accounts;
      expect(Object.keys(a.greeks.byUnderlying)).toEqual(['__proto__', 'BTC']);
      expect(a.greeks.byUnderlying.__proto__).toEqual({ delta: 3, gamma: 0, vega: 0, theta: 0 });
      expect(JSON.parse(JSON.stringify(a.greeks)).byUnderlying).toEqual(JSON.parse('{"__proto__": {"delta": 3, "gamma": 0, "vega": 0, "theta": 0}, "BTC": {"delta": 2, "gamma": 0, "vega": 0, "theta": 0}}'));
      expect(Object.getPrototypeOf(a.greeks.byUnderlying)).toBe(Object.prototype);
    } finally {
      await engine.close();
    }
  });

  it('41. CSV output neutralises ids that a spreadsheet would run as formulas (= + - @)', async () => {
    const m = { asOf: '2026-11-20T00:00:00Z', rate: 0, underlyings: [{ symbol: 'BTC', spot: 100, vol: 0.5 }], correlation: [[1]] };
    const ids = ['=HYPERLINK("http://x","y")', '+1', '-2+3', '@SUM(A1)', 'plain'];
    const book = {
      instruments: [{ id: 'P', kind: 'perpetual', underlying: 'BTC' }],
      accounts: ids.map((id) => ({ id, collateral: { USD: 1 }, positions: [{ instrument: 'P', quantity: 1 }] })),
    };
    writeFileSync(join(dir, 'csv-market.json'), JSON.stringify(m));
    writeFileSync(join(dir, 'csv-book.json'), JSON.stringify(book));
    const r = await cli('var', '--market', join(dir, 'csv-market.json'), '--portfolio', join(dir, 'csv-book.json'), '--scenarios', '1000', '--threads', '1', '--format', 'csv');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n').slice(1, -1).map((line) => line.slice(0, line.search(/,[-\d.]+,[-\d.]+,[-\d.]+,[-\d.]+,[-\d.]+,[-\d.]+,[-\d.e+]+,[-\d.e+]+,[-\d.e+]+,[-\d.e+]+$/)))).toEqual([
      '"\'=HYPERLINK(""http://x"",""y"")"', "'+1", "'-2+3", "'@SUM(A1)", 'plain',
    ]);
  });

  it('42. a run whose engine is closed under it rejects with "engine was closed", not "a worker died twice"', async () => {
    const engine = await createEngine({ threads: 2 });
    const running = engine.valueAtRisk(portfolio, market, { scenarios: 200_000 }).then(() => 'resolved', (e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    await engine.close();
    expect(await running).toMatchObject({
      name: 'EngineClosedError', message: 'dynamargin: the engine was closed (close() was called before this run finished); create a new engine to compute again',
    });
    await expect(engine.valueAtRisk(portfolio, market)).rejects.toMatchObject({ name: 'EngineClosedError' });
  });
});

describe('duplicate keys in large objects', () => {
  it('37b. an object of 100,000 keys is scanned in linear time; a repeat among them is found', () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `"k${i}": ${i}`);
    const t0 = performance.now();
    expect((parseJsonText(`{${keys.join(',')}}`, 'c.json') as Record<string, number>).k99999).toBe(99999);
    const e = inputError(() => parseJsonText(`{"x": {${keys.join(',')}, "k5": 0}}`, 'c.json'));
    expect(e.problem).toMatch(/^duplicate key "k5" \(also at line 1, column \d+\)/);
    expect(e.column).toBe('x');
    expect(performance.now() - t0).toBeLessThan(5000); // a quadratic scan takes minutes
  });
});

describe('options a run would ignore (issue "Hardening II", item 8)', () => {
  it('43. calibrate --optimize refuses --implied / --portfolio (unused); --from without --optimize is refused', async () => {
    const implied = await cli('calibrate', '--optimize', '--implied', 'BTC=dvol.csv', '--out', join(dir, 'never'));
    expect([implied.code, implied.stderr]).toEqual([2, 'error: --implied: is not used by --optimize (it calibrates the rates from the price histories alone); drop it, or run without --optimize\n']);
    const book = await cli('calibrate', '--optimize', '--portfolio', 'p.json', '--out', join(dir, 'never'));
    expect(book.stderr).toMatch(/^error: --portfolio: is not used by --optimize/);
    const from = await cli('calibrate', '--from', '2020-01-01', '--out', join(dir, 'never'));
    expect([from.code, from.stderr]).toEqual([2, 'error: --from: only applies with --optimize (the first date judged)\n']);
  });
});

describe('messages name the file, not the API (issue "Hardening II", item 8)', () => {
  it('44. stress / calibrate --portfolio: an invalid book names its file, not "<api> portfolio"', async () => {
    const bad = join(dir, 'bad-book.json');
    writeFileSync(bad, JSON.stringify({ instruments: [{ id: 'P', kind: 'perpetual', underlying: 'NOPE' }], accounts: [] }));
    const r = await cli('stress', '--portfolio', bad, '--threads', '1');
    expect([r.code, r.stderr]).toEqual([2, `error: ${bad}: instruments[0].underlying: unknown underlying "NOPE" (not a symbol of the market)\n`]);
  });
});
