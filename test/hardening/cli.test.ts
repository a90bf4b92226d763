// The spawned CLI interrupted (SIGINT / SIGTERM) or past its --timeout: exit code 130 / 143 / 124,
// a message on stderr, and no output file, partial or temporary. Runs the built CLI in dist/
// (`npx tsc -p tsconfig.build.json`).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, fx } from './helpers.js';

beforeAll(() => assertBuilt('cli', 'pool'));

const BIN = fileURLToPath(new URL('../../bin/dynamargin.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'dynamargin-hardening-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'market.json'), JSON.stringify(fx.market));
writeFileSync(join(dir, 'portfolio.json'), JSON.stringify(fx.portfolio));
// W1 (10,000 accounts): at 100,000 scenarios a run computes for several seconds, far longer than
// the delay before the signal, so the signal lands mid-computation on any machine we know of
for (const name of ['market', 'portfolio']) {
  writeFileSync(join(dir, `w1-${name}.json`), gunzipSync(readFileSync(new URL(`../fixtures/w1/${name}.json.gz`, import.meta.url))));
}
const INPUTS = ['market.json', 'portfolio.json', 'w1-market.json', 'w1-portfolio.json'];
// each test starts from the inputs alone, whatever an earlier one left behind
afterEach(() => {
  for (const f of readdirSync(dir)) if (!INPUTS.includes(f)) rmSync(join(dir, f), { recursive: true, force: true });
});

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Written by the CLI (asked by DYNAMARGIN_TEST_SIGNALS_READY) once its signal handlers are installed. */
const SIGNALS_READY = '[dynamargin: signal handlers ready]\n';

/**
 * Run the CLI in `dir`; send `signal` `afterMs` after its signal handlers are installed (so that a
 * slow start on a loaded machine cannot turn the test into a kill by the default handler).
 */
function cli(argv: string[], signal?: NodeJS.Signals, afterMs = 0): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...argv], { cwd: dir, env: { ...process.env, DYNAMARGIN_TEST_SIGNALS_READY: '1' } });
    let stdout = '';
    let stderr = '';
    let timer: ReturnType<typeof setTimeout> | undefined;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      if (signal && timer === undefined && stderr.includes(SIGNALS_READY)) timer = setTimeout(() => child.kill(signal), afterMs);
    });
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      resolve({ code, signal: sig, stdout, stderr: stderr.replace(SIGNALS_READY, '') });
    });
  });
}

/** A var run long enough (several seconds) to be interrupted while computing. */
const LONG_VAR = ['var', '--market', 'w1-market.json', '--portfolio', 'w1-portfolio.json', '--scenarios', '100000', '--threads', '2'];

describe('interrupting the CLI', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('var --out: %s while computing exits %i, says so, and leaves no file', async (signal, exitCode) => {
    const r = await cli([...LONG_VAR, '--out', 'risk.json'], signal, 1200);
    expect(r.signal).toBeNull(); // handled, not killed by the signal
    expect(r.code, r.stderr).toBe(exitCode);
    expect(r.stderr).toBe(
      `\n${signal}: stopping once the running kernel calls finish (send it again to stop at once)\n` +
        `error: interrupted by ${signal}; stopped without writing output\n`,
    );
    expect(r.stdout).toBe('');
    expect(readdirSync(dir).sort()).toEqual(INPUTS); // no risk.json, no .risk.json.*.tmp
  });

  it('calibrate --out: SIGINT exits 130 with no report folder contents and no temp files', async () => {
    const r = await cli(['calibrate', '--out', 'report', '--threads', '2', '--scenarios', '400000'], 'SIGINT', 700);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/error: interrupted by SIGINT; stopped without writing output\n$/);
    const files = readdirSync(dir).sort();
    expect(files.filter((f) => !INPUTS.includes(f) && f !== 'report')).toEqual([]);
    if (files.includes('report')) expect(readdirSync(join(dir, 'report'))).toEqual([]);
    rmSync(join(dir, 'report'), { recursive: true, force: true });
  });

  it('vol --out: SIGINT while it reads and computes exits 130 and writes nothing (vol used to ignore it)', async () => {
    // 500,000 minute bars: about 5 s of parsing and computing, far longer than the delay before the signal
    const rows = ['date,open,high,low,close'];
    for (let i = 0, c = 100; i < 500_000; i++) {
      const o = c;
      c = o * (1 + (((i * 7919) % 13) - 6) / 1000);
      rows.push(`${1e12 + i * 60_000},${o},${Math.max(o, c) * 1.001},${Math.min(o, c) * 0.999},${c}`);
    }
    writeFileSync(join(dir, 'minutes.csv'), rows.join('\n') + '\n');
    const r = await cli(['vol', '--prices', 'minutes.csv', '--estimator', 'yang-zhang', '--out', 'vol.json', '--threads', '1'], 'SIGINT', 1200);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/error: interrupted by SIGINT; stopped without writing output\n$/);
    expect(readdirSync(dir).sort()).toEqual([...INPUTS, 'minutes.csv'].sort());
  });

  it('var --timeout: past the deadline exits 124 with a message and no file', async () => {
    const r = await cli([...LONG_VAR, '--out', 'risk.json', '--timeout', '0.2']);
    expect(r.code, r.stderr).toBe(124);
    expect(r.stderr).toBe('error: var timed out after 200 ms; stopped without writing output\n');
    expect(readdirSync(dir).sort()).toEqual(INPUTS);
  });

  it('calibrate --timeout: past the deadline exits 124; a generous one changes nothing', async () => {
    const r = await cli(['calibrate', '--out', 'report', '--threads', '2', '--timeout', '0.05']);
    expect(r.code, r.stderr).toBe(124);
    expect(r.stderr).toBe('error: calibrate timed out after 50 ms; stopped without writing output\n');
    expect(readdirSync(dir).sort()).toEqual(INPUTS);
    const ok = await cli(['var', '--market', 'market.json', '--portfolio', 'portfolio.json', '--scenarios', '1000', '--timeout', '600']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).accounts.length).toBe(fx.portfolio.accounts.length);
  });

  it.runIf(process.platform === 'linux')('a memory limit too low for the kernel memory: a clear message naming it, exit 1, no raw stack', async () => {
    const r = await new Promise<Outcome>((resolve) => {
      const child = spawn('bash', ['-c', `ulimit -v 4000000; exec "${process.execPath}" "${BIN}" var --market market.json --portfolio portfolio.json --scenarios 1000 --threads 1`], { cwd: dir });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toBe(
      "error: dynamargin: could not reserve the kernel memory (4 GiB of address space for WebAssembly): WebAssembly.Memory(): could not allocate memory; the process's memory limit (e.g. ulimit -v) is too low for it\n" +
        '(run again with --debug for a stack trace)\n',
    );
  });

  it('--timeout must be a positive number of seconds', async () => {
    for (const bad of ['0', '-1']) {
      const r = await cli(['var', '--market', 'market.json', '--portfolio', 'portfolio.json', '--timeout', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`error: --timeout: must be a number of seconds in (0, 2000000]; got ${Number(bad)}\n`);
    }
    const r = await cli(['calibrate', '--out', 'report', '--timeout', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: option '--timeout <seconds>' argument 'soon' is invalid\. must be a finite number/);
  });
});
