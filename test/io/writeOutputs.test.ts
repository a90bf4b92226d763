// Output safety (issue "Hardening II", items 4 and 5): what writeOutputs refuses to replace, what it
// writes through, and that a set of files is installed all together or not at all.
import { execFileSync } from 'node:child_process';
import { linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { removePendingTemps, tempName, writeFileAtomic, writeOutputs } from '../../src/io/writeFileAtomic.js';
import { AbortError } from '../../src/pool/cancel.js';
import { nullDevice } from '../hardening/helpers.js';

const root = mkdtempSync(join(tmpdir(), 'dynamargin-write-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dir: string;
let n = 0;
beforeEach(() => {
  dir = join(root, `case-${n++}`);
  mkdirSync(dir);
});
const put = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));
const read = (name: string) => readFileSync(join(dir, name), 'utf8');
async function refusal(run: () => Promise<unknown>): Promise<string> {
  const err = await run().then(() => undefined, (e: unknown) => e);
  if (!(err instanceof InputError)) throw new Error(`expected an InputError; got ${String(err)}`);
  return err.message;
}

describe('writeOutputs refuses to destroy what it should not', () => {
  it('an output that is an input: the same path, another spelling of it, a hard link, a symlinked input', async () => {
    const input = put('portfolio.json', '{"old":1}');
    expect(await refusal(() => writeFileAtomic(input, 'new', { inputs: [input] }))).toBe(`${input}: cannot write: it is the input ${input}; choose another output file`);
    const spelt = `${dir}/./portfolio.json`;
    expect(await refusal(() => writeFileAtomic(spelt, 'new', { inputs: [input] }))).toBe(`${spelt}: cannot write: it is the input ${input} (the same file); choose another output file`);
    linkSync(input, join(dir, 'hard.json'));
    expect(await refusal(() => writeFileAtomic(join(dir, 'hard.json'), 'new', { inputs: [input] }))).toMatch(/it is the input .*portfolio\.json \(the same file\)/);
    symlinkSync(input, join(dir, 'alias.json'));
    expect(await refusal(() => writeFileAtomic(input, 'new', { inputs: [join(dir, 'alias.json')] }))).toMatch(/it is the input .*alias\.json \(the same file\)/);
    expect(read('portfolio.json')).toBe('{"old":1}');
    expect(readdirSync(dir).sort()).toEqual(['alias.json', 'hard.json', 'portfolio.json']);
  });

  it('a symbolic link, a FIFO and a directory are refused and left as they were', async () => {
    const target = put('target.json', 'kept');
    symlinkSync(target, join(dir, 'link.json'));
    expect(await refusal(() => writeFileAtomic(join(dir, 'link.json'), 'new'))).toMatch(/link\.json: cannot write: it is a symbolic link, which dynamargin does not replace/);
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(read('target.json')).toBe('kept');
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    expect(await refusal(() => writeFileAtomic(join(dir, 'pipe'), 'new'))).toMatch(/pipe: cannot write: it is a named pipe \(FIFO\), which dynamargin does not replace; leave out --out/);
    expect(lstatSync(join(dir, 'pipe')).isFIFO()).toBe(true);
    mkdirSync(join(dir, 'folder'));
    expect(await refusal(() => writeFileAtomic(join(dir, 'folder'), 'new'))).toMatch(/folder: cannot write: is a directory$/);
    expect(readdirSync(dir).sort()).toEqual(['folder', 'link.json', 'pipe', 'target.json']);
  });

  it('a character device is written through and stays a device (/dev/null)', async () => {
    const device = nullDevice(dir);
    await writeFileAtomic(device, 'x'.repeat(100_000));
    expect(lstatSync(device).isCharacterDevice()).toBe(true);
  });

  it('a 255-byte file name (the longest legal one) can be written; the temporary name fits too', async () => {
    for (const name of ['a'.repeat(255), `${'é'.repeat(126)}abc`]) {
      expect(Buffer.byteLength(name)).toBe(255);
      await writeFileAtomic(join(dir, name), 'long');
      expect(read(name)).toBe('long');
      expect(Buffer.byteLength(tempName(join(dir, name)).slice(dir.length + 1))).toBeLessThanOrEqual(255);
    }
    expect(readdirSync(dir).length).toBe(2);
  });
});

describe('writeOutputs installs a set of files all together or not at all', () => {
  const set = () => [
    { path: join(dir, 'report.json'), text: 'new json' },
    { path: join(dir, 'report.html'), text: 'new html'.repeat(200_000) },
  ];

  it('aborted while the temporary files are written: both files stay old, no temporary file remains, AbortError', async () => {
    put('report.json', 'old json');
    put('report.html', 'old html');
    const controller = new AbortController();
    const writing = writeOutputs(set(), { signal: controller.signal });
    controller.abort(new AbortError('dynamargin: interrupted by SIGINT'));
    await expect(writing).rejects.toMatchObject({ name: 'AbortError', message: 'dynamargin: interrupted by SIGINT' });
    expect([read('report.json'), read('report.html')]).toEqual(['old json', 'old html']);
    expect(readdirSync(dir).sort()).toEqual(['report.html', 'report.json']);
  });

  it('one file that cannot be written: neither is installed', async () => {
    put('report.json', 'old json');
    const files = [set()[0], { path: join(dir, 'missing', 'report.html'), text: 'x' }];
    expect(await refusal(() => writeOutputs(files))).toBe(`${join(dir, 'missing', 'report.html')}: cannot write: the folder does not exist`);
    expect(read('report.json')).toBe('old json');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('removePendingTemps (a forced exit) removes the temporary files of a write in progress', async () => {
    const writing = writeOutputs(set()).catch(() => 'failed');
    await new Promise((r) => setImmediate(r));
    removePendingTemps();
    await writing;
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('not aborted: both files are new', async () => {
    put('report.json', 'old json');
    await writeOutputs(set(), { signal: new AbortController().signal });
    expect(read('report.json')).toBe('new json');
    expect(read('report.html')).toBe('new html'.repeat(200_000));
    expect(readdirSync(dir).sort()).toEqual(['report.html', 'report.json']);
  });
});
