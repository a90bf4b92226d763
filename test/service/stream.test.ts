// The WebSocket stream of margin changes and margin calls, with a real client (ws) on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../src/engine.js';
import { MarginService } from '../../src/service/marginService.js';
import { buildServer } from '../../src/service/server.js';
import { MemoryStore } from '../../src/service/store.js';
import { StreamHub, type StreamSocket } from '../../src/service/stream.js';
import { smallInputs, testEngine } from './serviceData.js';

const TOKEN = 'stream-token';
let engine: Engine;
let service: MarginService;
let app: FastifyInstance;
let base: string;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  engine = await testEngine();
  service = await MarginService.open(engine, new MemoryStore(), async () => smallInputs());
  app = await buildServer(service, { token: TOKEN });
  base = (await app.listen({ host: '127.0.0.1', port: 0 })).replace('http', 'ws');
});

afterAll(async () => {
  for (const ws of sockets) ws.terminate();
  await app?.close();
  await service?.close();
  await engine?.close();
});

/** A connected client that collects every message. */
async function client(query = ''): Promise<{ ws: WebSocket; messages: any[]; next: (n: number) => Promise<any[]> }> {
  const ws = new WebSocket(`${base}/stream${query}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  sockets.push(ws);
  const messages: any[] = [];
  let waiters: (() => void)[] = [];
  ws.on('message', (data) => {
    messages.push(JSON.parse(String(data)));
    waiters.forEach((w) => w());
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const next = async (n: number) => {
    while (messages.length < n) await new Promise<void>((r) => waiters.push(r));
    waiters = [];
    return messages.slice(0, n);
  };
  return { ws, messages, next };
}

const post = (url: string, body: unknown) =>
  fetch(`${base.replace('ws', 'http')}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.json() }));

describe('WebSocket stream', () => {
  it('streams each durable margin change and the margin calls, to all or to followed accounts', async () => {
    const all = await client();
    const one = await client('?accounts=acct-0007');
    expect((await all.next(1))[0]).toMatchObject({ type: 'hello', seq: 0, accounts: 40 });
    // a big short on a small account: margin call
    const r = await post('/positions', { account: 'acct-0003', positions: [{ instrument: 'BTC-PERP', quantity: -1000 }] });
    expect(r.status).toBe(200);
    expect(r.body.margin.health.status).not.toBe('healthy');
    const [, change, call] = await all.next(3);
    expect(change).toEqual({
      type: 'margins', seq: r.body.seq, cause: 'positions',
      margins: [{ account: 'acct-0003', initialMarginUsd: r.body.margin.initialMarginUsd, maintenanceMarginUsd: r.body.margin.maintenanceMarginUsd, equityUsd: r.body.margin.equityUsd, status: r.body.margin.health.status }],
    });
    expect(call).toEqual({ type: 'margin-call', seq: r.body.seq, account: 'acct-0003', status: r.body.margin.health.status, amountUsd: r.body.margin.initialMarginUsd - r.body.margin.equityUsd });

    const market = (await fetch(`${base.replace('ws', 'http')}/events?after=0`, { headers: { authorization: `Bearer ${TOKEN}` } })).ok;
    expect(market).toBe(true);
    const tick = await post('/market', { ...smallInputs().market, underlyings: smallInputs().market.underlyings.map((u) => ({ ...u, spot: u.spot * 0.9 })) });
    expect(tick.status).toBe(200);
    const [, , , repriced] = await all.next(4);
    expect(repriced).toMatchObject({ type: 'margins', seq: tick.body.seq, cause: 'market' });
    expect(repriced.margins).toHaveLength(40);
    for (const row of repriced.margins.slice(0, 5)) {
      const acc = await fetch(`${base.replace('ws', 'http')}/accounts/${row.account}`, { headers: { authorization: `Bearer ${TOKEN}` } }).then((x) => x.json());
      expect(row.initialMarginUsd).toBe(acc.margin.initialMarginUsd);
      expect(row.status).toBe(acc.margin.health.status);
    }
    await all.next(4 + tick.body.marginCalls);
    expect(all.messages.slice(4).every((m) => m.type === 'margin-call')).toBe(true);

    // the filtered client saw only acct-0007's rows
    const mine = await one.next(2);
    expect(mine[1]).toMatchObject({ type: 'margins', seq: tick.body.seq, cause: 'market' });
    expect(mine[1].margins.map((m: any) => m.account)).toEqual(['acct-0007']);
    all.ws.close();
    one.ws.close();
  });

  it('refuses a connection without the token', async () => {
    const ws = new WebSocket(`${base}/stream`);
    ws.on('error', () => {});
    const status = await new Promise<number>((resolve) => ws.on('unexpected-response', (req, res) => {
      resolve(res.statusCode ?? 0);
      req.destroy(); // ws leaves the request to the listener
    }));
    expect(status).toBe(401);
  });

  it('drops a client that reads too slowly (close 1013) instead of buffering without end', () => {
    const hub = new StreamHub(1000);
    const sent: string[] = [];
    const closed: number[] = [];
    const socket = (buffered: number): StreamSocket => ({ bufferedAmount: buffered, readyState: 1, send: (d) => sent.push(d), close: (code) => closed.push(code ?? 0) });
    hub.add(socket(10));
    hub.add(socket(5000));
    hub.publish(1, 'positions', [{ account: 'a', initialMarginUsd: 1, maintenanceMarginUsd: 0.5, equityUsd: 2, status: 'healthy' }], []);
    expect(sent).toHaveLength(1);
    expect(closed).toEqual([1013]);
    expect(hub.size).toBe(1);
    expect(hub.dropped).toBe(1);
  });
});
