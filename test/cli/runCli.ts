// The CLI as the tests drive it: in process through `main` (fast) or spawned as bin/dynamargin.js
// (needs the build, which `npm test` runs first).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export const BIN = join(fileURLToPath(new URL('../..', import.meta.url)), 'bin', 'dynamargin.js');

/** `main(argv)` with buffered output. */
export async function runMain(...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}

/** bin/dynamargin.js run with `argv` in `cwd`: its exit code (-1 when killed) and output. */
export function spawnCli(cwd: string, ...argv: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...argv], { cwd, maxBuffer: 256 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}
