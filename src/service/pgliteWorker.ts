/**
 * Worker-thread entry that owns one PGlite (PostgreSQL compiled to Wasm): the service's event loop
 * never runs the database, so a checkpoint or a large batch does not delay requests. Messages are
 * answered in arrival order; see pgliteThread.ts for the other side.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import type { PgliteReply, PgliteRequest } from './pgliteThread.js';

const port = parentPort!;
const { dir } = workerData as { dir: string | undefined };

const errorOf = (err: unknown): { message: string; code?: string } => {
  const e = err as { message?: unknown; code?: unknown };
  return { message: typeof e?.message === 'string' ? e.message : String(err), ...(typeof e?.code === 'string' ? { code: e.code } : {}) };
};

try {
  const db = await PGlite.create(dir);
  // one request at a time, in order (PGlite is one connection)
  let chain: Promise<void> = Promise.resolve();
  port.on('message', (req: PgliteRequest) => {
    chain = chain.then(async () => {
      let reply: PgliteReply;
      try {
        if (req.op === 'query') reply = { id: req.id, rows: (await db.query(req.text, req.params)).rows };
        else if (req.op === 'exec') reply = { id: req.id, rows: (await db.exec(req.text), []) };
        else if (req.op === 'transaction') {
          await db.transaction(async (tx) => {
            for (const s of req.statements) await tx.query(s.text, s.params);
          });
          reply = { id: req.id, rows: [] };
        } else {
          await db.close();
          reply = { id: req.id, rows: [] };
        }
      } catch (err) {
        reply = { id: req.id, error: errorOf(err) };
      }
      port.postMessage(reply);
      if (req.op === 'close') port.close();
    });
  });
  port.postMessage({ ready: true });
} catch (err) {
  port.postMessage({ failed: errorOf(err) });
}
