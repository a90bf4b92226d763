/** The HTTP and WebSocket routes of the margin service (see README "Service"). */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { InputError } from '../errors.js';
import type { MarginService } from './marginService.js';
import { servePositionsSocket, type PositionsHandler } from './positionsSocket.js';
import { parsePositionsBody } from './requests.js';
import type { Answer, ShardIngress } from './shards/shardIngress.js';
import { shardLabel } from './shards/shardSpec.js';

const MAX_LIST = 10_000;

/** With `shards`, events go through JetStream (shards/shardIngress.ts) and another shard's account is a 421. */
export function addRoutes(app: FastifyInstance, service: MarginService, shards?: ShardIngress): void {
  const send = (reply: FastifyReply) => (a: Answer) => reply.code(a.status).send(a.body);
  /** 421 naming the owner when `id` is another shard's. */
  const othersAccount = (id: string): Answer | undefined => (shards && shards.ownerOf(id) !== shards.spec.index ? misdirected(id, shards) : undefined);
  type Explained = { Querystring: Record<string, string | undefined> };
  /** POST /positions and /what-if, over HTTP and over the WebSocket session (positionsSocket.ts). */
  const positions: PositionsHandler = async (op, body, explain) => {
    if (op === 'what-if') {
      const other = othersAccount(parsePositionsBody(body).account);
      if (other) return other;
      return { status: 200, body: { committed: false, ...(await service.whatIf(body, explain)) } };
    }
    if (!shards) return { status: 200, body: await service.updatePositions(body, undefined, explain) };
    if (explain) throw new InputError('is not served through a shard: GET /accounts/:id on the owning shard gives the explanation', { file: 'query', column: 'explain' });
    return shards.updatePositions(body);
  };
  app.post<Explained>('/positions', async (request, reply) => send(reply)(await positions('positions', request.body, explainQuery(request.query.explain))));
  app.post<Explained>('/what-if', async (request, reply) => send(reply)(await positions('what-if', request.body, explainQuery(request.query.explain))));
  app.route({
    method: 'GET',
    url: '/positions',
    handler: (_request, reply) => reply.code(426).header('upgrade', 'websocket').send({ error: 'Upgrade Required', message: 'GET /positions is a WebSocket (one POST /positions or /what-if body per message); POST /positions takes one update' }),
    wsHandler: (socket, request) => servePositionsSocket(socket, positions, (err) => request.log.error(err)),
  });
  app.post('/market', async (request, reply) => (shards ? shards.tick(request.body).then(send(reply)) : service.tick(request.body)));
  app.post('/end-of-day', async (_request, reply) => (shards ? shards.endOfDay().then(send(reply)) : service.endOfDay()));

  app.get<{ Params: { id: string } }>('/accounts/:id', async (request, reply) => {
    const other = othersAccount(request.params.id);
    return other ? send(reply)(other) : service.account(request.params.id);
  });
  app.get<{ Querystring: Record<string, string | undefined> }>('/accounts', async (request) => {
    const q = request.query;
    return service.list(q.status, integer(q.offset, 'offset', 0, 0), integer(q.limit, 'limit', 1000, 1, MAX_LIST));
  });
  app.get<{ Querystring: Record<string, string | undefined> }>('/events', async (request) => {
    const q = request.query;
    const events = await service.events(integer(q.after, 'after', 0, 0), integer(q.limit, 'limit', 100, 1, 1000));
    return { events };
  });

  app.get('/health', async (_request, reply) => {
    const ok = service.healthy;
    const shard = shards ? { shard: shardLabel(shards.spec), streamSeq: service.lastStreamSeq } : {};
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', seq: service.lastSeq, accounts: service.accounts, asOf: service.asOf, store: service.storeDescription, ...shard });
  });
  app.get('/metrics', async (_request, reply) => reply.type('text/plain; version=0.0.4; charset=utf-8').send(service.metrics.text()));

  app.get<{ Querystring: Record<string, string | undefined> }>('/stream', { websocket: true }, (socket, request) => {
    const accounts = request.query.accounts?.split(',').filter((s) => s.length > 0);
    const remove = service.stream.add(socket, accounts);
    socket.on('close', remove);
    socket.on('error', remove);
    socket.send(JSON.stringify({ type: 'hello', seq: service.lastSeq, accounts: service.accounts, asOf: service.asOf }));
  });
}

/** `?explain=true|false` (default false): the answer with its notes, collateral lines and Greeks. */
function explainQuery(text: string | undefined): boolean {
  if (text === undefined || text === 'false') return false;
  if (text === 'true') return true;
  throw new InputError(`must be true or false; got ${JSON.stringify(text)}`, { file: 'query', column: 'explain' });
}

/** A query-string integer in [min, max], or InputError naming it. */
function integer(text: string | undefined, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new InputError(`must be an integer in [${min}, ${max}]; got ${JSON.stringify(text)}`, { file: 'query', column: name });
  return n;
}

/** 421 naming the shard that serves `id`. */
function misdirected(id: string, shards: ShardIngress): Answer {
  const owner = shards.ownerOf(id);
  return { status: 421, body: { error: 'Misdirected Request', message: `account ${JSON.stringify(id)} is served by shard ${owner}/${shards.spec.count} (FNV-1a 32 of its id mod ${shards.spec.count}); ask that shard`, shard: owner } };
}
