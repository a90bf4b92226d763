/**
 * One SQL interface over the two PostgreSQLs the service runs on: PGlite (Postgres compiled to
 * Wasm, embedded, in a folder; pgliteThread.ts) and a PostgreSQL server through `pg`. The store's
 * SQL is the same for both; parameters are `$1`-style.
 */
import type { Pool } from 'pg';

export interface SqlQuery {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

export interface Statement {
  text: string;
  params?: unknown[];
}

export interface SqlClient extends SqlQuery {
  readonly description: string;
  /** Several statements, no parameters. */
  exec(text: string): Promise<void>;
  /** The statements in order inside BEGIN ... COMMIT: all or nothing (ROLLBACK when one fails). */
  transaction(statements: readonly Statement[]): Promise<void>;
  close(): Promise<void>;
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
    async transaction(statements) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        for (const s of statements) await client.query(s.text, s.params);
        await client.query('COMMIT');
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
