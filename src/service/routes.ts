/** The HTTP and WebSocket routes of the margin service (see README "Service"). */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { InputError } from '../errors.js';
import type { MarginService } from './marginService.js';
import { parsePositionsBody } from './requests.js';
import type { Answer, ShardIngress } from './shards/shardIngress.js';
import { shardLabel } from './shards/shardSpec.js';

const MAX_LIST = 10_000;

/** With `shards`, events go through JetStream (shards/shardIngress.ts) and another shard's account is a 421. */
export function addRoutes(app: FastifyInstance, service: MarginService, shards?: ShardIngress): void {
  const send = (reply: FastifyReply) => (a: Answer) => reply.code(a.status).send(a.body);
  /** 421 naming the owner when `id` is another shard's. */
  const misdirected = (id: string, reply: FastifyReply): FastifyReply | undefined => {
    if (!shards) return undefined;
    const owner = shards.ownerOf(id);
    if (owner === shards.spec.index) return undefined;
    return reply.code(421).send({ error: 'Misdirected Request', message: `account ${JSON.stringify(id)} is served by shard ${owner}/${shards.spec.count} (FNV-1a 32 of its id mod ${shards.spec.count}); ask that shard`, shard: owner });
  };
  type Explained = { Querystring: Record<string, string | undefined> };
  app.post<Explained>('/positions', async (request, reply) => {
    const explain = explainQuery(request.query.explain);
    if (!shards) return service.updatePositions(request.body, undefined, explain);
    if (explain) throw new InputError('is not served through a shard: GET /accounts/:id on the owning shard gives the explanation', { file: 'query', column: 'explain' });
    return shards.updatePositions(request.body).then(send(reply));
  });
  app.post<Explained>('/what-if', async (request, reply) => {
    const explain = explainQuery(request.query.explain);
    return misdirected(parsePositionsBody(request.body).account, reply) ?? { committed: false, ...(await service.whatIf(request.body, explain)) };
  });
  app.post('/market', async (request, reply) => (shards ? shards.tick(request.body).then(send(reply)) : service.tick(request.body)));
  app.post('/end-of-day', async (_request, reply) => (shards ? shards.endOfDay().then(send(reply)) : service.endOfDay()));

  app.get<{ Params: { id: string } }>('/accounts/:id', async (request, reply) => misdirected(request.params.id, reply) ?? service.account(request.params.id));
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
