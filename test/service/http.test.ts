// The margin service over HTTP (fastify inject, and one real listen on 127.0.0.1): every figure
// checked against a fresh computation (new engine book + policy functions), bit for bit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../src/engine.js';
import { InputError } from '../../src/errors.js';
import { parseMarket } from '../../src/market/parseMarket.js';
import type { AccountRequirement } from '../../src/policy/requirement.js';
import { parsePortfolio } from '../../src/portfolio/parsePortfolio.js';
import type { BookInputs } from '../../src/service/bookInputs.js';
import type { MarginService } from '../../src/service/marginService.js';
import { buildServer } from '../../src/service/server.js';
import { freshMargins, inProcessService, same, smallInputs, withAccounts } from './serviceData.js';

let engine: Engine;
let inputs: BookInputs;
let service: MarginService;
let app: FastifyInstance;

const post = (url: string, body: unknown) => app.inject({ method: 'POST', url, payload: body as object });
const get = (url: string) => app.inject({ method: 'GET', url });

let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  inputs = smallInputs();
  ({ engine, service, app, close } = await inProcessService(inputs));
});

afterAll(() => close?.());

/** A margin as POST /positions answers it by default: no notes, no collateral lines. */
function unexplained(margin: AccountRequirement): unknown {
  const { breakdown, collateral, ...figures } = margin;
  return { ...figures, breakdown: breakdown.map((c) => Object.fromEntries(Object.entries(c).filter(([k]) => k !== 'note'))) };
}

/** The problem message parsePortfolio gives for one bad position (the CLI's message). */
function portfolioProblem(position: unknown): string {
  const file = { instruments: [{ id: 'BTC-PERP', kind: 'perpetual', underlying: 'BTC' }], accounts: [{ id: 'a', collateral: {}, positions: [position] }] };
  try {
    parsePortfolio(file, parseMarket(inputs.market, 'm'), 'portfolio.json');
  } catch (err) {
    return (err as InputError).problem;
  }
  throw new Error('expected an error');
}

