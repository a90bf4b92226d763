// End-to-end tests of the `dynamargin` binary: spawns `node bin/dynamargin.js`, which runs the
// built CLI in dist/. Build first: `npx tsc -p tsconfig.build.json` (or `npm run build`).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from './runCli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'dynamargin-bin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  // A stale dist/ would test old code: every source of the CLI must be older than its build.
  for (const folder of ['cli', 'io', 'data']) {
    for (const f of readdirSync(join(ROOT, 'src', folder)).filter((n) => n.endsWith('.ts'))) {
      const built = join(ROOT, 'dist', folder, f.replace(/\.ts$/, '.js'));
      const source = join(ROOT, 'src', folder, f);
      if (!existsSync(built) || statSync(built).mtimeMs < statSync(source).mtimeMs) {
        throw new Error(`${relative(ROOT, built)} is missing or older than its source: run "npx tsc -p tsconfig.build.json" first`);
      }
    }
  }
});

const cli = (...argv: string[]) => spawnCli(dir, ...argv);

function file(name: string, lines: string[] | string): string {
  const path = join(dir, name);
  writeFileSync(path, Array.isArray(lines) ? lines.join('\n') + '\n' : lines);
  return path;
}

/** 50 daily bars, 2024-01-01 .. 2024-02-19, a deterministic zig-zag. */
function goodRows(): string[] {
  const rows = ['date,open,high,low,close,volume'];
  let close = 100;
  for (let t = 0; t < 50; t++) {
    const open = close;
    close = open * (t % 4 === 0 ? 1.04 : 0.99);
    const date = new Date(Date.UTC(2024, 0, 1 + t)).toISOString().slice(0, 10);
    rows.push(`${date},${open},${Math.max(open, close) * 1.02},${Math.min(open, close) * 0.98},${close},${1000 + t}`);
  }
  return rows;
}

const NO_STACK = /\n\s+at /;

