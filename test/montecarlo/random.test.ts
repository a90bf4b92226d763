// Philox4x32-10, the uniform stream layout and AS241 normals: Wasm kernels and TS twins against
// published known answers, an independent Python implementation, scipy and mpmath.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  normalQuantile, normalQuantileBatch, philox4x32_10, uniformFromBits, uniforms,
} from '../../src/twin/random.js';
import { WasmKernels } from '../../src/wasm/kernels.js';
import { readWasm } from '../../src/wasm/node-source.js';
import { fcParams } from '../properties/randomBook.js';

const wasm = await WasmKernels.create(await readWasm());

const normalFixture = JSON.parse(readFileSync(new URL('../fixtures/mc_normal.json', import.meta.url), 'utf8')) as {
  quantile: { p: number; scipy: number; exact: number }[];
};
const scenarioFixture = JSON.parse(readFileSync(new URL('../fixtures/mc_scenarios.json', import.meta.url), 'utf8')) as {
  uniforms: { seed: number; scenario: number; stream: number; dimStart: number; u: number[] }[];
};

/** Distance in units in the last place between two finite doubles of the same sign. */
function ulpDistance(a: number, b: number): number {
  const v = new Float64Array([a, b]);
  const i = new BigInt64Array(v.buffer);
  const d = i[0] - i[1];
  return Number(d < 0n ? -d : d);
}

// Known answers: Random123 `tests/kat_vectors`, the three "philox4x32 10" lines, as reproduced in
// DEShawResearch/Random123-Boost libs/random/test/test_philox.cpp (commit 916db91a):
// counter (4 words), key (2 words) -> output (4 words).
const KAT: [number[], number[], number[]][] = [
  [[0, 0, 0, 0], [0, 0], [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]],
  [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]],
  [[0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]],
];

describe('Philox4x32-10', () => {
  it.each(KAT.map((k, i) => [i, ...k]))('Random123 known answer %i (Wasm and twin)', (_i, ctr, key, want) => {
    expect(Array.from(wasm.philox4x32(ctr, key))).toEqual(want);
    const [c0, c1, c2, c3] = ctr;
    expect(Array.from(philox4x32_10(c0, c1, c2, c3, key[0], key[1]))).toEqual(want);
  });

  it('twin equals Wasm on random counters and keys', () => {
    const u32 = fc.integer({ min: 0, max: 0xffffffff });
    fc.assert(
      fc.property(fc.array(u32, { minLength: 6, maxLength: 6 }), (w) => {
        const out = Array.from(philox4x32_10(w[0], w[1], w[2], w[3], w[4], w[5]));
        expect(Array.from(wasm.philox4x32(w.slice(0, 4), w.slice(4)))).toEqual(out);
      }),
      fcParams(500),
    );
  });
});

describe('uniform stream', () => {
  it.each(scenarioFixture.uniforms.map((c) => [c.seed, c.scenario, c.stream, c]))(
    'matches the independent Python stream layout exactly (seed %d, scenario %d, stream %d)',
    (_s, _m, _st, c) => {
      const w = new Float64Array(c.u.length);
      wasm.uniforms(c.seed, c.scenario, c.stream, c.dimStart, w);
      expect(Array.from(w)).toEqual(c.u);
      const t = new Float64Array(c.u.length);
      uniforms(c.seed, c.scenario, c.stream, c.dimStart, t);
      expect(Array.from(t)).toEqual(c.u);
    },
  );

  it('maps the extreme 64-bit words strictly inside (0,1), symmetrically', () => {
    expect(uniformFromBits(0, 0)).toBe(2 ** -53);
    expect(uniformFromBits(0xffffffff, 0xffffffff)).toBe(1 - 2 ** -53);
    expect(uniformFromBits(0xffffffff, 0xffffffff)).toBeLessThan(1);
    // u(bits) + u(~bits) = 1 exactly on the midpoint grid
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }), (lo, hi) => {
        expect(uniformFromBits(lo, hi) + uniformFromBits(~lo >>> 0, ~hi >>> 0)).toBe(1);
      }),
    );
  });
});

describe('normal quantile (Wichura AS241)', () => {
  const ps = Float64Array.from(normalFixture.quantile, (r) => r.p);
  const wasmZ = new Float64Array(ps.length);
  wasm.normalQuantileBatch(ps, wasmZ);
  const twinZ = new Float64Array(ps.length);
  normalQuantileBatch(ps, twinZ);

  it('matches scipy.special.ndtri to 1e-14 relative, far tails (1e-300) included', () => {
    normalFixture.quantile.forEach((r, i) => {
      for (const z of [wasmZ[i], twinZ[i]]) {
        expect(Math.abs(z - r.scipy), `p=${r.p}`).toBeLessThanOrEqual(1e-14 * Math.abs(r.scipy));
      }
    });
  });

  it('is within 4 ulp of the exact (mpmath) quantile', () => {
    let worst = 0;
    normalFixture.quantile.forEach((r, i) => {
      if (r.exact === 0) {
        expect(wasmZ[i]).toBe(0);
        return;
      }
      worst = Math.max(worst, ulpDistance(wasmZ[i], r.exact), ulpDistance(twinZ[i], r.exact));
    });
    expect(worst).toBeLessThanOrEqual(4);
  });

  it('Wasm and twin agree to 1e-15 relative, bit-identical in the central branch (no log there)', () => {
    // 100k stream uniforms plus the fixture grid. AssemblyScript's NativeMath.log and V8's Math.log
    // differ by 1 ulp on ~7 % of arguments; in the tails (|p - 0.5| > 0.425) that moves z by <= 2 ulp.
    const u = new Float64Array(100_000);
    wasm.uniforms(42, 7, 0, 0, u);
    const p = Float64Array.from([...u, ...ps]);
    const w = new Float64Array(p.length);
    wasm.normalQuantileBatch(p, w);
    let centralMismatches = 0;
    let differ = 0;
    let worstRel = 0;
    p.forEach((pi, i) => {
      const t = normalQuantile(pi);
      if (w[i] === t) return;
      if (Math.abs(pi - 0.5) <= 0.425) centralMismatches++;
      differ++;
      worstRel = Math.max(worstRel, Math.abs(w[i] - t) / Math.abs(t));
    });
    expect(centralMismatches).toBe(0);
    expect(worstRel).toBeLessThanOrEqual(1e-15);
    expect(differ).toBeLessThan(p.length * 0.15 * 0.2); // a minority of the tail draws
  });

  it('is odd on the uniform grid: Phi^-1(1 - u) = -Phi^-1(u)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }), (lo, hi) => {
        const u = uniformFromBits(lo, hi);
        expect(normalQuantile(1 - u)).toBe(-normalQuantile(u));
      }),
    );
  });

  it('handles the closed-interval ends and bad input', () => {
    const p = Float64Array.from([0, 1, -0.1, 1.1, NaN, 0.5]);
    const w = new Float64Array(p.length);
    wasm.normalQuantileBatch(p, w);
    expect(Array.from(w)).toEqual([-Infinity, Infinity, NaN, NaN, NaN, 0]);
    expect(Array.from(p, normalQuantile)).toEqual([-Infinity, Infinity, NaN, NaN, NaN, 0]);
  });
});