describe('margin service over HTTP', () => {
  it('serves every account as a fresh computation gives it, and /health', async () => {
    const health = await get('/health');
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok', seq: 0, accounts: 40 });
    const fresh = await freshMargins(engine, inputs);
    for (const f of fresh) {
      const r = await get(`/accounts/${f.id}`);
      expect(r.statusCode).toBe(200);
      const body = r.json();
      expect(same(body.margin)).toBe(same(f.margin));
      expect(same(body.risk)).toBe(same(f.risk));
    }
  });

  it('POST /positions commits new positions, fills and collateral: the margin of a fresh book', async () => {
    const a = inputs.portfolio.accounts[3];
    const first = await post('/positions', { account: a.id, positions: [{ instrument: 'BTC-PERP', quantity: 0.75 }, { instrument: 'ETH-PERP', quantity: -4 }] });
    expect(first.statusCode).toBe(200);
    expect(first.json().seq).toBe(1);
    const fill = await post('/positions', { account: a.id, fills: [{ instrument: 'ETH-PERP', quantity: 4 }, { instrument: 'SOL-PERP', quantity: 10 }], collateral: { USD: 12345, BTC: 0.1 } });
    expect(fill.statusCode).toBe(200);
    const body = fill.json();
    expect(body.seq).toBe(2);
    // ETH nets to 0 and is closed; SOL is added
    expect(body.positions).toEqual([{ instrument: 'BTC-PERP', quantity: 0.75 }, { instrument: 'SOL-PERP', quantity: 10 }]);
    inputs = withAccounts(inputs, { [a.id]: { positions: body.positions, collateral: { USD: 12345, BTC: 0.1 } } });
    const fresh = (await freshMargins(engine, inputs)).find((f) => f.id === a.id)!;
    // the answer: the figures, without notes, collateral lines or Greeks
    expect(same(body.margin)).toBe(same(unexplained(fresh.margin)));
    expect(same(body.risk)).toBe(same({ var: fresh.risk.var, es: fresh.risk.es, varCi: fresh.risk.varCi, esCi: fresh.risk.esCi }));
    expect(same((await get(`/accounts/${a.id}`)).json().margin)).toBe(same(fresh.margin));
    // ?explain=true: the full view (a commit of the same positions: the same figures)
    const explained = await post(`/positions?explain=true`, { account: a.id, positions: body.positions });
    expect(explained.json().seq).toBe(3);
    expect(same(explained.json().margin)).toBe(same(fresh.margin));
    expect(same(explained.json().risk)).toBe(same(fresh.risk));
    expect(explained.json().margin.breakdown.every((c: { note: string }) => c.note.length > 0)).toBe(true);
    const bad = await post(`/positions?explain=yes`, { account: a.id, positions: body.positions });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toBe('query: explain: must be true or false; got "yes"');
    expect((await get('/health')).json().seq).toBe(3);
  });

  it('POST /what-if answers like a commit and leaves the book as it was, bit for bit', async () => {
    const a = inputs.portfolio.accounts[5];
    const before = (await get(`/accounts/${a.id}`)).body;
    const positions = [{ instrument: 'BTC-PERP', quantity: -2 }];
    const r = await post('/what-if', { account: a.id, positions });
    expect(r.statusCode).toBe(200);
    expect(r.json().committed).toBe(false);
    const fresh = (await freshMargins(engine, withAccounts(inputs, { [a.id]: { positions } }))).find((f) => f.id === a.id)!;
    expect(same(r.json().margin)).toBe(same(unexplained(fresh.margin)));
    const explained = await post('/what-if?explain=true', { account: a.id, positions });
    expect(same(explained.json().margin)).toBe(same(fresh.margin));
    expect((await get(`/accounts/${a.id}`)).body).toBe(before);
    expect((await get('/health')).json().seq).toBe(3);
  });

  it('POST /market reprices every account: the figures of a fresh book on the new market', async () => {
    const market = { ...inputs.market, asOf: '2026-11-20T01:00:00Z', underlyings: inputs.market.underlyings.map((u, i) => ({ ...u, spot: u.spot * (i % 2 ? 0.96 : 1.03) })) };
    const r = await post('/market', market);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ seq: 4, accounts: 40, asOf: '2026-11-20T01:00:00Z' });
    inputs = { ...inputs, market };
    const fresh = await freshMargins(engine, inputs);
    for (const f of fresh) expect(same((await get(`/accounts/${f.id}`)).json().margin), f.id).toBe(same(f.margin));
    // a vol move too (the scenarios are regenerated)
    const volMove = { ...market, underlyings: market.underlyings.map((u) => ({ ...u, vol: u.vol * 1.2 })) };
    expect((await post('/market', volMove)).statusCode).toBe(200);
    inputs = { ...inputs, market: volMove };
    for (const f of await freshMargins(engine, inputs)) expect(same((await get(`/accounts/${f.id}`)).json().risk)).toBe(same(f.risk));
  });

  it('GET /accounts?status= lists exactly the accounts in that status', async () => {
    const fresh = await freshMargins(engine, inputs);
    const calls = fresh.filter((f) => f.margin.health.status !== 'healthy').map((f) => f.id);
    const r = await get('/accounts?status=call');
    expect(r.statusCode).toBe(200);
    expect(r.json().total).toBe(calls.length);
    expect(r.json().accounts.map((x: { account: string }) => x.account)).toEqual(calls);
    const healthy = await get('/accounts?status=healthy&limit=2&offset=1');
    expect(healthy.json().total).toBe(fresh.length - calls.length);
    expect(healthy.json().accounts).toHaveLength(Math.min(2, fresh.length - calls.length - 1));
    const bad = await get('/accounts?status=calls');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ path: 'status', problem: 'must be one of healthy, margin-call, liquidate, call; got "calls"' });
    expect((await get('/accounts?limit=0')).statusCode).toBe(400);
  });

  it('end of day: the policy state it sets gives the margins of a fresh computation with that state', async () => {
    const r = await post('/end-of-day', undefined);
    expect(r.statusCode).toBe(200);
    const events = (await get(`/events?after=${r.json().seq - 1}`)).json().events;
    expect(events).toHaveLength(1);
    const { states, regimes } = events[0].event;
    expect(Object.keys(states)).toHaveLength(40);
    // the day after: risk up 3x on one account is capped by velocity (rise cap, from the stored state)
    const fresh = await freshMargins(engine, inputs, states, regimes);
    for (const f of fresh) expect(same((await get(`/accounts/${f.id}`)).json().margin)).toBe(same(f.margin));
  });

  it('bad bodies: 400 with the JSON path and the CLI schema messages; 404 for an unknown account', async () => {
    const cases: [unknown, string, string][] = [
      [{ account: 'acct-0001', positions: [{ instrument: 'BTC-PERP', quantity: '1' }] }, 'positions[0].quantity', portfolioProblem({ instrument: 'BTC-PERP', quantity: '1' })],
      [{ account: 'acct-0001', positions: [{ instrument: 'BTC-PERP', quantty: 1 }] }, 'positions[0].quantity', portfolioProblem({ instrument: 'BTC-PERP', quantty: 1 })],
      [{ account: 'acct-0001', positions: [{ instrument: 'BTC-PERP', quantity: 1, extra: 1 }] }, 'positions[0].extra', portfolioProblem({ instrument: 'BTC-PERP', quantity: 1, extra: 1 })],
      [{ account: 'acct-0001', positions: [{ instrument: 'NOPE', quantity: 1 }] }, 'positions[0].instrument', 'unknown instrument "NOPE"'],
      [{ account: 'acct-0001', fills: [{ instrument: 'NOPE', quantity: 1 }] }, 'fills[0].instrument', 'unknown instrument "NOPE"'],
      [{ account: 'acct-0001', positions: [], fills: [] }, 'fills', 'give positions or fills, not both'],
      [{ account: 'acct-0001' }, 'positions', 'missing required field (positions, fills or collateral)'],
      [{ positions: [] }, 'account', 'missing required field'],
      [{ account: 'acct-0001', collateral: { DOGEX: 5 } }, 'collateral.DOGEX', 'no price for collateral asset "DOGEX" (add market.underlyings.DOGEX or list it in collateral.cashAssets)'],
    ];
    const seq = (await get('/health')).json().seq;
    for (const [body, path, problem] of cases) {
      for (const url of ['/positions', '/what-if']) {
        const r = await post(url, body);
        expect(r.statusCode, JSON.stringify(body)).toBe(400);
        expect(r.json()).toEqual({ error: 'Bad Request', message: `body: ${path}: ${problem}`, path, problem });
      }
    }
    expect((await get('/health')).json().seq).toBe(seq); // nothing committed
    const unknown = await post('/positions', { account: 'nobody', positions: [] });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toBe('account: unknown account "nobody"');
    expect((await get('/accounts/nobody')).statusCode).toBe(404);
    const syntax = await app.inject({ method: 'POST', url: '/positions', headers: { 'content-type': 'application/json' }, payload: '{"account": "a",\n  "positions": [1,]}' });
    expect(syntax.statusCode).toBe(400);
    expect(syntax.json().message).toBe("body:2:19: invalid JSON: expected a value; got character \"]\"");
    const market = await post('/market', { ...inputs.market, underlyings: inputs.market.underlyings.map((u, i) => (i === 2 ? { ...u, spot: -1 } : u)) });
    expect(market.json()).toMatchObject({ message: 'body: underlyings[2].spot: must be > 0; got -1', path: 'underlyings[2].spot' });
    const reordered = await post('/market', { ...inputs.market, underlyings: [...inputs.market.underlyings].reverse(), correlation: inputs.market.correlation });
    expect(reordered.statusCode).toBe(400);
    expect(reordered.json().path).toBe('underlyings');
    expect((await get('/nowhere')).statusCode).toBe(404);
  });

  it('/metrics is Prometheus text with the event counters and account gauges', async () => {
    const r = await get('/metrics');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/plain; version=0.0.4');
    const lines = r.body.trim().split('\n');
    for (const line of lines) expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{[^}]*\})? [-+\d.eE]+|\w+(\{[^}]*\})? [+-]Inf|\w+(\{[^}]*\})? NaN)$/);
    expect(r.body).toContain('dynamargin_events_total{kind="positions"} 3');
    expect(r.body).toContain('dynamargin_events_total{kind="market"} 2');
    expect(r.body).toContain('dynamargin_accounts 40');
    const byStatus = lines.filter((l) => l.startsWith('dynamargin_accounts_by_status{')).map((l) => Number(l.split(' ')[1]));
    expect(byStatus.reduce((x, y) => x + y, 0)).toBe(40);
  });
});

