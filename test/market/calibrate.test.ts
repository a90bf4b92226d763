import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { calibrateMarket } from '../../src/market/calibrate.js';
import { ewmaCovariance } from '../../src/market/ewmaCovariance.js';
import { checkCorrelation } from '../../src/linalg/checkCorrelation.js';
import { cholesky } from '../../src/linalg/cholesky.js';
import { InputError } from '../../src/errors.js';
import type { PriceSeries } from '../../src/prices/types.js';
import { normals } from '../testData.js';
import { fcParams } from '../properties/randomBook.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2020, 0, 1);

function series(symbol: string, days: number[], close: number[]): PriceSeries {
  const c = Float64Array.from(close);
  return {
    symbol,
    dates: days.map((d) => new Date(T0 + d * DAY).toISOString().slice(0, 10)),
    times: Float64Array.from(days, (d) => T0 + d * DAY),
    open: c, high: c, low: c, close: c,
  };
}

/** Daily closes of n assets with annual vols `vol` and return correlation `corr` (lower factor `l`). */
function simulate(steps: number, vol: number[], l: number[][], seed: number): PriceSeries[] {
  const z = normals(seed);
  const n = vol.length;
  const logs = vol.map(() => [Math.log(100)]);
  for (let t = 0; t < steps; t++) {
    const e = vol.map(() => z());
    for (let i = 0; i < n; i++) {
      let x = 0;
      for (let k = 0; k <= i; k++) x += l[i][k] * e[k];
      logs[i].push(logs[i][t] + (vol[i] / Math.sqrt(365)) * x);
    }
  }
  const days = Array.from({ length: steps + 1 }, (_, d) => d);
  return logs.map((lg, i) => series(`A${i}`, days, lg.map(Math.exp)));
}

// Correlation [[1, .6, -.3], [.6, 1, .2], [-.3, .2, 1]] and its Cholesky factor (closed form for 3x3).
const RHO = [[1, 0.6, -0.3], [0.6, 1, 0.2], [-0.3, 0.2, 1]];
const L21 = 0.6;
const L22 = Math.sqrt(1 - 0.36);
const L31 = -0.3;
const L32 = (0.2 - L31 * L21) / L22;
const L = [[1], [L21, L22], [L31, L32, Math.sqrt(1 - L31 ** 2 - L32 ** 2)]];
const VOL = [0.5, 0.8, 0.3];

