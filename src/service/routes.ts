/** The HTTP and WebSocket routes of the margin service (see README "Service"). */
import type { FastifyInstance } from 'fastify';
import { InputError } from '../errors.js';
import type { MarginService } from './marginService.js';

const MAX_LIST = 10_000;

export function addRoutes(app: FastifyInstance, service: MarginService): void {
  app.post('/positions', async (request) => service.updatePositions(request.body));
  app.post('/what-if', async (request) => ({ committed: false, ...(await service.whatIf(request.body)) }));
  app.post('/market', async (request) => service.tick(request.body));
  app.post('/end-of-day', async () => service.endOfDay());

  app.get<{ Params: { id: string } }>('/accounts/:id', async (request) => service.account(request.params.id));
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
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', seq: service.lastSeq, accounts: service.accounts, asOf: service.asOf, store: service.storeDescription });
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

/** A query-string integer in [min, max], or InputError naming it. */
function integer(text: string | undefined, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new InputError(`must be an integer in [${min}, ${max}]; got ${JSON.stringify(text)}`, { file: 'query', column: name });
  return n;
}
