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

// Issue #17.7: the same example type-checks as a TypeScript file against the built package's types
// (the input types are zod's input types); a misspelt instrument kind in a copy does not.
it('the README library example type-checks with tsc --noEmit as a .ts file', async () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const example = /Runnable as is[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)![1];
  const dir = join(ROOT, 'test-output', `readme-ts-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'example.ts'), example);
  expect(example).toContain("kind: 'perpetual'");
  writeFileSync(join(dir, 'misspelt.ts'), example.replace("kind: 'perpetual'", "kind: 'perpetul'"));
  const tsconfig = { compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: ['node'], skipLibCheck: true }, files: ['example.ts', 'misspelt.ts'] };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
  try {
    const { stdout } = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { cwd: ROOT }, (err, stdout) => resolve({ code: err ? 1 : 0, stdout })),
    );
    const errors = stdout.split('\n').filter((l) => /error TS\d+/.test(l));
    expect(errors.filter((l) => l.includes('example.ts')), stdout).toEqual([]);
    expect(errors.some((l) => l.includes('misspelt.ts')), 'the check is real: a bad kind is an error').toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
