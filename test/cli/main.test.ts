// In-process tests of the CLI entry point `main` (fast; the spawned binary is tested in bin.test.ts).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runMain } from './runCli.js';

const dir = mkdtempSync(join(tmpdir(), 'dynamargin-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = runMain;

/** Daily bars with a deterministic zig-zag close (enough for any window used here). */
function priceFile(name: string, days: number): string {
  const rows = ['date,open,high,low,close,volume'];
  let close = 100;
  for (let t = 0; t < days; t++) {
    const open = close;
    close = open * (t % 3 === 0 ? 1.03 : 0.985);
    const date = new Date(Date.UTC(2024, 0, 1 + t)).toISOString().slice(0, 10);
    rows.push(`${date},${open},${Math.max(open, close) * 1.01},${Math.min(open, close) * 0.99},${close},1000`);
  }
  const path = join(dir, name);
  writeFileSync(path, rows.join('\n') + '\n');
  return path;
}

describe('main (in process)', () => {
  const btc = priceFile('btc.csv', 40);

  it('vol: JSON result structure; dates as in the file', async () => {
    const { code, stdout, stderr } = await run('vol', '--prices', btc, '--estimator', 'close', '--window', '10', '--threads', '1');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const [r] = JSON.parse(stdout);
    expect(Object.keys(r)).toEqual(['symbol', 'estimator', 'window', 'points']);
    expect([r.symbol, r.estimator, r.window]).toEqual(['BTC', 'close', 10]);
    // close-to-close with window n: first value at price index n (the n-th return)
    expect(r.points.length).toBe(40 - 10);
    expect(r.points[0].date).toBe('2024-01-11');
    expect(r.points.at(-1).date).toBe('2024-02-09');
    for (const p of r.points) expect(Number.isFinite(p.vol) && p.vol > 0).toBe(true);
  });

  it('demo: a table of six assets by six estimators plus the data line', async () => {
    const { code, stdout, stderr } = await run('demo');
    expect([code, stderr]).toEqual([0, '']);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toContain('2026-11-20');
    const header = lines.find((l) => l.startsWith('asset'))!;
    expect(header.split(/\s+/)).toEqual(['asset', 'close', 'ewma', 'parkinson', 'garman-klass', 'rogers-satchell', 'yang-zhang']);
    const rows = lines.filter((l) => /^(BTC|ETH|SOL|BNB|XRP|DOGE) /.test(l));
    expect(rows.length).toBe(6);
    for (const row of rows) {
      for (const cell of row.split(/\s+/).slice(1)) expect(cell).toMatch(/^\d+\.\d$/);
    }
    expect(lines.at(-1)).toMatch(/^Data: built-in synthetic market \(seed 1, 6 assets, 1461 daily bars .*dynamargin vol --prices/);
  });

  it('demo --save-prices writes a CSV that vol reads back', async () => {
    const saved = join(dir, 'synthetic.csv');
    expect((await run('demo', '--days', '60', '--save-prices', saved)).code).toBe(0);
    expect(readFileSync(saved, 'utf8').split('\n', 1)[0]).toBe('symbol,date,open,high,low,close,volume');
    const { code, stdout } = await run('vol', '--prices', saved, '--symbol', 'eth', '--estimator', 'parkinson', '--format', 'csv', '--window', '20');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('symbol,date,vol');
    expect(lines.length - 1).toBe(60 - 20 + 1); // range estimators: first value at the n-th bar
    expect(lines[1]).toMatch(/^ETH,2026-10-11,/); // bars 2026-09-22 .. 2026-11-20; the 20th is 10-11
  });

  it('option errors name the option and exit 2', async () => {
    for (const [argv, pattern] of [
      [['--window', '3x'], /option '--window <n>' argument '3x' is invalid/],
      [['--window', '1'], /^error: --window: must be an integer >= 2; got 1/],
      [['--lambda', '1.5'], /^error: --lambda: must be in \(0, 1\)/],
      [['--lambda', '0x1'], /option '--lambda <l>' argument '0x1' is invalid/],
      [['--annualization', '-1'], /^error: --annualization: /],
      [['--threads', '0'], /^error: --threads: must be an integer >= 1/],
      [['--format', 'xml'], /argument 'xml' is invalid. Allowed choices are json, csv/],
    ] as const) {
      const { code, stderr } = await run('vol', '--prices', btc, '--estimator', 'ewma', ...argv);
      expect([code, stderr]).toEqual([2, expect.stringMatching(pattern)]);
    }
    const missing = await run('vol', '--prices', btc);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining("required option '--estimator <name>' not specified")]);
    const demo = await run('demo', '--seed', '-4');
    expect([demo.code, demo.stderr]).toEqual([2, expect.stringMatching(/^error: --seed: must be an integer in/)]);
  });

  it('help and version exit 0; no command exits 2 with usage', async () => {
    expect((await run('--help')).code).toBe(0);
    expect((await run('help', 'vol')).stdout).toContain('--estimator <name>');
    expect((await run('--version')).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const none = await run();
    expect([none.code, none.stderr]).toEqual([2, expect.stringContaining('Usage: dynamargin')]);
  });
});

describe('main: unexpected errors', () => {
  const boom = (debug: boolean) => {
    let stderr = '';
    const io = {
      stdout: () => {
        throw new Error('disk on fire');
      },
      stderr: (t: string) => void (stderr += t),
    };
    return main(['demo', '--days', '40', ...(debug ? ['--debug'] : [])], io).then((code) => ({ code, stderr }));
  };

  it('exit 1 with the message; the stack trace only with --debug', async () => {
    const plain = await boom(false);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/^error: disk on fire\n/);
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = await boom(true);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});
