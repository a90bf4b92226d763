/**
 * `GET /positions` as a WebSocket: the bodies of POST /positions and POST /what-if, one per text
 * message, on a connection that stays open (an order gateway's session; no HTTP request per
 * update). A message is `{"id": 7, "op": "positions" | "what-if", "explain": false, "body": {...}}`
 * (`op` defaults to positions); each is answered `{"id": 7, "status": 200, "body": {...}}` with
 * exactly what the HTTP route answers (same status, same error bodies), in the order the answers
 * are ready: a bad message is answered at once, a good one once durable, so match answers by `id`.
 * A socket may have `MAX_IN_FLIGHT` messages unanswered (beyond: 503 at once); a client more than
 * `MAX_BUFFERED_BYTES` behind in reading its answers is closed (1013).
 */
import * as z from 'zod';
import { InputError } from '../errors.js';
import { parseJsonText } from '../market/jsonText.js';
import { zodInputError } from '../market/zodIssue.js';
import { errorReply } from './errorReply.js';
import type { Answer } from './shards/shardIngress.js';
import type { StreamSocket } from './stream.js';

export const MAX_IN_FLIGHT = 1024;
export const MAX_BUFFERED_BYTES = 16 * 2 ** 20;
/** File name of socket messages in error messages (`message: op: ...`); the body's own errors say `body: ...`, as over HTTP. */
const MESSAGE = 'message';
const OPEN = 1;

const MessageSchema = z.strictObject({
  id: z.union([z.string().max(200), z.number().refine(Number.isFinite, 'must be a finite number')]).optional().describe('Echoed in the answer.'),
  op: z.enum(['positions', 'what-if']).default('positions').describe('POST /positions (commit) or POST /what-if (pre-trade check).'),
  explain: z.boolean().default(false).describe('As ?explain=true.'),
  body: z.unknown().describe('The POST body.'),
});

export type PositionsOp = 'positions' | 'what-if';
/** The service's answer to one op, as HTTP gives it (rejects with the error the HTTP error handler maps). */
export type PositionsHandler = (op: PositionsOp, body: unknown, explain: boolean) => Promise<Answer>;

/** What the session needs of a `ws` WebSocket. */
export interface SessionSocket extends StreamSocket {
  on(event: 'message', listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): unknown;
}

/** Serve one socket: answer each message through `handle`; `onError` sees unexpected (500) errors. */
export function servePositionsSocket(socket: SessionSocket, handle: PositionsHandler, onError: (err: unknown) => void): void {
  let inFlight = 0;
  const answer = (id: string | number | undefined, a: Answer): void => {
    if (socket.readyState !== OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) return socket.close(1013, 'reading too slowly: more than the answer buffer is unsent');
    socket.send(JSON.stringify(id === undefined ? a : { id, ...a }));
  };
  const fail = (id: string | number | undefined, err: unknown): void => {
    const reply = errorReply(err);
    if (reply.status === 500) onError(err);
    answer(id, reply);
  };
  socket.on('message', (data, isBinary) => {
    let id: string | number | undefined;
    try {
      if (isBinary) throw new InputError('send each request as a text message (JSON)', { file: MESSAGE });
      const json = parseJsonText(String(data), MESSAGE);
      id = idOf(json); // echoed even when the rest of the message is refused
      const message = parseMessage(json);
      if (inFlight >= MAX_IN_FLIGHT) {
        return answer(id, { status: 503, body: { error: 'Service Unavailable', message: `${MAX_IN_FLIGHT} messages of this socket are unanswered; wait for their answers` } });
      }
      inFlight++;
      handle(message.op, message.body, message.explain)
        .then(
          (a) => answer(id, a),
          (err: unknown) => fail(id, err),
        )
        .catch(onError) // a failed write of the answer: logged, never an unhandled rejection
        .finally(() => inFlight--);
    } catch (err) {
      fail(id, err);
    }
  });
}

const IdSchema = MessageSchema.shape.id.unwrap();

/** The message's id when it is a valid one. */
function idOf(json: unknown): string | number | undefined {
  if (typeof json !== 'object' || json === null || !('id' in json)) return undefined;
  const id = IdSchema.safeParse(json.id);
  return id.success ? id.data : undefined;
}

function parseMessage(json: unknown): z.infer<typeof MessageSchema> {
  const parsed = MessageSchema.safeParse(json);
  if (!parsed.success) throw zodInputError(MessageSchema.safeParse(json, { reportInput: true }).error!, MESSAGE);
  return parsed.data;
}
