// trainingStats (month-block summaries merged per refit) against a brute force over the raw bars of
// each refit's training window, on random paths, losses and block bounds: days, multiplier (the
// (k+1)-th largest loss / rate ratio, k = round(target x days)), cost, peak / trough and the largest
// 30-day increase after the warm-up (counted from the path's first valid bar), and the Christoffersen
// independence p-value from transition counts built here from the window's exception sequence.
import { describe, expect, it } from 'vitest';
import { chiSquareSurvival } from '../../src/backtest/chiSquare.js';
import { independenceLr } from '../../src/backtest/christoffersen.js';
import { trainingStats, type TrainingWindow } from '../../src/optimize/trainingStats.js';
import { uniforms } from './seededData.js';

interface Case {
  shaped: Float64Array;
  loss: Float64Array;
  w: TrainingWindow;
}

/** Random path, losses (clustered heavy tails) and bounds; `gaps` puts NaN / non-positive rates and NaN losses inside. */
function randomCase(seed: number, gaps: boolean): Case {
  const u = uniforms(seed);
  const n = 500 + Math.floor(400 * u());
  const lead = Math.floor(60 * u());
  const tail = 1 + Math.floor(10 * u());
  const shaped = new Float64Array(n);
  const loss = new Float64Array(n);
  let level = 0.04;
  let storm = 0;
  for (let t = 0; t < n; t++) {
    level *= Math.exp(0.12 * (u() - 0.5));
    shaped[t] = t < lead ? NaN : level;
    if (storm === 0 && u() < 0.015) storm = 1 + Math.floor(4 * u());
    loss[t] = t >= n - tail ? NaN : level * (storm > 0 ? 1 + 3 * u() : 1.2 * (u() - 0.5));
    if (storm > 0) storm--;
    if (gaps && t >= lead && t < n - tail) {
      const a = u();
      if (a < 0.02) shaped[t] = NaN;
      else if (a < 0.03) shaped[t] = 0;
      else if (a < 0.035) shaped[t] = -0.01;
      else if (a < 0.05) loss[t] = NaN;
    }
  }
  // ascending bounds, the first possibly negative (as calibrateSide's month starts - h), the last n
  const bounds: number[] = [-Math.floor(5 * u())];
  while (bounds[bounds.length - 1] < n - 20) bounds.push(bounds[bounds.length - 1] + 20 + Math.floor(25 * u()));
  bounds.push(n);
  const blocks = bounds.length - 1;
  const windowBlocks = [1, 3, 7, 12, Infinity][Math.floor(5 * u())];
  const targetRate = [0.01, 0.025, 0.05][Math.floor(3 * u())];
  const longest = Number.isFinite(windowBlocks) ? Math.min(n, windowBlocks * 45) : n;
  const w: TrainingWindow = {
    bounds,
    firstRefit: Math.floor(u() * Math.min(6, blocks)),
    windowBlocks,
    targetRate,
    maxExceptions: Math.round(targetRate * longest) + 1,
    warmupBars: Math.floor(120 * u()),
    increaseBars: 1 + Math.floor(40 * u()),
  };
  return { shaped, loss, w };
}

const valid = (c: Case, j: number) => c.shaped[j] > 0 && Number.isFinite(c.loss[j]);

function brute(c: Case, r: number) {
  const { shaped, loss, w } = c;
  const end = w.firstRefit + r;
  const start = Math.max(0, end - w.windowBlocks);
  // the warm-up counts from the first valid bar of the whole path (within the blocks)
  let firstValid = -1;
  for (let j = Math.max(0, w.bounds[0]); j < w.bounds[w.bounds.length - 1]; j++) {
    if (valid(c, j)) {
      firstValid = j;
      break;
    }
  }
  const bars: number[] = [];
  if (end > start) for (let j = Math.max(0, w.bounds[start]); j < w.bounds[end]; j++) if (valid(c, j)) bars.push(j);
  const days = bars.length;
  if (days === 0) return { days };
  const ratios = bars.map((j) => loss[j] / shaped[j]);
  const desc = ratios.slice().sort((a, b) => b - a);
  const k = Math.min(days - 1, Math.round(w.targetRate * days));
  const m = Math.max(desc[k], 1e-9);
  let sum = 0;
  for (const j of bars) sum += shaped[j];
  let peak = -Infinity;
  let trough = Infinity;
  let increase = -Infinity;
  for (const j of bars) {
    if (j - firstValid < w.warmupBars) continue;
    peak = Math.max(peak, shaped[j]);
    trough = Math.min(trough, shaped[j]);
    const s = j - w.increaseBars; // the rate 30 days earlier, in the window or not
    if (s - firstValid >= w.warmupBars && shaped[s] > 0) increase = Math.max(increase, shaped[j] / shaped[s] - 1);
  }
  // exception indicator over the window's bars in time order, transitions counted one by one
  const flags = ratios.map((x) => (x > m ? 1 : 0));
  const n = { n00: 0, n01: 0, n10: 0, n11: 0 };
  for (let i = 1; i < flags.length; i++) {
    const key = `n${flags[i - 1]}${flags[i]}` as keyof typeof n;
    n[key]++;
  }
  const independenceP = days < 2 ? 1 : chiSquareSurvival(independenceLr(n), 1);
  return {
    days,
    multiplier: m,
    cost: (m * sum) / days,
    peakToTrough: peak > 0 ? peak / trough : NaN,
    maxIncrease30d: Number.isFinite(increase) ? increase : NaN,
    independenceP,
    exceptions: flags.reduce<number>((a, b) => a + b, 0),
    k,
  };
}

