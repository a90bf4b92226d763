/**
 * The JSON reply of an error, as the HTTP server sends it: 400 with the JSON path for bad input,
 * the error's own 4xx, 503 (retry later); anything else is 500 with no detail. Shared by the server
 * and by a shard answering an update another shard published (shards/shardConsumer.ts).
 */
import { InputError } from '../errors.js';

export interface ErrorReply {
  status: number;
  body: { error: string; message: string; path?: string | null; problem?: string };
}

export function errorReply(err: unknown): ErrorReply {
  if (err instanceof InputError) return { status: 400, body: { error: 'Bad Request', message: err.message, path: err.column ?? null, problem: err.problem } };
  const status = (err as { statusCode?: number }).statusCode;
  const message = (err as Error).message;
  if (status !== undefined && status >= 400 && status < 500) return { status, body: { error: httpStatusText(status), message } };
  if (status === 503) return { status: 503, body: { error: 'Service Unavailable', message } };
  return { status: 500, body: { error: 'Internal Server Error', message: 'unexpected error (see the service log)' } };
}

export function httpStatusText(status: number): string {
  return ({ 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 405: 'Method Not Allowed', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 421: 'Misdirected Request' } as Record<number, string>)[status] ?? 'Client Error';
}
