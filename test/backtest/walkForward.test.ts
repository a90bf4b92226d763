// Walk-forward backtest of the policy's margin rate, the closed-form and filtered rates it uses,
// and the margin scaling calibration.
import { describe, expect, it } from 'vitest';
import { normalMarginRate, filteredMarginRate, type RateSpec } from '../../src/backtest/marginRate.js';
import { calibrateScaling, scalingPoint } from '../../src/backtest/scaling.js';
import { walkForward } from '../../src/backtest/walkForward.js';
import { syntheticPrices } from '../../src/data/syntheticMarket.js';
import { createEngine } from '../../src/index.js';
import { parsePolicyConfig } from '../../src/policy/config.js';

const Z99 = 2.3263478740408408; // scipy.stats.norm.ppf(0.99)
const spec: RateSpec = { measure: 'var', varConfidence: 0.99, esConfidence: 0.975, horizonDays: 2, annualization: 365 };

/** E[g(x)] over x < a for x ~ N(0, s^2), by Simpson's rule on [a - 12 s, a]. */
function lowerTailMean(g: (x: number) => number, a: number, s: number, p: number): number {
  const n = 20000;
  const lo = a - 12 * s;
  const h = (a - lo) / n;
  let sum = 0;
  for (let i = 0; i <= n; i++) {
    const x = lo + i * h;
    const w = i === 0 || i === n ? 1 : i % 2 ? 4 : 2;
    sum += w * g(x) * Math.exp((-0.5 * x * x) / (s * s));
  }
  return (sum * h) / 3 / (s * Math.sqrt(2 * Math.PI)) / p;
}

describe('margin rates', () => {
  it('normal VaR and ES of a long and a short match closed forms and quadrature', () => {
    const sigma = 0.8;
    const s = sigma * Math.sqrt(2 / 365);
    expect(normalMarginRate(sigma, 'long', spec)).toBeCloseTo(1 - Math.exp(-Z99 * s), 14);
    expect(normalMarginRate(sigma, 'short', spec)).toBeCloseTo(Math.exp(Z99 * s) - 1, 14);
    const es = { ...spec, measure: 'es' as const };
    const z975 = 1.959963984540054;
    const longEs = lowerTailMean((x) => 1 - Math.exp(x), -z975 * s, s, 0.025);
    const shortEs = lowerTailMean((x) => Math.exp(-x) - 1, -z975 * s, s, 0.025); // symmetric: x -> -x
    expect(Math.abs(normalMarginRate(sigma, 'long', es) - longEs)).toBeLessThan(1e-9);
    expect(Math.abs(normalMarginRate(sigma, 'short', es) - shortEs)).toBeLessThan(1e-9);
  });

  it('filtered rate: the k-th worst residual, and the mean of the k worst', () => {
    const residuals = Array.from({ length: 200 }, (_, i) => (i - 100) / 25).sort((a, b) => a - b); // -4 .. 3.96
    const sigma = 0.5;
    const scale = sigma * Math.sqrt(2 / 365);
    // 99% of 200: k = 2 -> second smallest residual (-3.96) for a long, second largest (3.92) for a short
    expect(filteredMarginRate(residuals, sigma, 'long', spec)).toBeCloseTo(1 - Math.exp(scale * -3.96), 15);
    expect(filteredMarginRate(residuals, sigma, 'short', spec)).toBeCloseTo(Math.exp(scale * 3.92) - 1, 15);
    const es = { ...spec, measure: 'es' as const }; // 97.5% of 200: the 5 worst
    const worst = [-4, -3.96, -3.92, -3.88, -3.84].map((e) => 1 - Math.exp(scale * e));
    expect(filteredMarginRate(residuals, sigma, 'long', es)).toBeCloseTo(worst.reduce((a, b) => a + b) / 5, 15);
  });
});