function sameOrClose(got: number, want: number, digits: number, label: string) {
  if (Number.isNaN(want)) expect(got, label).toBeNaN();
  else expect(Math.abs(got - want), `${label}: ${got} vs ${want}`).toBeLessThanOrEqual(10 ** -digits * Math.max(1, Math.abs(want)));
}

function check(c: Case, withIndependence: boolean) {
  const s = trainingStats(c.shaped, c.loss, c.w);
  const R = c.w.bounds.length - c.w.firstRefit;
  expect(s.days.length).toBe(R);
  let exceptionsSeen = 0;
  for (let r = 0; r < R; r++) {
    const b = brute(c, r);
    const label = `refit ${r}`;
    expect(s.days[r], label).toBe(b.days);
    if (b.days === 0) {
      for (const a of [s.multiplier, s.cost, s.peakToTrough, s.maxIncrease30d, s.independenceP]) expect(a[r], label).toBeNaN();
      continue;
    }
    expect(Object.is(s.multiplier[r], b.multiplier), `${label} multiplier ${s.multiplier[r]} vs ${b.multiplier}`).toBe(true);
    sameOrClose(s.cost[r], b.cost!, 13, `${label} cost`);
    expect(Object.is(s.peakToTrough[r], b.peakToTrough), `${label} peak/trough ${s.peakToTrough[r]} vs ${b.peakToTrough}`).toBe(true);
    expect(Object.is(s.maxIncrease30d[r], b.maxIncrease30d), `${label} increase ${s.maxIncrease30d[r]} vs ${b.maxIncrease30d}`).toBe(true);
    if (withIndependence) sameOrClose(s.independenceP[r], b.independenceP!, 12, `${label} independence`);
    // the multiplier leaves exactly k exceptions (no ties in this data), none when floored at 1e-9
    expect(b.exceptions, label).toBe(b.multiplier! > 1e-9 ? b.k! : 0);
    exceptionsSeen += b.exceptions!;
  }
  return exceptionsSeen;
}

describe('trainingStats vs a brute force over the raw bars of each training window', () => {
  const seeds = Array.from({ length: 12 }, (_, i) => i + 1);
  it.each(seeds)('contiguous valid bars (leading NaN rates, trailing NaN losses), seed %i: every output', (seed) => {
    check(randomCase(seed, false), true);
  });

  it('the random cases do exercise exceptions, warm-ups and several window sizes', () => {
    let exceptions = 0;
    const windows = new Set<number>();
    for (const seed of seeds) {
      const c = randomCase(seed, false);
      exceptions += check(c, true);
      windows.add(c.w.windowBlocks);
    }
    expect(exceptions).toBeGreaterThan(50);
    expect(windows.size).toBeGreaterThanOrEqual(3);
  });

  it.each(Array.from({ length: 8 }, (_, i) => 100 + i))('interior gaps (NaN / non-positive rates, NaN losses), seed %i: days, multiplier, cost, peak / trough, increase', (seed) => {
    check(randomCase(seed, true), false);
  });

  it('gives days 0 and NaN statistics at a refit with no blocks before it (firstRefit 0)', () => {
    const c = randomCase(7, false);
    c.w = { ...c.w, firstRefit: 0 };
    const s = trainingStats(c.shaped, c.loss, c.w);
    expect(s.days[0]).toBe(0);
    expect(s.multiplier[0]).toBeNaN();
    check(c, true);
  });

  it('floors the multiplier at 1e-9 when the (k+1)-th largest ratio is not positive (every loss a gain)', () => {
    const c = randomCase(3, false);
    c.loss = c.loss.map((l) => -Math.abs(l) - 1e-4);
    check(c, true);
    const s = trainingStats(c.shaped, c.loss, c.w);
    for (let r = 0; r < s.days.length; r++) if (s.days[r] > 0) expect(s.multiplier[r]).toBe(1e-9);
  });

  it('counts a clustered run of exceptions as n11 transitions (independence p small)', () => {
    // 300 bars of constant rate 0.1; loss 1 (ratio 10) on bars 100..105, else 0: k = round(0.01 * 300) = 3
    const n = 301;
    const shaped = new Float64Array(n).fill(0.1);
    const loss = new Float64Array(n).fill(0);
    for (let t = 100; t < 106; t++) loss[t] = 1 + (t - 100) * 0.01; // ratios 10..10.5, descending order known
    loss[n - 1] = NaN;
    const w: TrainingWindow = { bounds: [0, 100, 200, 300, n], firstRefit: 3, windowBlocks: Infinity, targetRate: 0.01, maxExceptions: 5, warmupBars: 0, increaseBars: 30 };
    const s = trainingStats(shaped, loss, w);
    expect(Array.from(s.days)).toEqual([300, 300]);
    // desc: 10.5, 10.4, 10.3, 10.2, ... -> k = 3 gives 10.2 and 3 exceptions at bars 103..105
    expect(s.multiplier[0]).toBeCloseTo(10.2, 12);
    // sequence: 103 zeros, 3 ones, 194 zeros: n00 = 102 + 193, n01 = 1, n11 = 2, n10 = 1
    const p = chiSquareSurvival(independenceLr({ n00: 295, n01: 1, n10: 1, n11: 2 }), 1);
    expect(s.independenceP[0]).toBeCloseTo(p, 12);
    expect(s.independenceP[0]).toBeLessThan(1e-3);
    expect(s.peakToTrough[0]).toBe(1);
    expect(s.maxIncrease30d[0]).toBe(0);
    expect(s.cost[0]).toBeCloseTo(10.2 * 0.1, 12);
  });
});
