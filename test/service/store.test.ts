// The service's state in PGlite (the embedded PostgreSQL): a restart resumes the same book with
// the same figures, bit for bit; batches are all or nothing; the event log is append-only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine.js';
import { MarginService } from '../../src/service/marginService.js';
import { openPglite } from '../../src/service/pgliteThread.js';
import type { SqlClient } from '../../src/service/sql.js';
import { SqlStore } from '../../src/service/sqlStore.js';
import { freshMargins, loggedChanges, resumeService, same, smallInputs, testEngine, withAccounts } from './serviceData.js';

let engine: Engine;
let dir: string;

beforeAll(async () => {
  engine = await testEngine();
  dir = mkdtempSync(join(tmpdir(), 'dynamargin-store-'));
});

afterAll(async () => {
  await engine?.close();
  rmSync(dir, { recursive: true, force: true });
});

const open = async (path: string) => SqlStore.open(await openPglite(path));

describe('PGlite store', () => {
  it('a restart resumes the stored book: same events, same figures bit for bit, equal to a fresh computation', async () => {
    const path = join(dir, 'resume');
    let inputs = smallInputs(30);
    const first = await MarginService.open(engine, await open(path), async () => inputs);
    expect(first.resumed).toBe(false);
    const ids = inputs.portfolio.accounts.map((a) => a.id);
    await first.updatePositions({ account: ids[1], positions: [{ instrument: 'ETH-PERP', quantity: 12.5 }], collateral: { USD: 5000, ETH: 2 } });
    await first.updatePositions({ account: ids[2], fills: [{ instrument: 'BTC-PERP', quantity: -3 }] });
    const market = { ...inputs.market, asOf: '2026-11-20T06:00:00Z', underlyings: inputs.market.underlyings.map((u) => ({ ...u, spot: u.spot * 1.02, vol: u.vol * 1.01 })) };
    await first.tick(market);
    const eod = await first.endOfDay();
    await Promise.all(ids.slice(3, 20).map((id, k) => first.updatePositions({ account: id, positions: [{ instrument: 'SOL-PERP', quantity: k - 8.25 }] })));
    const before = ids.map((id) => same(first.account(id)));
    const lastSeq = first.lastSeq;
    expect(lastSeq).toBe(21);
    await first.close();

    const second = await resumeService(engine, await open(path));
    try {
      expect(second.resumed).toBe(true);
      expect(second.lastSeq).toBe(lastSeq);
      expect(ids.map((id) => same(second.account(id)))).toEqual(before);
      const events = await second.events(0, 100);
      expect(events.map((e) => e.seq)).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
      expect(events.map((e) => e.event.kind).slice(0, 5)).toEqual(['positions', 'positions', 'market', 'end-of-day', 'positions']);
      // independently: the book the log describes, computed from scratch
      const { changes, eod: eodEvent } = loggedChanges(events, eod.seq);
      inputs = { ...withAccounts(inputs, changes), market };
      const fresh = await freshMargins(engine, inputs, eodEvent.states, eodEvent.regimes);
      for (const f of fresh) expect(same(second.account(f.id).margin), f.id).toBe(same(f.margin));
      // and it keeps going where it stopped
      expect((await second.updatePositions({ account: ids[0], positions: [] })).seq).toBe(lastSeq + 1);
    } finally {
      await second.close();
    }

    // the tables, read directly
    const db = await openPglite(path);
    try {
      const count = async (sql: string) => Number((await db.query<{ n: number }>(sql)).rows[0].n);
      expect(await count('SELECT count(*)::int AS n FROM dynamargin.events')).toBe(lastSeq + 1);
      // one row per position update, one per status change of a tick or an end of day
      const rows = (await db.query<{ margins: string }>('SELECT margins FROM dynamargin.events')).rows.map((r) => JSON.parse(r.margins).length);
      expect(rows.filter((n) => n === 1).length).toBeGreaterThanOrEqual(20);
      expect(await count('SELECT count(*)::int AS n FROM dynamargin.margin_history')).toBe(rows.reduce((x, y) => x + y, 0));
      expect(await count("SELECT value::int AS n FROM dynamargin.meta WHERE key = 'checkpoint_seq'")).toBe(lastSeq + 1);
      expect(await count('SELECT count(*)::int AS n FROM dynamargin.market_snapshots')).toBe(2);
      expect(await count('SELECT count(*)::int AS n FROM dynamargin.policy_state')).toBe(30);
      expect((await db.query<{ amount: number }>("SELECT amount FROM dynamargin.collateral WHERE account_id = $1 AND asset = 'ETH'", [ids[1]])).rows[0].amount).toBe(2);
      // append-only: updates and deletes of the log do nothing
      await db.exec("UPDATE dynamargin.events SET kind = 'x'; DELETE FROM dynamargin.events");
      expect(await count("SELECT count(*)::int AS n FROM dynamargin.events WHERE kind <> 'x'")).toBe(lastSeq + 1);
    } finally {
      await db.close();
    }
  });

  it('writes a batch all or nothing; a load folds in the log after the last checkpoint', async () => {
    const path = join(dir, 'atomic');
    const inputs = smallInputs(5);
    const event = (seq: number, account: string, quantity: number) => ({
      seq, atMs: 1, event: { kind: 'positions' as const, account, positions: [{ instrument: 'BTC-PERP', quantity }], collateral: { USD: seq } },
      margins: [{ account, initialMarginUsd: 1 / 3, maintenanceMarginUsd: 1 / 6, equityUsd: seq, status: 'healthy' as const }],
    });
    let store = await open(path);
    try {
      await store.initialize({ inputs, policy: { states: inputs.portfolio.accounts.map(() => undefined), regimes: {} }, seq: 0 });
      await store.append([event(1, 'acct-0000', 1)]);
      // seq 1 again: the primary key fails the whole batch, seq 2 included
      await expect(store.append([event(2, 'acct-0001', 2), event(1, 'acct-0002', 3)])).rejects.toThrow();
      expect((await store.events(0, 10)).map((e) => e.seq)).toEqual([1]);
      await store.append([event(2, 'acct-0001', 2.5)]);
      await store.checkpoint();
      await store.append([event(3, 'acct-0001', 7), event(4, 'acct-0003', -1)]);
    } catch (err) {
      await store.close();
      throw err;
    }
    // no close yet: as after kill -9, the book tables stop at the checkpoint (seq 2)
    const loaded = (await store.load())!;
    expect(loaded.seq).toBe(4);
    const positions = Object.fromEntries(loaded.inputs.portfolio.accounts.map((a) => [a.id, a.positions.map((p) => p.quantity)]));
    expect(positions['acct-0000']).toEqual([1]);
    expect(positions['acct-0001']).toEqual([7]);
    expect(positions['acct-0003']).toEqual([-1]);
    expect(positions['acct-0002']).toEqual(inputs.portfolio.accounts[2].positions.map((p) => p.quantity));
    expect(loaded.inputs.portfolio.accounts[1].collateral).toEqual({ USD: 3 });
    await store.close(); // checkpoints 3 and 4
    store = await open(path);
    try {
      const again = (await store.load())!;
      expect(again.seq).toBe(4);
      expect(again.inputs.portfolio.accounts.map((a) => a.positions)).toEqual(loaded.inputs.portfolio.accounts.map((a) => a.positions));
    } finally {
      await store.close();
    }
  });

  it('a checkpoint cut between its transactions (holdings written, checkpoint_seq not) loads the same book and writes no history twice', async () => {
    const path = join(dir, 'cut-checkpoint');
    const inputs = smallInputs(600); // more accounts than one checkpoint transaction rewrites
    const ids = inputs.portfolio.accounts.map((a) => a.id);
    const raw = await openPglite(path);
    let cut = true;
    const db: SqlClient = {
      ...raw,
      description: raw.description,
      // the checkpoint's last transaction (the one that moves checkpoint_seq) fails once
      transaction: (statements) => (cut && statements.some((s) => s.text.includes("'checkpoint_seq'")) ? ((cut = false), Promise.reject(new Error('cut'))) : raw.transaction(statements)),
    };
    const store = await SqlStore.open(db);
    try {
      await store.initialize({ inputs, policy: { states: ids.map(() => undefined), regimes: {} }, seq: 0 });
      const event = (seq: number, account: string, quantity: number) => ({
        seq, atMs: 1, event: { kind: 'positions' as const, account, positions: [{ instrument: 'ETH-PERP', quantity }], collateral: { USD: seq } },
        margins: [{ account, initialMarginUsd: seq / 7, maintenanceMarginUsd: seq / 14, equityUsd: seq, status: 'healthy' as const }],
      });
      await store.append(ids.map((id, k) => event(k + 1, id, k + 0.5)));
      await expect(store.checkpoint()).rejects.toThrow('cut');
      // the holdings tables are ahead of checkpoint_seq (0); later events for some accounts
      await store.append([event(601, ids[3], -2), event(602, ids[599], 9)]);
      const fresh = await SqlStore.open(raw);
      const loaded = (await fresh.load())!;
      expect(loaded.seq).toBe(602);
      const quantities = loaded.inputs.portfolio.accounts.map((a) => a.positions.map((p) => p.quantity));
      expect(quantities).toEqual(ids.map((_, k) => (k === 3 ? [-2] : k === 599 ? [9] : [k + 0.5])));
      await fresh.checkpoint();
      const count = async (sql: string) => Number((await raw.query<{ n: number }>(sql)).rows[0].n);
      expect(await count('SELECT count(*)::int AS n FROM dynamargin.margin_history')).toBe(602);
      expect(await count("SELECT value::int AS n FROM dynamargin.meta WHERE key = 'checkpoint_seq'")).toBe(602);
      expect(await count('SELECT count(*)::int AS n FROM dynamargin.positions')).toBe(600);
    } finally {
      await raw.close();
    }
  });

  it('refuses a database of another schema version, naming it and the way out', async () => {
    const db = await openPglite('memory://');
    try {
      await SqlStore.open(db);
      await db.query("INSERT INTO dynamargin.meta (key, value) VALUES ('version', '1')");
      await expect(SqlStore.open(db)).rejects.toThrow(/PGlite in memory holds schema version 1; this dynamargin reads version 2 \(start it on a new --db/);
    } finally {
      await db.close();
    }
  });
});
