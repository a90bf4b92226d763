// Wasm kernels and TS twin against independent NumPy values (two-pass per window) on real daily
// OHLC data: BTC-USD and ETH-USD, first 400 rows each, every estimator, windows 10 and 30.
// Fixture and generator: test/fixtures/vol_btc_eth_daily.json, test/fixtures/make_vol_fixtures.py.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { rollingVolatility as twin } from '../../src/twin/rollingVolatility.js';
import { ESTIMATORS, type PricePanel, type VolatilityKernel } from '../../src/volatility/types.js';
import { WasmKernels } from '../../src/wasm/kernels.js';
import { readWasm } from '../../src/wasm/node-source.js';

interface FixtureSeries {
  symbol: string;
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  /** key `${estimator}/${window}`: annualized vol per point, null where undefined */
  expected: Record<string, (number | null)[]>;
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/vol_btc_eth_daily.json', import.meta.url), 'utf8')) as {
  lambda: number;
  annualization: number;
  windows: number[];
  series: FixtureSeries[];
};

let wasm: WasmKernels;
beforeAll(async () => {
  wasm = await WasmKernels.create(await readWasm());
});

/** Both series in one panel, so the per-series offsets are exercised too. */
function panel(): PricePanel {
  const s = fixture.series;
  const offsets = new Int32Array(s.length + 1);
  s.forEach((x, i) => (offsets[i + 1] = offsets[i] + x.close.length));
  const flat = (k: 'open' | 'high' | 'low' | 'close'): Float64Array => Float64Array.from(s.flatMap((x) => x[k]));
  return { offsets, open: flat('open'), high: flat('high'), low: flat('low'), close: flat('close') };
}

const cases = ESTIMATORS.flatMap((estimator) => fixture.windows.map((window) => [estimator, window] as const));
const kernels: [string, () => VolatilityKernel][] = [
  ['wasm', () => wasm],
  ['twin', () => ({ rollingVolatility: twin })],
];

describe.each(kernels)('%s vs NumPy fixtures (BTC, ETH daily, 400 rows)', (_name, kernel) => {
  it.each(cases)('%s, window %i: 1e-9 relative, same undefined points', (estimator, window) => {
    const p = panel();
    const out = new Float64Array(p.close.length);
    kernel().rollingVolatility(p, { estimator, window, lambda: fixture.lambda, annualization: fixture.annualization }, out);
    const expected = fixture.series.flatMap((s) => s.expected[`${estimator}/${window}`]);
    expect(expected.length).toBe(out.length);
    let defined = 0;
    for (let i = 0; i < out.length; i++) {
      const e = expected[i];
      if (e === null) {
        expect(out[i], `point ${i}`).toBeNaN();
      } else {
        defined++;
        expect(Math.abs(out[i] - e), `point ${i}: ${out[i]} vs ${e}`).toBeLessThanOrEqual(1e-9 * Math.abs(e));
      }
    }
    expect(defined).toBeGreaterThan(700); // the comparison really ran over both series
  });
});
