/**
 * What `npm pack` ships: the license, the CLI, the compiled library and the two release kernels
 * (shared and private memory); not the debug kernel, its map or the text formats.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

interface PackEntry {
  files: { path: string }[];
}

describe('package contents (npm pack --dry-run)', () => {
  it('ships LICENSE, README, bin and both release kernels, and no debug build', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const paths = (JSON.parse(out) as PackEntry[])[0].files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'bin/dynamargin.js', 'build/release.wasm', 'build/release-private.wasm', 'dist/index.js']));
    expect(paths.filter((p) => p.startsWith('build/')).sort()).toEqual(['build/release-private.wasm', 'build/release.wasm']);
    expect(paths.filter((p) => /debug|\.wat$/.test(p))).toEqual([]);
    // the JSON Schemas of the input files and the policy (#17.6)
    expect(paths).toEqual(expect.arrayContaining(['schemas/market.schema.json', 'schemas/portfolio.schema.json', 'schemas/policy.schema.json']));
  }, 30_000);
});