describe('limits and auth', () => {
  it('refuses bodies over the limit (413) and needs the bearer token except on /health (401)', async () => {
    const limited = await buildServer(service, { bodyLimit: 200, token: 's3cret' });
    try {
      const big = { account: 'acct-0001', positions: Array.from({ length: 20 }, () => ({ instrument: 'BTC-PERP', quantity: 1 })) };
      const auth = { authorization: 'Bearer s3cret' };
      const tooBig = await limited.inject({ method: 'POST', url: '/what-if', payload: big, headers: auth });
      expect(tooBig.statusCode).toBe(413);
      expect(tooBig.json().message).toBe('body: larger than the 200-byte limit');
      expect((await limited.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
      for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: 's3cret' }]) {
        const r = await limited.inject({ method: 'GET', url: '/accounts/acct-0001', headers });
        expect(r.statusCode).toBe(401);
        expect(r.headers['www-authenticate']).toBe('Bearer');
      }
      expect((await limited.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
      expect((await limited.inject({ method: 'GET', url: '/accounts/acct-0001', headers: auth })).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('listens on 127.0.0.1 (port 0) and answers real HTTP requests', async () => {
    const real = await buildServer(service);
    try {
      const address = await real.listen({ host: '127.0.0.1', port: 0 });
      expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const r = await fetch(`${address}/what-if`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account: 'acct-0002', fills: [{ instrument: 'BTC-PERP', quantity: 1 }] }) });
      expect(r.status).toBe(200);
      expect((await r.json()).id).toBe('acct-0002');
      const bad = await fetch(`${address}/positions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[' });
      expect(bad.status).toBe(400);
      expect(await bad.text()).not.toMatch(/at \w+ \(|node_modules/); // no stack trace
    } finally {
      await real.close();
    }
  });
});
