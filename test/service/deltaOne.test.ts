// The service margins a delta-hedged book as `calibrate` and the web page do (policy/bookMargins.ts):
// the positions' deltas and expiries reach the policy, so long perpetual + short future carries the
// basis add-on and the minimum on hedged delta, not the 0 the scenarios alone give (#17.5).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../src/engine.js';
import { parseMarket } from '../../src/market/parseMarket.js';
import { riskOptionsFor } from '../../src/policy/engineInputs.js';
import { bookPolicyMargins } from '../../src/policy/bookMargins.js';
import type { AccountRequirement } from '../../src/policy/requirement.js';
import type { BookInputs } from '../../src/service/bookInputs.js';
import { inProcessService, smallInputs } from './serviceData.js';

let engine: Engine;
let inputs: BookInputs;
let app: FastifyInstance;

/** The small book plus a 90-day BTC future and an account long 30 BTC perpetual, short 30 of it. */
function hedgedInputs(): BookInputs {
  const base = smallInputs(10);
  const btc = base.portfolio.instruments.find((i) => i.id === 'BTC-PERP')!;
  const future = { id: 'BTC-FUT-90D', kind: 'future' as const, underlying: 'BTC', underlyingIndex: btc.underlyingIndex, multiplier: 1, expiryYears: 90 / 365 };
  const instruments = [...base.portfolio.instruments, future];
  const hedge = {
    id: 'hedge',
    collateral: { USD: 100_000 },
    positions: [
      { instrument: 'BTC-PERP', instrumentIndex: instruments.indexOf(btc), quantity: 30 },
      { instrument: 'BTC-FUT-90D', instrumentIndex: instruments.length - 1, quantity: -30 },
    ],
  };
  return { ...base, portfolio: { instruments, accounts: [...base.portfolio.accounts, hedge] } };
}

/** Every account's margin the way `calibrate` computes it, on a fresh book. */
async function calibrateMargins(book: BookInputs): Promise<Map<string, AccountRequirement>> {
  const market = parseMarket(book.market, 'market');
  const risk = await engine.valueAtRisk(book.portfolio, market, { ...riskOptionsFor(book.config), scenarios: book.scenarios, seed: book.seed });
  const margins = bookPolicyMargins(risk, book.portfolio, market, book.config, book.longRunVol);
  return new Map(margins.map((m) => [m.accountId, m]));
}

const figures = (m: AccountRequirement) => [m.initialMarginUsd, m.maintenanceMarginUsd, m.equityUsd, m.health.status];

let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  inputs = hedgedInputs();
  ({ engine, app, close } = await inProcessService(inputs));
});

afterAll(() => close?.());

describe('delta-one books in the service', () => {
  it('long perpetual, short future: the basis add-on and hedged-delta minimum, the figures calibrate gives', async () => {
    const expected = await calibrateMargins(inputs);
    const r = await app.inject({ method: 'GET', url: '/accounts/hedge' });
    expect(r.statusCode).toBe(200);
    const margin = (r.json() as { margin: AccountRequirement }).margin;
    expect(margin.initialMarginUsd).toBeGreaterThan(0);
    expect(margin.breakdown.map((c) => c.key)).toContain('addOn.basis');
    expect(figures(margin)).toEqual(figures(expected.get('hedge')!));
    // and every other account too
    for (const id of expected.keys()) {
      const view = (await app.inject({ method: 'GET', url: `/accounts/${id}` })).json() as { margin: AccountRequirement };
      expect(figures(view.margin), id).toEqual(figures(expected.get(id)!));
    }
  });

  it('after a fill and after a tick: still the figures calibrate gives for the new positions and market', async () => {
    const fill = await app.inject({ method: 'POST', url: '/positions', payload: { account: 'hedge', fills: [{ instrument: 'BTC-FUT-90D', quantity: 10 }] } });
    expect(fill.statusCode).toBe(200);
    const market = { ...inputs.market, underlyings: inputs.market.underlyings.map((u) => ({ ...u, spot: u.spot * 1.03 })) };
    const tick = await app.inject({ method: 'POST', url: '/market', payload: market });
    expect(tick.statusCode).toBe(200);
    const after: BookInputs = {
      ...inputs,
      market,
      portfolio: {
        ...inputs.portfolio,
        accounts: inputs.portfolio.accounts.map((a) => (a.id === 'hedge' ? { ...a, positions: [a.positions[0], { ...a.positions[1], quantity: -20 }] } : a)),
      },
    };
    const expected = await calibrateMargins(after);
    const view = (await app.inject({ method: 'GET', url: '/accounts/hedge' })).json() as { margin: AccountRequirement };
    expect(view.margin.breakdown.map((c) => c.key)).toContain('addOn.basis');
    expect(figures(view.margin)).toEqual(figures(expected.get('hedge')!));
  });
});
