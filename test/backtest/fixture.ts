// Loads test/fixtures/backtest_stats.json (made by test/fixtures/make_backtest_fixtures.py with SciPy).
import { readFileSync } from 'node:fs';

export interface BacktestFixture {
  gamma: { a: number; x: number; p: number; q: number }[];
  chi2: { dof: number; x: number; cdf: number; sf: number }[];
  binom: { n: number; p: number; x: number; pmf: number; cdf: number }[];
  basel: { n: number; coverage: number; yellowFrom: number; redFrom: number }[];
  kupiec: { n: number; x: number; coverage: number; lr: number; pValue: number }[];
  christoffersen: {
    sequence: number[]; coverage: number; n00: number; n01: number; n10: number; n11: number;
    lrInd: number; pValueInd: number; lrCc: number; pValueCc: number;
  }[];
}

export const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/backtest_stats.json', import.meta.url), 'utf8'),
) as BacktestFixture;

/** |actual - expected| <= rel * |expected| + abs. */
export function close(actual: number, expected: number, rel: number, abs = 0): boolean {
  return Math.abs(actual - expected) <= rel * Math.abs(expected) + abs;
}
