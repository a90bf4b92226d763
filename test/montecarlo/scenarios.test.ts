// Scenario kernel: against an independent Python/NumPy implementation of the same streams, split
// invariance, twin agreement and argument checks.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { scenarioReturns, type ScenarioOptions } from '../../src/twin/scenarios.js';
import { WasmKernels } from '../../src/wasm/kernels.js';
import { readWasm } from '../../src/wasm/node-source.js';

const wasm = await WasmKernels.create(await readWasm());

const fixture = JSON.parse(readFileSync(new URL('../fixtures/mc_scenarios.json', import.meta.url), 'utf8')) as {
  seed: number;
  chol: number[];
  scale: number[];
  dof: number;
  cases: { scenario: number; z: number[]; chiSquare: number; normal: number[]; studentT: number[] }[];
};
const N = fixture.scale.length;
const chol = Float64Array.from(fixture.chol);
const scale = Float64Array.from(fixture.scale);
const identity = Float64Array.from({ length: N * N }, (_, k) => (k % (N + 1) === 0 ? 1 : 0));
const ones = new Float64Array(N).fill(1);

type Generate = (opts: ScenarioOptions, out: Float64Array) => void;
const backends: [string, Generate][] = [
  ['wasm', (o, out) => wasm.scenarioReturns(o, out)],
  ['twin', scenarioReturns],
];

/** One scenario's row (scenarios past 2^31 - 1 are reached as the last row of a run from 2^31 - 1). */
function row(gen: Generate, scenario: number, extra: Partial<ScenarioOptions>): Float64Array {
  const start = Math.min(scenario, 2 ** 31 - 1);
  const count = scenario - start + 1;
  const out = new Float64Array(count * N);
  gen({ seed: fixture.seed, scenarioStart: start, count, chol, scale, model: 'normal', dof: fixture.dof, ...extra }, out);
  return out.slice((count - 1) * N);
}

describe.each(backends)('scenarioReturns (%s) vs the Python reference', (_name, gen) => {
  it.each(fixture.cases.map((c) => [c.scenario, c]))('scenario %d: normals, chi-square and both models', (_m, c) => {
    // identity L and unit scale expose the raw normals z (scipy.special.ndtri of the same uniforms)
    const z = row(gen, c.scenario, { chol: identity, scale: ones });
    z.forEach((v, j) => expect(Math.abs(v - c.z[j])).toBeLessThanOrEqual(1e-14 * Math.abs(c.z[j])));
    // ... and with the Student-t model, z * sqrt((nu - 2) / W): recovers the chi-square draw W
    const zt = row(gen, c.scenario, { chol: identity, scale: ones, model: 'student-t' });
    const w = ((fixture.dof - 2) * c.z[0] ** 2) / zt[0] ** 2;
    expect(Math.abs(w - c.chiSquare)).toBeLessThanOrEqual(1e-12 * c.chiSquare);
    // full returns: scale * (L @ z), to 1e-13 of scale_i * sum_j |L_ij z_j| (the sum may cancel);
    // for Student-t times g = sqrt((nu - 2) / W)
    const x = row(gen, c.scenario, {});
    const xt = row(gen, c.scenario, { model: 'student-t' });
    const g = Math.sqrt((fixture.dof - 2) / c.chiSquare);
    for (let i = 0; i < N; i++) {
      let size = 0;
      for (let j = 0; j <= i; j++) size += Math.abs(chol[i * N + j] * c.z[j]);
      expect(Math.abs(x[i] - c.normal[i])).toBeLessThanOrEqual(1e-13 * scale[i] * size);
      expect(Math.abs(xt[i] - c.studentT[i])).toBeLessThanOrEqual(1e-13 * scale[i] * size * g);
    }
  });
});