describe('calibrateMarket', () => {
  it('recovers known vols and correlations within EWMA sampling error (λ = 0.999, 4000 days)', () => {
    const lambda = 0.999;
    const m = calibrateMarket(simulate(4000, VOL, L, 11), { lambda, lookbackDays: 4000, seedReturns: 500 });
    // Zero-mean Gaussian returns: sd(σ̂)/σ ≈ sqrt(Σw²/2), sd(ρ̂) ≈ (1 − ρ²) sqrt(Σw²), Σw² ≈ (1−λ)/(1+λ).
    const sumW2 = (1 - lambda) / (1 + lambda);
    VOL.forEach((v, i) => expect(Math.abs(m.vol[i] / v - 1)).toBeLessThan(4 * Math.sqrt(sumW2 / 2)));
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < i; j++) {
        expect(Math.abs(m.correlation[i * 3 + j] - RHO[i][j])).toBeLessThan(4 * (1 - RHO[i][j] ** 2) * Math.sqrt(sumW2));
      }
    }
  });

  it('recovers vols with the RiskMetrics defaults within sampling error (averaged over 40 paths)', () => {
    // λ = 0.94: sd(σ̂)/σ ≈ sqrt((1−λ)/(2(1+λ))) ≈ 12% for one path; the mean of 40 paths ≈ 2%.
    let sum = 0;
    for (let p = 0; p < 40; p++) sum += calibrateMarket(simulate(400, VOL, L, 100 + p)).vol[1];
    expect(Math.abs(sum / 40 / VOL[1] - 1)).toBeLessThan(4 * Math.sqrt(0.06 / (2 * 1.94)) / Math.sqrt(40));
  });

  it('EWMA covariance equals the direct weighted sum', () => {
    const z = normals(5);
    const mRet = 60;
    const n = 4;
    const r = Float64Array.from({ length: mRet * n }, () => 0.03 * z());
    for (const [lambda, k] of [[0.94, 30], [0.9, 1], [0.97, 60], [0.5, 100]] as const) {
      const cov = ewmaCovariance(r, mRet, n, lambda, k);
      const kk = Math.min(k, mRet);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let seed = 0;
          for (let t = 0; t < kk; t++) seed += r[t * n + i] * r[t * n + j];
          let direct = lambda ** (mRet - kk) * (seed / kk);
          for (let t = kk; t < mRet; t++) direct += (1 - lambda) * lambda ** (mRet - 1 - t) * r[t * n + i] * r[t * n + j];
          expect(Math.abs(cov[i * n + j] - direct)).toBeLessThan(1e-14 * Math.abs(direct) + 1e-19);
        }
      }
    }
  });

  it('aligns series on common dates, takes spot as the last close, annualizes with 365', () => {
    // A trades daily; B misses day 3 and has an extra later bar. Common days: 0..12 without 3.
    const aDays = Array.from({ length: 13 }, (_, d) => d);
    const bDays = [...aDays.filter((d) => d !== 3), 13];
    const aClose = aDays.map((d) => 100 * Math.exp(0.01 * (d % 2 === 0 ? d : -d)));
    const bClose = bDays.map((d) => 50 + d);
    const m = calibrateMarket([series('A', aDays, aClose), series('B', bDays, bClose)], { lambda: 0.9, seedReturns: 3 });
    const common = aDays.filter((d) => d !== 3);
    expect(m.asOf).toBe(new Date(T0 + 12 * DAY).toISOString());
    expect(m.asOfMs).toBe(T0 + 12 * DAY);
    expect(Array.from(m.spot)).toEqual([aClose[12], 62]); // B's day-13 bar is after asOf
    const ra = common.slice(1).map((d, t) => Math.log(aClose[d] / aClose[common[t]]));
    const rb = common.slice(1).map((d, t) => Math.log((50 + d) / (50 + common[t])));
    const flat = Float64Array.from(ra.flatMap((x, t) => [x, rb[t]]));
    const cov = ewmaCovariance(flat, ra.length, 2, 0.9, 3);
    expect(m.vol[0]).toBeCloseTo(Math.sqrt(365 * cov[0]), 12);
    expect(m.vol[1]).toBeCloseTo(Math.sqrt(365 * cov[3]), 12);
    expect(m.correlation[1]).toBeCloseTo(cov[1] / Math.sqrt(cov[0] * cov[3]), 12);
  });

  it('honours asOf and lookbackDays', () => {
    const s = simulate(100, VOL, L, 3);
    const m = calibrateMarket(s, { asOf: new Date(T0 + 50 * DAY).toISOString(), lookbackDays: 20 });
    expect(Array.from(m.spot)).toEqual(s.map((x) => x.close[50]));
    const same = calibrateMarket(s.map((x) => series(x.symbol, Array.from({ length: 21 }, (_, d) => d + 30), Array.from(x.close.slice(30, 51)))));
    expect(Array.from(m.vol)).toEqual(Array.from(same.vol));
  });

  it('rejects too few common returns, bad closes, duplicate symbols and bad options', () => {
    const s = simulate(9, VOL, L, 1);
    expect(() => calibrateMarket(s)).toThrow('series: only 9 common log returns in the 365-day lookback');
    const ok = simulate(30, VOL, L, 1);
    ok[1].close[7] = 0;
    expect(() => calibrateMarket(ok)).toThrow('A1: close on 2020-01-08 is 0: must be a finite number > 0');
    const dup = simulate(30, VOL, L, 1);
    dup[2].symbol = 'A0';
    expect(() => calibrateMarket(dup)).toThrow('duplicate symbol "A0"');
    expect(() => calibrateMarket(simulate(30, VOL, L, 1), { lambda: 1 })).toThrow(InputError);
    expect(() => calibrateMarket(simulate(30, VOL, L, 1), { lambda: 1 })).toThrow('lambda: must be in (0, 1); got 1');
  });

  it('always yields a correlation passing checkCorrelation and cholesky (also with more assets than returns)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 25 }), fc.integer({ min: 10, max: 40 }), fc.integer(), fc.double({ min: 0.5, max: 0.999, noNaN: true }), (n, steps, seed, lambda) => {
        const z = normals(seed);
        const common = z(); // one common factor so that assets are strongly correlated
        const days = Array.from({ length: steps + 1 }, (_, d) => d);
        const all = Array.from({ length: n }, (_, i) => {
          let x = 0;
          return series(`S${i}`, days, days.map(() => Math.exp((x += 0.02 * (common + (i % 3 === 0 ? 0 : 0.3) * z())))));
        });
        const m = calibrateMarket(all, { lambda });
        checkCorrelation(m.correlation, n, m.symbols, 'calibrated');
        cholesky(m.correlation, n);
        m.vol.forEach((v) => expect(Number.isFinite(v) && v >= 0).toBe(true));
      }),
      fcParams(150),
    );
  });
});