describe('walk-forward', () => {
  const [btc] = syntheticPrices({ symbols: ['BTC'], days: 900 });
  const plain = parsePolicyConfig({
    base: { measure: 'var', varConfidence: 0.99 },
    antiProcyclicality: { mode: 'none' },
    regimes: { upThresholds: [], downThresholds: [], multipliers: [1] },
    volatility: { floor: 0 },
    velocity: { releaseDelayDays: 0, maxDailyRise: 1000 },
  });

  async function realizedVol(series: typeof btc) {
    const engine = await createEngine({ threads: 1 });
    try {
      return await engine.volatilityPanel([series], { estimator: 'ewma', window: 30 });
    } finally {
      await engine.close();
    }
  }

  it('uses no data after the day it sets the rate for', async () => {
    const vol = await realizedVol(btc);
    const full = walkForward(btc, vol, { config: parsePolicyConfig({}) });
    const cut = 600;
    const head = { ...btc, dates: btc.dates.slice(0, cut), times: btc.times.slice(0, cut), open: btc.open.slice(0, cut), high: btc.high.slice(0, cut), low: btc.low.slice(0, cut), close: btc.close.slice(0, cut) };
    const part = walkForward(head, vol.slice(0, cut), { config: parsePolicyConfig({}) });
    expect(part.rate).toEqual(full.rate.slice(0, part.rate.length));
    expect(part.dates).toEqual(full.dates.slice(0, part.dates.length));
  });

  it('a plain 99% rate: losses against the next two days, exceptions counted, rate = closed form', async () => {
    const vol = await realizedVol(btc);
    const w = walkForward(btc, vol, { config: plain });
    w.index.forEach((t, j) => {
      expect(w.realizedLoss[j]).toBeCloseTo(1 - btc.close[t + 2] / btc.close[t], 14);
      expect(w.rate[j]).toBeCloseTo(1 - Math.exp(-Z99 * vol[t] * Math.sqrt(2 / 365)), 14);
      expect(w.exceptions[j]).toBe(w.realizedLoss[j] > w.rate[j]);
    });
    expect(w.index.at(-1)).toBe(btc.close.length - 3);
    const rate = w.exceptions.filter(Boolean).length / w.exceptions.length;
    expect(rate).toBeGreaterThan(0.002);
    expect(rate).toBeLessThan(0.04);
  });

  it('the default policy never charges less than the plain risk rate (floor, regimes)', async () => {
    const vol = await realizedVol(btc);
    const plainRate = walkForward(btc, vol, { config: plain }).rate;
    const policy = walkForward(btc, vol, { config: parsePolicyConfig({ base: { measure: 'var', varConfidence: 0.99 }, volatility: { floor: 0 } }) });
    policy.rate.forEach((r, j) => expect(r).toBeGreaterThanOrEqual(plainRate[j] - 1e-15));
  });
});

describe('margin scaling', () => {
  it('picks the smallest multiplier that passes on the training part and reports it out of sample', () => {
    // 1,000 days, rate 1; losses: 2% of days at 1.5, the rest small -> multiplier 1 fails (20 exceptions at 99%)
    const n = 1000;
    const rate = new Array(n).fill(1);
    const loss = Array.from({ length: n }, (_, t) => (t % 50 === 7 ? 1.5 : t % 97 === 3 ? 1.2 : 0.1));
    const target = { coverage: 0.99 };
    const c = calibrateScaling(rate, loss, target, { multipliers: [1, 1.1, 1.25, 1.4, 1.6] });
    // at 1.25: only the 1.5 losses count (14 of 700 training days) -> red/yellow; at 1.6: none -> Kupiec fails (0 of 700);
    // the expected answer is computed from the definition with scalingPoint on the training slice
    const train = (m: number) => scalingPoint(rate.slice(0, 700), loss.slice(0, 700), m, target);
    const expected = [1, 1.1, 1.25, 1.4, 1.6].find((m) => train(m).meets) ?? null;
    expect(c.multiplier).toBe(expected);
    expect(c.trainDays).toBe(700);
    expect(c.curve.map((p) => p.multiplier)).toEqual([1, 1.1, 1.25, 1.4, 1.6]);
    // exceptions never increase with the multiplier; mean rate grows linearly
    c.curve.forEach((p, i) => {
      if (i) expect(p.exceptions).toBeLessThanOrEqual(c.curve[i - 1].exceptions);
      expect(p.meanRate).toBeCloseTo(p.multiplier, 12);
    });
  });
});
