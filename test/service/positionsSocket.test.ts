// GET /positions as a WebSocket (src/service/positionsSocket.ts), with a real client (ws) on
// 127.0.0.1: the answers of POST /positions and /what-if, matched by id, for a fraction of the
// cost of an HTTP request each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../src/engine.js';
import type { BookInputs } from '../../src/service/bookInputs.js';
import { MarginService } from '../../src/service/marginService.js';
import { MAX_IN_FLIGHT, servePositionsSocket, type SessionSocket } from '../../src/service/positionsSocket.js';
import { buildServer } from '../../src/service/server.js';
import { MemoryStore } from '../../src/service/store.js';
import { freshMargins, same, smallInputs, testEngine, withAccounts } from './serviceData.js';

const TOKEN = 'session-token';
let engine: Engine;
let service: MarginService;
let app: FastifyInstance;
let base: string;
let inputs: BookInputs;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  engine = await testEngine();
  inputs = smallInputs();
  const start = inputs;
  service = await MarginService.open(engine, new MemoryStore(), async () => start);
  app = await buildServer(service, { token: TOKEN });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  for (const ws of sockets) ws.terminate();
  await app?.close();
  await service?.close();
  await engine?.close();
});

/** A connected session; `ask` sends one raw message and resolves with the next answer that has `id` (or the next one without an id). */
async function session(token = TOKEN): Promise<{ ws: WebSocket; ask: (message: string | Buffer, id?: unknown) => Promise<any> }> {
  const ws = new WebSocket(`${base.replace('http', 'ws')}/positions`, { headers: { authorization: `Bearer ${token}` } });
  sockets.push(ws);
  const waiting = new Map<unknown, (answer: any) => void>();
  ws.on('message', (data) => {
    const answer = JSON.parse(String(data));
    const w = waiting.get(answer.id);
    waiting.delete(answer.id);
    w?.(answer);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const ask = (message: string | Buffer, id?: unknown) =>
    new Promise<any>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer with id ${JSON.stringify(id)} to ${String(message).slice(0, 80)}`)), 10_000);
      waiting.set(id, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      ws.send(message, { binary: Buffer.isBuffer(message) });
    });
  return { ws, ask };
}

const http = (url: string, body: unknown) =>
  fetch(`${base}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.json() }));