describe('dynamargin vol (spawned)', () => {
  const good = file('btc.csv', goodRows());
  const eth = file('eth.csv', goodRows().slice(0, 21)); // 20 bars

  it('JSON: one object per series, dates as in the input, finite positive annualized vols', async () => {
    const { code, stdout, stderr } = await cli('vol', '--prices', good, eth, '--estimator', 'yang-zhang', '--window', '10', '--threads', '2');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const results = JSON.parse(stdout);
    expect(results.map((r: { symbol: string }) => r.symbol)).toEqual(['BTC', 'ETH']);
    const [btc, ethResult] = results;
    expect([btc.estimator, btc.window]).toEqual(['yang-zhang', 10]);
    expect(btc.points.length).toBe(50 - 10);
    expect(ethResult.points.length).toBe(20 - 10);
    expect(btc.points[0].date).toBe('2024-01-11');
    expect(btc.points.at(-1).date).toBe('2024-02-19');
    // Fails while the volatility kernel is a stub returning NaN (no defined points then).
    for (const p of [...btc.points, ...ethResult.points]) expect(Number.isFinite(p.vol) && p.vol > 0).toBe(true);
  });

  it('CSV: symbol,date,vol rows; a warning when a series is shorter than the window', async () => {
    const { code, stdout, stderr } = await cli('vol', '--prices', good, '--prices', eth, '--estimator', 'ewma', '--window', '30', '--format', 'csv');
    expect(code).toBe(0);
    expect(stderr).toMatch(/^warning: ETH \(.*eth\.csv\): no volatility points; 20 bars for ewma with window 30\n$/);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('symbol,date,vol');
    expect(lines.length - 1).toBe(50 - 30);
    expect(lines[1]).toMatch(/^BTC,2024-01-31,\d/);
    for (const line of lines.slice(1)) expect(Number(line.split(',')[2])).toBeGreaterThan(0);
  });

  it('--out writes the file (atomically: no temporary file left) and nothing to stdout', async () => {
    const out = join(dir, 'vol.json');
    const { code, stdout } = await cli('vol', '--prices', good, '--estimator', 'parkinson', '--out', out);
    expect([code, stdout]).toEqual([0, '']);
    const [r] = JSON.parse(readFileSync(out, 'utf8'));
    expect([r.symbol, r.estimator, r.window, r.points.length]).toEqual(['BTC', 'parkinson', 30, 50 - 30 + 1]);
    expect(readdirSync(dir).filter((f) => f.includes('vol.json'))).toEqual(['vol.json']);
    const bad = await cli('vol', '--prices', good, '--estimator', 'parkinson', '--out', join(dir, 'no', 'x.json'));
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('x.json: cannot write: the folder does not exist')]);
  });

  it('--symbol renames a single file', async () => {
    const { stdout } = await cli('vol', '--prices', good, '--symbol', 'XBT', '--estimator', 'close');
    expect(JSON.parse(stdout)[0].symbol).toBe('XBT');
  });

  const rows = goodRows();
  const replace = (row: number, text: string) => rows.map((r, i) => (i === row ? text : r));
  const cases: [name: string, lines: string[] | string, line: number, column: string | undefined][] = [
    ['unparseable number', replace(3, '2024-01-03,100,abc,95,99,1'), 4, 'high'],
    ['NaN', replace(5, '2024-01-05,100,101,95,NaN,1'), 6, 'close'],
    ['Infinity', replace(5, '2024-01-05,Infinity,101,95,99,1'), 6, 'open'],
    ['non-positive price', replace(7, '2024-01-07,100,101,0,99,1'), 8, 'low'],
    ['high < low', replace(7, '2024-01-07,100,94,95,99,1'), 8, 'high'],
    ['open outside [low, high]', replace(7, '2024-01-07,102,101,95,99,1'), 8, 'open'],
    ['close outside [low, high]', replace(7, '2024-01-07,100,101,95,94,1'), 8, 'close'],
    ['dates not increasing', replace(9, '2024-01-02,100,101,95,99,1'), 10, 'date'],
    ['duplicate date', replace(9, '2024-01-08,100,101,95,99,1'), 10, 'date'],
    ['unparseable date', replace(2, '02/01/2024,100,101,95,99,1'), 3, 'date'],
    ['negative volume', replace(2, '2024-01-02,100,101,95,99,-5'), 3, 'volume'],
    ['ragged row', replace(4, '2024-01-04,100,101,95'), 5, 'close'],
    ['missing column', ['date,open,high,close', '2024-01-01,1,1,1'], 1, 'low'],
    ['wide close-only file', ['date,btc,eth', '2024-01-01,40000,2000'], 1, 'open'],
    ['empty file', '', 1, undefined],
    ['header only', 'date,open,high,low,close\n', 1, undefined],
  ];
  it.each(cases)('bad input: %s -> exit 2, file:line: column:, no stack trace', async (name, lines, line, column) => {
    const path = file(`${name.replace(/\W+/g, '-')}.csv`, lines);
    const { code, stdout, stderr } = await cli('vol', '--prices', path, '--estimator', 'close');
    expect(code, stderr).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(column === undefined ? `error: ${path}:${line}: ` : `error: ${path}:${line}: ${column}: `);
    expect(stderr).not.toMatch(NO_STACK);
  });

  it('a missing file -> exit 2', async () => {
    const { code, stderr } = await cli('vol', '--prices', join(dir, 'nope.csv'), '--estimator', 'close');
    expect([code, stderr]).toEqual([2, expect.stringContaining('nope.csv: cannot read file: no such file')]);
  });

  it('usage errors -> exit 2 with commander message and suggestion', async () => {
    const unknownOption = await cli('vol', '--prices', good, '--estimator', 'close', '--windw', '5');
    expect([unknownOption.code, unknownOption.stderr]).toEqual([2, expect.stringContaining("unknown option '--windw'\n(Did you mean --window?)")]);
    const unknownCommand = await cli('vool');
    expect([unknownCommand.code, unknownCommand.stderr]).toEqual([2, expect.stringContaining('(Did you mean vol?)')]);
    const strict = await cli('vol', '--prices', good, '--estimator', 'close', '--window', '3x');
    expect([strict.code, strict.stderr]).toEqual([2, expect.stringContaining("option '--window <n>' argument '3x' is invalid")]);
    const noEstimator = await cli('vol', '--prices', good);
    expect([noEstimator.code, noEstimator.stderr]).toEqual([2, expect.stringContaining("required option '--estimator <name>' not specified")]);
    for (const r of [unknownOption, unknownCommand, strict, noEstimator]) expect(r.stderr).not.toMatch(NO_STACK);
  });
});

describe('dynamargin help and demo (spawned)', () => {
  it.each([[['--help']], [['vol', '--help']], [['demo', '--help']], [['help', 'vol']]])('%j prints usage with examples, exit 0', async (argv) => {
    const { code, stdout } = await cli(...argv);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: dynamargin/);
    expect(stdout).toContain('Examples:');
  });

  it('demo prints the volatility table', async () => {
    const { code, stdout, stderr } = await cli('demo');
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toMatch(/\nasset +close +ewma +parkinson +garman-klass +rogers-satchell +yang-zhang\nBTC +\d+\.\d +\d+\.\d/);
    expect(stdout).toContain('Data: built-in synthetic market');
  });
});
