/** `--db`: a postgres:// URL (PostgreSQL server), `none` (memory only), else a PGlite folder. */
import { openPglite } from './pgliteThread.js';
import { openPostgres } from './sql.js';
import { SqlStore } from './sqlStore.js';
import { MemoryStore, type Store } from './store.js';

export async function openStore(db: string): Promise<Store> {
  if (db === 'none') return new MemoryStore();
  if (/^postgres(ql)?:\/\//.test(db)) return SqlStore.open(await openPostgres(db));
  return SqlStore.open(await openPglite(db));
}