describe('positions over a WebSocket', () => {
  it('answers each message as POST /positions and /what-if answer it: the margins of a fresh book', async () => {
    const { ask } = await session();
    const [a, b] = [inputs.portfolio.accounts[2], inputs.portfolio.accounts[5]];
    // many in flight at once, answered by id
    const answers = await Promise.all([
      ask(JSON.stringify({ id: 1, body: { account: a.id, positions: [{ instrument: 'BTC-PERP', quantity: 1.5 }] } }), 1),
      ask(JSON.stringify({ id: 'two', op: 'positions', body: { account: b.id, fills: [{ instrument: 'ETH-PERP', quantity: -3 }] } }), 'two'),
      ask(JSON.stringify({ id: 3, op: 'what-if', body: { account: a.id, positions: [{ instrument: 'SOL-PERP', quantity: 40 }] } }), 3),
    ]);
    expect(answers.map((x) => x.status)).toEqual([200, 200, 200]);
    const [first, second, whatIf] = answers.map((x) => x.body);
    expect([first.seq, second.seq]).toEqual([1, 2]);
    expect(whatIf.committed).toBe(false);
    inputs = withAccounts(inputs, { [a.id]: { positions: first.positions }, [b.id]: { positions: second.positions } });
    const fresh = await freshMargins(engine, inputs);
    for (const body of [first, second]) {
      const f = fresh.find((x) => x.id === body.id)!;
      expect(same(body.risk)).toBe(same({ var: f.risk.var, es: f.risk.es, varCi: f.risk.varCi, esCi: f.risk.esCi }));
      expect(body.margin.initialMarginUsd).toBe(f.margin.initialMarginUsd);
    }
    // the same body over HTTP: the same answer (what-if, so nothing changes), and the what-if left the book alone
    const overHttp = await http('/what-if', { account: a.id, positions: [{ instrument: 'SOL-PERP', quantity: 40 }] });
    expect(overHttp.status).toBe(200);
    expect(same(overHttp.body)).toBe(same(whatIf));
    const explained = await ask(JSON.stringify({ id: 4, op: 'what-if', explain: true, body: { account: a.id, positions: first.positions } }), 4);
    expect(same(explained.body.margin)).toBe(same(fresh.find((x) => x.id === a.id)!.margin));
  });

  it('refuses bad messages with the HTTP route\'s status and message, echoing the id when there is one', async () => {
    const { ask } = await session();
    const a = inputs.portfolio.accounts[1].id;
    expect(await ask('{"id": 1, "body": {"account": "nobody", "positions": []}}', 1)).toEqual({ id: 1, status: 404, body: { error: 'Not Found', message: 'account: unknown account "nobody"' } });
    const badBody = await ask(JSON.stringify({ id: 2, body: { account: a, fills: [{ instrument: 'BTC-PERP', quantity: '1' }] } }), 2);
    const overHttp = await http('/positions', { account: a, fills: [{ instrument: 'BTC-PERP', quantity: '1' }] });
    expect(badBody).toEqual({ id: 2, status: 400, body: overHttp.body });
    expect(badBody.body.message).toBe('body: fills[0].quantity: must be a number; got "1"');
    const badOp = await ask('{"id": 3, "op": "delete", "body": {}}', 3);
    expect([badOp.status, badOp.body.path]).toEqual([400, 'op']);
    expect(badOp.body.message).toMatch(/^message: op: must be one of positions, what-if; got "delete"/);
    expect((await ask('{"id": 4, "body": {"account": "x", "positions": []}, "extra": 1}', 4)).body.message).toMatch(/^message: .*extra/);
    // no id to echo: answered without one
    expect(await ask('{"id": 5, "body": 1', undefined)).toMatchObject({ status: 400, body: { message: expect.stringMatching(/^message:1:\d+: invalid JSON/) } });
    expect((await ask('[1, 2]', undefined)).body.message).toBe('message: (root): must be an object; got an array');
    expect((await ask(Buffer.from('{}'), undefined)).body.message).toBe('message: send each request as a text message (JSON)');
    expect((await ask('{"id": {"x": 1}, "body": {}}', undefined)).body.path).toBe('id');
    // nothing was committed by any of them
    expect((await http('/what-if', { account: a, positions: [] })).status).toBe(200);
    expect(service.lastSeq).toBe(2);
  });

  it('needs the bearer token; a plain GET is told to upgrade (426)', async () => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/positions`);
    ws.on('error', () => {});
    const status = await new Promise<number>((resolve) => ws.on('unexpected-response', (req, res) => {
      resolve(res.statusCode ?? 0);
      req.destroy();
    }));
    expect(status).toBe(401);
    const plain = await fetch(`${base}/positions`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(plain.status).toBe(426);
    expect((await plain.json()).message).toContain('is a WebSocket');
  });

  it(`bounds a socket: ${MAX_IN_FLIGHT} unanswered messages (then 503), and a client that does not read is closed (1013)`, async () => {
    const sent: string[] = [];
    const closed: number[] = [];
    let onMessage: ((data: Buffer, isBinary: boolean) => void) | undefined;
    let buffered = 0;
    const socket: SessionSocket = {
      get bufferedAmount() {
        return buffered;
      },
      readyState: 1,
      send: (d) => sent.push(d),
      close: (code) => closed.push(code ?? 0),
      on: (_event, listener) => (onMessage = listener as typeof onMessage),
    };
    const held: (() => void)[] = [];
    servePositionsSocket(socket, () => new Promise((resolve) => held.push(() => resolve({ status: 200, body: {} }))), () => {});
    for (let i = 0; i <= MAX_IN_FLIGHT; i++) onMessage!(Buffer.from(`{"id": ${i}, "body": {}}`), false);
    expect(held).toHaveLength(MAX_IN_FLIGHT);
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0])).toMatchObject({ id: MAX_IN_FLIGHT, status: 503 });
    held[0]();
    await new Promise((r) => setTimeout(r, 0));
    expect(JSON.parse(sent[1])).toEqual({ id: 0, status: 200, body: {} });
    buffered = 64 * 2 ** 20;
    held[1]();
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toHaveLength(2);
    expect(closed).toEqual([1013]);
  });
});