describe('scenarioReturns splits and backends', () => {
  const base = { seed: 77, chol, scale, dof: 6.5 };

  it.each(['normal', 'student-t'] as const)('any (scenarioStart, count) split is bit-identical (%s, Wasm and twin)', (model) => {
    const total = 1001;
    for (const [, gen] of backends) {
      const whole = new Float64Array(total * N);
      gen({ ...base, model, scenarioStart: 10, count: total }, whole);
      for (const cuts of [[10, 11, 1011], [10, 500, 501, 1011], [10, 333, 700, 1011]]) {
        const parts = new Float64Array(total * N);
        for (let k = 0; k + 1 < cuts.length; k++) {
          const part = new Float64Array((cuts[k + 1] - cuts[k]) * N);
          gen({ ...base, model, scenarioStart: cuts[k], count: cuts[k + 1] - cuts[k] }, part);
          parts.set(part, (cuts[k] - 10) * N);
        }
        expect(parts).toEqual(whole);
      }
    }
  });

  it.each(['normal', 'student-t'] as const)('Wasm and twin agree to 1e-13 relative (%s; Math.log/exp differ in the last bit)', (model) => {
    // 50 factors, equicorrelated 0.5
    const n = 50;
    const l = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let s = i === j ? 1 : 0.5;
        for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
        l[i * n + j] = i === j ? Math.sqrt(s) : s / l[j * n + j];
      }
    }
    const sc = Float64Array.from({ length: n }, (_, i) => 0.01 + 0.001 * i);
    const opts: ScenarioOptions = { seed: 2 ** 52 + 3, scenarioStart: 123_456, count: 2000, chol: l, scale: sc, model, dof: 4.5 };
    const w = new Float64Array(opts.count * n);
    const t = new Float64Array(opts.count * n);
    wasm.scenarioReturns(opts, w);
    scenarioReturns(opts, t);
    let worst = 0;
    let identical = 0;
    for (let k = 0; k < w.length; k++) {
      if (w[k] === t[k]) identical++;
      // relative to max(|x|, scale): returns that are sums of L z with cancellation
      worst = Math.max(worst, Math.abs(w[k] - t[k]) / Math.max(Math.abs(t[k]), sc[k % n]));
    }
    expect(worst).toBeLessThanOrEqual(1e-13);
    expect(identical).toBeGreaterThan(w.length * 0.9);
  });

  it('different seeds and scenarios give different rows; count 0 writes nothing', () => {
    const a = row(scenarioReturns, 5, { seed: 1 });
    const b = row(scenarioReturns, 5, { seed: 2 });
    const c = row(scenarioReturns, 6, { seed: 1 });
    expect(a).not.toEqual(b);
    expect(a).not.toEqual(c);
    const out = new Float64Array(3).fill(7);
    wasm.scenarioReturns({ ...base, model: 'normal', scenarioStart: 0, count: 0 }, out);
    expect(Array.from(out)).toEqual([7, 7, 7]);
  });

  it.each(backends)('rejects bad arguments with errors naming them (%s)', (_name, gen) => {
    const ok: ScenarioOptions = { seed: 1, scenarioStart: 0, count: 2, chol, scale, model: 'normal', dof: 5 };
    const out = new Float64Array(2 * N);
    const bad: [Partial<ScenarioOptions>, RegExp][] = [
      [{ seed: -1 }, /scenarioReturns\.seed: seed must be an integer/],
      [{ seed: 2 ** 53 }, /seed/],
      [{ seed: 1.5 }, /seed/],
      [{ scenarioStart: -1 }, /scenarioReturns\.scenarioStart/],
      [{ scenarioStart: 2 ** 31 }, /scenarioStart/],
      [{ count: 1.5 }, /scenarioReturns\.count/],
      [{ model: 'laplace' as never }, /scenarioReturns\.model/],
      [{ model: 'student-t', dof: 2 }, /scenarioReturns\.dof: dof must be a finite number > 2/],
      [{ model: 'student-t', dof: NaN }, /dof/],
    ];
    for (const [patch, msg] of bad) {
      expect(() => gen({ ...ok, ...patch }, out)).toThrow(InputError);
      expect(() => gen({ ...ok, ...patch }, out)).toThrow(msg);
    }
    expect(() => gen({ ...ok, chol: new Float64Array(N * N - 1) }, out)).toThrow(RangeError);
    expect(() => gen({ ...ok, count: 3 }, out)).toThrow(RangeError);
  });
});
