// Monte Carlo VaR/ES of single-instrument books against exact values (SciPy quadrature fixture,
// test/fixtures/make_var_closed_form.py): at 200,000 scenarios the estimate lies inside its own 95%
// interval and within 3% of the exact value.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/index.js';

const fx = JSON.parse(readFileSync(new URL('../fixtures/var_closed_form.json', import.meta.url), 'utf8'));

const market = {
  asOf: '2026-11-20T00:00:00Z',
  rate: 0,
  underlyings: [{ symbol: 'BTC', spot: fx.spot, vol: fx.vol }],
  correlation: [[1]],
};

function portfolio(name: string) {
  const [side, kind] = name.split('-');
  const quantity = side === 'long' ? 1 : -1;
  const instrument =
    kind === 'perp'
      ? { id: 'X', kind: 'perpetual', underlying: 'BTC', multiplier: 1 }
      : { id: 'X', kind: 'option', underlying: 'BTC', right: kind, strike: fx.option.k, expiryDays: fx.option.days, iv: fx.option.iv, multiplier: 1 };
  return { instruments: [instrument], accounts: [{ id: 'a', collateral: { USD: 0 }, positions: [{ instrument: 'X', quantity }] }] };
}

describe('closed forms at 200,000 scenarios', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine({ threads: 2 });
  });
  afterAll(() => engine.close());

  it.each(Object.keys(fx.cases))('%s', async (key) => {
    const [name, model] = key.split('/');
    const exact = fx.cases[key];
    const { accounts, meta } = await engine.valueAtRisk(portfolio(name) as never, market as never, {
      scenarios: 200_000,
      confidence: fx.confidence,
      esConfidence: fx.esConfidence,
      horizonDays: fx.horizonDays,
      model: model as 'normal' | 'student-t',
      dof: fx.dof,
      seed: 7,
    });
    expect(meta.scenarios).toBe(200_000);
    const [a] = accounts;
    expect(a.varCi[0]).toBeLessThanOrEqual(exact.var);
    expect(a.varCi[1]).toBeGreaterThanOrEqual(exact.var);
    expect(a.esCi[0]).toBeLessThanOrEqual(exact.es);
    expect(a.esCi[1]).toBeGreaterThanOrEqual(exact.es);
    expect(Math.abs(a.var / exact.var - 1)).toBeLessThan(0.03);
    expect(Math.abs(a.es / exact.es - 1)).toBeLessThan(0.03);
    // the interval is informative: about +-1-3% wide at this size, not arbitrarily wide
    expect((a.varCi[1] - a.varCi[0]) / exact.var).toBeLessThan(0.08);
  });
});
