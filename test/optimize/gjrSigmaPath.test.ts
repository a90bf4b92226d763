// gjrSigmaPath: on returns simulated from a known GJR-GARCH(1,1)-t, the quarterly-refitted forecast
// tracks the true conditional volatility; a history cut at any bar gives the same path up to the cut
// (each refit fits only returns known at its bar); NaN until a refit has 250 returns.
import { describe, expect, it } from 'vitest';
import { studentTQuantile } from '../../src/calibration/skewedT.js';
import { gjrSigmaPath, GJR_MIN_RETURNS } from '../../src/optimize/gjrSigmaPath.js';
import { uniforms } from './seededData.js';

const DAY_MS = 86_400_000;
const TRUE = { omega: 4e-6, alpha: 0.04, gamma: 0.08, beta: 0.9, dof: 5 };

/** Closes and the true one-step sigma (forecast at t for the return t -> t + 1). */
function simulate(n: number, seed: number) {
  const u = uniforms(seed);
  const scale = Math.sqrt((TRUE.dof - 2) / TRUE.dof); // unit-variance t
  const close = new Float64Array(n);
  const sigma = new Float64Array(n);
  let v = TRUE.omega / (1 - TRUE.alpha - TRUE.gamma / 2 - TRUE.beta);
  close[0] = 100;
  for (let t = 0; t + 1 < n; t++) {
    sigma[t] = Math.sqrt(v);
    const r = sigma[t] * scale * studentTQuantile(u(), TRUE.dof);
    close[t + 1] = close[t] * Math.exp(r);
    v = TRUE.omega + (r < 0 ? TRUE.alpha + TRUE.gamma : TRUE.alpha) * r * r + TRUE.beta * v;
  }
  sigma[n - 1] = Math.sqrt(v);
  const times = Float64Array.from({ length: n }, (_, t) => Date.parse('2018-01-01') + t * DAY_MS);
  return { close, sigma, times };
}

describe('gjrSigmaPath', () => {
  const { close, sigma, times } = simulate(2200, 3);
  const path = gjrSigmaPath(close, times, 1095);

  it('tracks the true conditional volatility once fitted on 1,095 returns', () => {
    let err = 0;
    let count = 0;
    for (let t = 1200; t < 2200; t++) {
      err += Math.abs(path[t] / sigma[t] - 1);
      count++;
    }
    expect(err / count).toBeLessThan(0.1);
  });

  it('is NaN until a quarter start with 250 known returns, then defined on every bar', () => {
    const first = path.findIndex(Number.isFinite);
    const d = new Date(times[first]);
    expect(d.getUTCDate()).toBe(1);
    expect(d.getUTCMonth() % 3).toBe(0);
    expect(first).toBeGreaterThanOrEqual(GJR_MIN_RETURNS);
    expect(first).toBeLessThan(GJR_MIN_RETURNS + 92);
    for (let t = first; t < path.length; t++) expect(path[t] > 0).toBe(true);
  });

  it('sets the same volatility up to any cut as on the full history', () => {
    const quarter = path.findIndex((_, t) => t > 1000 && new Date(times[t]).getUTCDate() === 1 && new Date(times[t]).getUTCMonth() % 3 === 0);
    for (const cut of [400, quarter - 1, quarter, quarter + 1, 1777]) {
      const part = gjrSigmaPath(close.subarray(0, cut), times.subarray(0, cut), 1095);
      for (let t = 0; t < cut; t++) if (!Object.is(part[t], path[t])) expect.fail(`bar ${t} differs when cut at ${cut}`);
    }
  });
});
