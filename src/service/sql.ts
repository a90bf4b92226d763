/**
 * One SQL interface over the two PostgreSQLs the service runs on: PGlite (Postgres compiled to
 * Wasm, embedded, in a folder) and a PostgreSQL server through `pg`. The store's SQL is the same
 * for both; parameters are `$1`-style.
 */
import { resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { Pool } from 'pg';

export interface SqlQuery {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

export interface SqlClient extends SqlQuery {
  readonly description: string;
  /** Several statements, no parameters. */
  exec(text: string): Promise<void>;
  /** `fn` inside BEGIN ... COMMIT (ROLLBACK when it throws). */
  transaction<T>(fn: (tx: SqlQuery) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** PGlite in `dir` (created when missing), or in memory for `memory://`. */
export async function openPglite(dir: string): Promise<SqlClient> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db: PGlite = await PGlite.create(dir === 'memory://' ? undefined : resolve(dir));
  return {
    description: dir === 'memory://' ? 'PGlite in memory' : `PGlite ${dir}`,
    query: async (text, params) => ({ rows: (await db.query(text, params)).rows as never[] }),
    exec: async (text) => void (await db.exec(text)),
    transaction: (fn) => db.transaction((tx) => fn({ query: async (text, params) => ({ rows: (await tx.query(text, params)).rows as never[] }) })),
    close: () => db.close(),
  };
}

/** A PostgreSQL server at `url` (postgres://user:password@host:port/database). */
export async function openPostgres(url: string): Promise<SqlClient> {
  const pg = (await import('pg')).default;
  const pool: Pool = new pg.Pool({ connectionString: url, max: 4 });
  // fail now, with the server's message, rather than on the first event
  const probe = await pool.connect();
  probe.release();
  const safe = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  return {
    description: `PostgreSQL ${safe}`,
    query: async (text, params) => ({ rows: (await pool.query(text, params)).rows }),
    exec: async (text) => void (await pool.query(text)),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn({ query: async (text, params) => ({ rows: (await client.query(text, params)).rows }) });
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
