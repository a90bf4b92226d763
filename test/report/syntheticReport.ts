/**
 * Realistic synthetic `ReportData` for the report tests: assets with regime-switching daily
 * volatility, EWMA volatility, a 99% requirement, next-day realized losses and exceptions, backtested
 * with the project's own coverage and procyclicality functions; a heavy-tailed loss distribution;
 * a stress grid with gains and losses; a few accounts. Strings carry `</script>` and `<!--` so
 * every test also exercises escaping.
 */
import { coverageReport } from '../../src/backtest/coverageReport.js';
import { procyclicality } from '../../src/backtest/procyclicality.js';
import { RandomStream } from '../../src/data/random.js';
import type { ReportAsset, ReportData } from '../../src/report/types.js';

/** A string that would end a script element if it were not escaped. */
export const HOSTILE = '</script><script>window.__pwned = 1</script><!-- \u2028';

const REGIMES = [
  { name: 'calm', multiplier: 1, dailyVol: 0.018 },
  { name: 'elevated', multiplier: 1.25, dailyVol: 0.032 },
  { name: 'stressed', multiplier: 1.6, dailyVol: 0.055 },
];
const Z99 = 2.3263478740408408; // standard normal 99% quantile
const EWMA_LAMBDA = 0.94; // RiskMetrics (1996) daily decay
const WARM_UP_DAYS = 20;

/** One asset over `days` days from 2023-01-01 (UTC). */
export function syntheticAsset(symbol: string, days: number, seed: number, startPrice: number): ReportAsset {
  const rng = new RandomStream(seed);
  const dates: string[] = [];
  const close: number[] = [];
  const regime: number[] = [];
  let k = 0;
  let price = startPrice;
  for (let t = 0; t < days; t++) {
    dates.push(new Date(Date.UTC(2023, 0, 1) + t * 86_400_000).toISOString().slice(0, 10));
    if (t > 0) {
      if (rng.uniform() < 0.025) k = (k + 1 + Math.floor(rng.uniform() * 2)) % REGIMES.length;
      price *= Math.exp(REGIMES[k].dailyVol * rng.normal() - 0.5 * REGIMES[k].dailyVol ** 2);
    }
    regime.push(k);
    close.push(price);
  }
  const vol: (number | null)[] = [];
  const requirement: (number | null)[] = [];
  let variance = REGIMES[0].dailyVol ** 2;
  for (let t = 0; t < days; t++) {
    if (t > 0) variance = EWMA_LAMBDA * variance + (1 - EWMA_LAMBDA) * Math.log(close[t] / close[t - 1]) ** 2;
    const ready = t >= WARM_UP_DAYS;
    vol.push(ready ? Math.sqrt(variance * 365) : null);
    requirement.push(ready ? Z99 * Math.sqrt(variance) * REGIMES[regime[t]].multiplier * 0.8 : null);
  }
  const realizedLoss = close.map((c, t) => (t + 1 < days ? 1 - close[t + 1] / c : null));
  const exceptions = realizedLoss.map((l, t) => l !== null && requirement[t] !== null && l > (requirement[t] as number));
  const tested = [...Array(days).keys()].filter((t) => requirement[t] !== null && realizedLoss[t] !== null);
  const backtest = coverageReport(
    tested.map((t) => realizedLoss[t] as number),
    tested.map((t) => requirement[t] as number),
    0.99,
  );
  const reqDays = [...Array(days).keys()].filter((t) => requirement[t] !== null);
  return {
    symbol,
    dates,
    close,
    vol,
    volLabel: 'EWMA vol (annualized)',
    regime,
    regimes: REGIMES.map(({ name, multiplier }) => ({ name, multiplier })),
    requirement,
    realizedLoss,
    exceptions,
    backtest: { ...backtest, coverage: 0.99 },
    procyclicality: procyclicality(
      reqDays.map((t) => requirement[t] as number),
      reqDays.map((t) => dates[t]),
    ),
  };
}

/** Empirical VaR (the ceil(n p)-th smallest loss) and ES (mean of the losses beyond the ES quantile). */
function empiricalVarEs(losses: number[], confidence: number, esConfidence: number): { var: number; es: number } {
  const sorted = [...losses].sort((a, b) => a - b);
  const n = sorted.length;
  const varValue = sorted[Math.ceil(n * confidence) - 1];
  const tail = sorted.slice(Math.ceil(n * esConfidence) - 1);
  return { var: varValue, es: tail.reduce((s, x) => s + x, 0) / tail.length };
}

/** The full report: `assets` assets x `days` days, 20 000 loss scenarios, a 9 x 5 stress grid. */
export function syntheticReport(assets = 2, days = 500): ReportData {
  const symbols = ['BTC-PERP', 'ETH-PERP', 'SOL-PERP', 'XRP-PERP'];
  const list = [...Array(assets).keys()].map((i) => syntheticAsset(symbols[i % symbols.length], days, 1000 + i, i === 0 ? 42_000 : 2_300));
  const rng = new RandomStream(7);
  const losses: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    // Normal scaled by a random regime: a heavy-tailed mixture, in USD on a 10M book.
    const scale = rng.uniform() < 0.1 ? 3 : 1;
    losses.push(Math.round(10_000_000 * 0.02 * scale * rng.normal()));
  }
  const { var: varValue, es } = empiricalVarEs(losses, 0.99, 0.975);
  const rows = [-0.3, -0.2, -0.1, -0.05, 0, 0.05, 0.1, 0.2, 0.3];
  const cols = [-0.5, 0, 0.5, 1, 2];
  // A long-delta, short-gamma, short-vega book: loses on falls, on large moves and on vol up.
  const values = rows.map((m) => cols.map((v) => Math.round(10_000_000 * (2.5 * m * m - 0.4 * m + 0.03 * v)) + 0));
  return {
    title: `Margin calibration ${HOSTILE}`,
    generatedAt: '2025-01-31T12:00:00Z',
    config: { confidence: 0.99, horizonDays: 1, ewmaLambda: EWMA_LAMBDA, note: HOSTILE },
    inputs: [
      { name: 'prices.csv', sha256: 'a3f5c1d2e4b6a7980f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f40312' },
      { name: 'market.json', sha256: '0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f40312a3f5c1d2e4b6a798' },
    ],
    assets: list,
    pnlDistribution: { label: '1-day portfolio loss, 20 000 scenarios', unit: 'USD', losses, var: varValue, es, confidence: 0.99, esConfidence: 0.975 },
    stress: { label: 'Portfolio loss (USD) under joint price and volatility shocks', rows, cols, values },
    accounts: [
      { id: 'acct-001', initialMargin: 1_250_000, maintenanceMargin: 900_000, collateral: 2_000_000, status: 'healthy', leverage: 3.2 },
      { id: 'acct-002', initialMargin: 480_000, maintenanceMargin: 350_000, collateral: 400_000, status: 'margin-call', leverage: 8.1 },
      { id: 'acct-003', initialMargin: 90_000, maintenanceMargin: 65_000, collateral: 50_000, status: 'liquidate', leverage: 19.5 },
    ],
    summary: {
      'Assets': assets,
      'Days per asset': days,
      'VaR confidence': '99%',
      'Portfolio 1-day VaR (USD)': varValue,
      'Portfolio 1-day ES 97.5% (USD)': Math.round(es),
      'Note': HOSTILE,
    },
  };
}
