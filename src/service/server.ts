/**
 * The HTTP server of the margin service (fastify): JSON bodies parsed with the CLI's JSON reader
 * (syntax errors at line:column), bounded body size, optional bearer token on every route but
 * GET /health, and errors as JSON: 400 with the JSON path for bad input, 401, 404, 413, 503;
 * anything unexpected is 500 with no detail (the stack goes to the log only).
 */
import websocket from '@fastify/websocket';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { parseJsonText } from '../market/jsonText.js';
import { bearerCheck } from './auth.js';
import { errorReply, httpStatusText } from './errorReply.js';
import { DEFAULT_BODY_LIMIT } from './bodyLimit.js';
import type { MarginService } from './marginService.js';
import { BODY } from './requests.js';
import { addRoutes } from './routes.js';
import type { ShardIngress } from './shards/shardIngress.js';

export interface ServerOptions {
  /** Largest request body, bytes. Default 4 MiB. */
  bodyLimit?: number;
  /** Bearer token required on every route but GET /health; undefined = open. */
  token?: string;
  /** fastify's logger option (pino). Default off. */
  logger?: boolean | object;
  /** A sharded service: events go through JetStream (see routes.ts). */
  shards?: ShardIngress;
}

export { DEFAULT_BODY_LIMIT };

export async function buildServer(service: MarginService, options: ServerOptions = {}): Promise<FastifyInstance> {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const app = Fastify({ bodyLimit, logger: options.logger ?? false, forceCloseConnections: 'idle', return503OnClosing: true });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, text, done) => {
    try {
      // an empty body is no body (e.g. POST /end-of-day sent with a JSON content type)
      done(null, (text as string).trim() === '' ? undefined : parseJsonText(text as string, BODY));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  // before the auth hook: its onRequest hook marks upgrade requests, whose sockets it then closes
  // after any reply (a refused upgrade would otherwise hold app.close())
  // a message of the positions socket is a request body: the same limit
  await app.register(websocket, { options: { maxPayload: bodyLimit } });
  const allowed = bearerCheck(options.token);
  if (allowed) {
    app.addHook('onRequest', async (request, reply) => {
      if (request.method === 'GET' && request.url.split('?')[0] === '/health') return;
      if (!allowed(request.headers.authorization)) {
        return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'Unauthorized', message: 'missing or wrong bearer token (Authorization: Bearer <token>)' });
      }
    });
  }

  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send({ error: httpStatusText(413), message: `body: larger than the ${bodyLimit}-byte limit` });
    const { status, body } = errorReply(err);
    if (status === 503) reply.header('retry-after', '1');
    if (status === 500) request.log.error(err);
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: 'Not Found', message: `no route ${request.method} ${request.url.split('?')[0]}` }));

  addRoutes(app, service, options.shards);
  return app;
}
