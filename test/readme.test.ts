// The README's library example runs as written (built package, imported by its name).
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

it('the README library example runs and prints its figures', async () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const example = /Runnable as is[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(example, 'README has the runnable example').toBeTruthy();
  mkdirSync(join(ROOT, 'test-output'), { recursive: true });
  const file = join(ROOT, 'test-output', 'readme-example.mjs');
  writeFileSync(file, example!);
  try {
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(process.execPath, [file], { cwd: ROOT }, (err, stdout, stderr) => resolve({ code: err ? 1 : 0, stdout, stderr })),
    );
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^BTC \{ date: '2026-11-20', vol: 0\.\d+ \}$/);
    expect(lines).toHaveLength(3);
  } finally {
    rmSync(file, { force: true });
  }
});
