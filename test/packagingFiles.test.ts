/**
 * Packaging (#17.10): the shipped source maps resolve (each embeds its sources, since src/ is not in
 * the package), and the README's bundle and kernel sizes are those of the build.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function mapsUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? mapsUnder(join(dir, e.name)) : e.name.endsWith('.js.map') ? [join(dir, e.name)] : []));
}

describe('shipped files', () => {
  it('every source map in dist/ carries the content of each of its sources', () => {
    const maps = mapsUnder(join(ROOT, 'dist'));
    expect(maps.length).toBeGreaterThan(50);
    for (const file of maps) {
      const map = JSON.parse(readFileSync(file, 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
      expect(map.sourcesContent?.length, file).toBe(map.sources.length);
      expect(map.sourcesContent!.every((c) => typeof c === 'string' && c.length > 0), file).toBe(true);
    }
  });

  it('the README states the browser bundle and kernel sizes of the build (KiB, rounded)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const m = /\*\*(\d+) KiB \((\d+) KiB gzip\)\*\*, plus\s+the (\d+) KiB `\.wasm`/.exec(readme);
    expect(m, 'README names the bundle sizes').not.toBeNull();
    const bundle = readFileSync(join(ROOT, 'dist/browser/dynamargin.js'));
    const kib = (bytes: number) => bytes / 1024;
    // within 2 KiB (raw), 1 KiB (gzip, kernel): the README is refreshed when the build changes
    expect(Math.abs(Number(m![1]) - kib(bundle.length))).toBeLessThan(2);
    expect(Math.abs(Number(m![2]) - kib(gzipSync(bundle).length))).toBeLessThan(1);
    expect(Math.abs(Number(m![3]) - kib(statSync(join(ROOT, 'build/release.wasm')).size))).toBeLessThan(1);
  });
});
