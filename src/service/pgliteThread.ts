/**
 * PGlite on its own worker thread (pgliteWorker.ts), behind the service's SqlClient interface:
 * requests are posted and answered in order; the event loop of the service only copies them.
 */
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SqlClient, Statement } from './sql.js';

export type PgliteRequest =
  | { id: number; op: 'query'; text: string; params?: unknown[] }
  | { id: number; op: 'exec'; text: string }
  | { id: number; op: 'transaction'; statements: readonly Statement[] }
  | { id: number; op: 'close' };
export type PgliteReply = { id: number; rows: unknown[]; error?: undefined } | { id: number; error: { message: string; code?: string } };

/** A request before it is given its id (Omit over each member of the union). */
type WithoutId<R> = R extends unknown ? Omit<R, 'id'> : never;
type Request = WithoutId<PgliteRequest>;

const WORKER_URL = new URL('../../dist/service/pgliteWorker.js', import.meta.url);

/** PGlite in `dir` (created when missing), or in memory for `memory://`. */
export async function openPglite(dir: string): Promise<SqlClient> {
  const worker = new Worker(WORKER_URL, { workerData: { dir: dir === 'memory://' ? undefined : resolve(dir) } });
  const pending = new Map<number, { resolve: (rows: unknown[]) => void; reject: (err: Error) => void }>();
  let nextId = 0;
  let gone: Error | undefined;
  const settleAll = (err: Error): void => {
    gone ??= err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  // the first message says whether the database opened; every later one answers a request
  let opened: { ready: () => void; fail: (err: Error) => void } | undefined;
  const open = new Promise<void>((ready, fail) => (opened = { ready, fail }));
  worker.on('message', (m: PgliteReply | { ready?: true; failed?: { message: string } }) => {
    if (opened) {
      const o = opened;
      opened = undefined;
      return 'ready' in m && m.ready ? o.ready() : o.fail(new Error(`PGlite ${dir}: ${'failed' in m ? m.failed?.message : 'no answer'}`));
    }
    const reply = m as PgliteReply;
    const p = pending.get(reply.id);
    pending.delete(reply.id);
    if (pending.size === 0) worker.unref();
    if (reply.error) p?.reject(Object.assign(new Error(reply.error.message), reply.error.code ? { code: reply.error.code } : {}));
    else p?.resolve(reply.rows);
  });
  worker.on('error', (err) => {
    opened?.fail(err);
    settleAll(err);
  });
  worker.on('exit', (code) => {
    const err = new Error(`PGlite ${dir}: the database thread exited (code ${code})`);
    opened?.fail(err);
    settleAll(err);
  });
  await open;
  worker.unref();

  const send = (req: Request): Promise<unknown[]> => {
    if (gone) return Promise.reject(gone);
    const id = ++nextId;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...req, id });
    });
  };
  return {
    description: dir === 'memory://' ? 'PGlite in memory' : `PGlite ${dir}`,
    query: async (text, params) => ({ rows: (await send({ op: 'query', text, ...(params ? { params } : {}) })) as never[] }),
    exec: async (text) => void (await send({ op: 'exec', text })),
    transaction: async (statements) => void (await send({ op: 'transaction', statements })),
    async close() {
      if (gone) return;
      await send({ op: 'close' });
      await worker.terminate();
    },
  };
}
