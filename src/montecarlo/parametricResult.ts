/** Parametric (delta-normal, delta-gamma) results in the same shape as the Monte Carlo engine's. */
import type { Market } from '../market/types.js';
import type { Portfolio } from '../portfolio/types.js';
import { positionArrays, type VarResult } from './book.js';
import { greeksOfAccounts, instrumentGreeks } from './greeks.js';
import type { VarParams } from './options.js';
import { parametricRisk } from './parametric.js';
import { assertFiniteFigures } from './finiteFigures.js';

/** Parametric figures carry no Monte Carlo error: their intervals are the point itself. */
export function parametricResult(portfolio: Portfolio, market: Market, params: VarParams, threads: number, backend: string): VarResult {
  const t0 = performance.now();
  const model = params.model as 'delta-normal' | 'delta-gamma';
  const risks = parametricRisk(portfolio, market, params, model);
  const unit = instrumentGreeks(portfolio.instruments, market);
  const greeks = greeksOfAccounts(positionArrays(portfolio.accounts), unit, portfolio.instruments, market);
  const accounts = portfolio.accounts.map((account, i) => {
    const r = risks[i];
    return {
      id: account.id,
      var: r.var,
      es: r.es,
      varCi: [r.var, r.var] as [number, number],
      esCi: [r.es, r.es] as [number, number],
      greeks: greeks[i],
      ...(r.warning ? { warning: r.warning } : {}),
    };
  });
  const instruments = portfolio.instruments.map((ins, i) => ({ id: ins.id, ...unit[i] }));
  assertFiniteFigures(accounts, portfolio.accounts, portfolio.instruments, instruments, market);
  return {
    accounts,
    instruments,
    meta: {
      model,
      scenarios: 0,
      seed: params.seed,
      threads,
      backend,
      confidence: params.confidence,
      esConfidence: params.esConfidence,
      horizonDays: params.horizonDays,
      volShock: params.volShock,
      asOf: market.asOf,
      k: 0,
      ke: 0,
      timings: { computeMs: performance.now() - t0 },
    },
  };
}
