// trainingStats merges month-block summaries; checked against a brute force over the raw bars of
// each refit's training window (sort every ratio, count transitions, scan peaks and increases).
import { describe, expect, it } from 'vitest';
import { christoffersen } from '../../src/backtest/christoffersen.js';
import { trainingStats, type TrainingWindow } from '../../src/optimize/trainingStats.js';
import { uniforms } from './seededData.js';

function bruteForce(shaped: Float64Array, loss: Float64Array, w: TrainingWindow, r: number) {
  const end = w.firstRefit + r;
  const start = Math.max(0, end - w.windowBlocks);
  let firstValid = -1;
  for (let j = 0; j < shaped.length; j++) if (shaped[j] > 0 && Number.isFinite(loss[j])) { firstValid = j; break; }
  const bars: number[] = [];
  for (let j = Math.max(0, w.bounds[start]); j < w.bounds[end]; j++) if (shaped[j] > 0 && Number.isFinite(loss[j])) bars.push(j);
  const days = bars.length;
  const ratios = bars.map((j) => loss[j] / shaped[j]).sort((a, b) => b - a);
  const m = Math.max(ratios[Math.min(days - 1, Math.round(w.targetRate * days))], 1e-9);
  const cost = (m * bars.reduce((s, j) => s + shaped[j], 0)) / days;
  const measured = bars.filter((j) => j - firstValid >= w.warmupBars);
  const peak = Math.max(...measured.map((j) => shaped[j]));
  const trough = Math.min(...measured.map((j) => shaped[j]));
  let increase = -Infinity;
  for (const j of measured) {
    const back = shaped[j - w.increaseBars];
    if (j - w.increaseBars - firstValid >= w.warmupBars && back > 0) increase = Math.max(increase, shaped[j] / back - 1);
  }
  // exceptions on the window's bars, consecutive in the indicator sequence (no gaps in this data)
  const flags = bars.map((j) => loss[j] / shaped[j] > m);
  return { days, m, cost, peakToTrough: measured.length ? peak / trough : NaN, increase, independenceP: christoffersen(flags, 0.99).pValueInd };
}

describe('trainingStats', () => {
  it.each([1, 2, 3])('matches a brute force over the raw bars at every refit (seed %i)', (seed) => {
    const rand = uniforms(seed);
    const n = 900;
    const shaped = new Float64Array(n);
    const loss = new Float64Array(n);
    let level = 0.05;
    let storm = 0;
    for (let t = 0; t < n; t++) {
      level *= Math.exp(0.08 * (rand() - 0.5));
      shaped[t] = t < 20 ? NaN : level;
      // heavy-tailed losses in clusters of 1-3 bars, so exceptions follow exceptions
      if (storm === 0 && rand() < 0.01) storm = 1 + Math.floor(3 * rand());
      loss[t] = t >= n - 1 ? NaN : level * 0.45 * (storm > 0 ? 3 + 4 * rand() : 2 * rand() - 1);
      if (storm > 0) storm--;
    }
    const bounds: number[] = [];
    for (let b = 0; b < n; b += 25 + Math.floor(rand() * 15)) bounds.push(b);
    bounds.push(n);
    const w: TrainingWindow = { bounds, firstRefit: 8, windowBlocks: 12, targetRate: 0.0085, maxExceptions: Math.round(0.0085 * 12 * 40) + 1, warmupBars: 60, increaseBars: 30 };
    const s = trainingStats(shaped, loss, w);
    expect(s.days.length).toBe(bounds.length - w.firstRefit);
    for (let r = 0; r < s.days.length; r++) {
      const b = bruteForce(shaped, loss, w, r);
      expect(s.days[r]).toBe(b.days);
      expect(s.multiplier[r]).toBe(b.m);
      expect(s.cost[r]).toBeCloseTo(b.cost, 12);
      expect(s.peakToTrough[r]).toBeCloseTo(b.peakToTrough, 12);
      if (Number.isFinite(b.increase)) expect(s.maxIncrease30d[r]).toBeCloseTo(b.increase, 12);
      else expect(s.maxIncrease30d[r]).toBeNaN();
      expect(s.independenceP[r]).toBeCloseTo(b.independenceP, 10);
    }
  });
});
