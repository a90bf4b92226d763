// Rolling volatility panel: each estimator, Wasm vs plain-TS twin, 1 and 2 threads, next to the NumPy peer.
//   node bench/volatility.js [--series 100] [--points 100000] [--window 30] [--iterations 5]
import { parseArgs } from 'node:util';
import { createEngine, ESTIMATORS } from '../dist/index.js';
import { bench, medianMs, runPeer, saveResult } from './lib.js';

const { values } = parseArgs({
  options: {
    series: { type: 'string', default: '100' },
    points: { type: 'string', default: '100000' },
    window: { type: 'string', default: '30' },
    iterations: { type: 'string', default: '5' },
  },
});
const nSeries = Number(values.series);
const nPoints = Number(values.points);
const window = Number(values.window);

/** Seeded random-walk OHLC panel (mulberry32 uniforms, 3% daily moves like the NumPy peer). */
function panel() {
  let a = 3;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: nSeries }, (_, s) => {
    const open = new Float64Array(nPoints), high = new Float64Array(nPoints), low = new Float64Array(nPoints), close = new Float64Array(nPoints);
    let prev = 100;
    for (let i = 0; i < nPoints; i++) {
      open[i] = prev * Math.exp(0.004 * (rand() - 0.5));
      close[i] = open[i] * Math.exp(0.1 * (rand() - 0.5));
      high[i] = Math.max(open[i], close[i]) * (1 + 0.01 * rand());
      low[i] = Math.min(open[i], close[i]) * (1 - 0.01 * rand());
      prev = close[i];
    }
    return { symbol: `S${s}`, dates: [], times: new Float64Array(nPoints), open, high, low, close };
  });
}

const series = panel();
const totalPoints = nSeries * nPoints;
const configs = [
  ['wasm', 1], ['wasm', 2], ['ts', 1], ['ts', 2],
];
const engines = Object.fromEntries(
  await Promise.all(configs.map(async ([backend, threads]) => [`${backend}x${threads}`, await createEngine({ backend, threads })])),
);

const b = bench('rolling volatility', Number(values.iterations));
const out = new Float64Array(totalPoints); // reused: the output array is the caller's (see Engine.volatilityPanel)
for (const estimator of ESTIMATORS) {
  for (const key of Object.keys(engines)) {
    b.add(`${estimator} ${key}`, async () => {
      await engines[key].volatilityPanel(series, { estimator, window }, out);
    });
  }
}
await b.run();
await Promise.all(Object.values(engines).map((e) => e.close()));

const peer = runPeer('numpy_vol_peer.py', ['--series', String(nSeries), '--points', String(nPoints), '--window', String(window)], 3, 'close_s');
const rows = ESTIMATORS.map((estimator) => {
  const ns = Object.fromEntries(Object.keys(engines).map((k) => [k, (medianMs(b, `${estimator} ${k}`) * 1e6) / totalPoints]));
  const peerS = peer[`${estimator}_s`];
  return {
    estimator,
    nsPerPoint: ns,
    wasmVsTs1: ns.tsx1 / ns.wasmx1,
    wasmVsTs2: ns.tsx2 / ns.wasmx2,
    threadScalingWasm: ns.wasmx1 / ns.wasmx2,
    numpyNsPerPoint: peerS === undefined ? null : (peerS * 1e9) / totalPoints,
    wasm2VsNumpy: peerS === undefined ? null : (peerS * 1e9) / totalPoints / ns.wasmx2,
  };
});

const f = (x, d = 2) => (x === null || x === undefined ? '-' : x.toFixed(d));
console.log(`\nRolling volatility, ${nSeries} series x ${nPoints} points, window ${window} (median of ${values.iterations} runs; ns per point)`);
console.log('estimator        wasm x1  wasm x2    ts x1    ts x2  numpy | wasm/ts x1  wasm/ts x2  x2 scaling  wasm x2 vs numpy');
for (const r of rows) {
  const n = r.nsPerPoint;
  console.log(
    `${r.estimator.padEnd(16)} ${f(n.wasmx1).padStart(7)} ${f(n.wasmx2).padStart(8)} ${f(n.tsx1).padStart(8)} ${f(n.tsx2).padStart(8)} ${f(r.numpyNsPerPoint).padStart(6)} |` +
      ` ${f(r.wasmVsTs1).padStart(9)}x ${f(r.wasmVsTs2).padStart(10)}x ${f(r.threadScalingWasm).padStart(10)}x ${f(r.wasm2VsNumpy).padStart(16)}${r.wasm2VsNumpy === null ? '' : 'x'}`,
  );
}
if (peer.unavailable) console.log(`NumPy peer not run: ${peer.unavailable}`);
saveResult('volatility', { series: nSeries, points: nPoints, window, iterations: Number(values.iterations), peer, rows });
