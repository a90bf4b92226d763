/**
 * The service's store in PostgreSQL (PGlite or a server); tables in schema.ts.
 *
 * The hot path is one INSERT per batch of events into the append-only log. The book tables are a
 * checkpoint of the log: every event the log accepted is also folded into a small in-memory
 * "changed since the last checkpoint" set, which `checkpoint()` writes in one transaction with the
 * margin history rows and `meta.checkpoint_seq` (the service calls it every few hundred ms, and on
 * close). `load` reads the checkpoint and folds in the events after it, so what it returns always
 * reflects every committed event.
 */
import type { MarketFile } from '../market/schema.js';
import type { ApcState } from '../policy/antiProcyclicality.js';
import { parsePolicyConfig } from '../policy/config.js';
import type { Instrument } from '../portfolio/types.js';
import { SCHEMA_SQL } from './schema.js';
import type { SqlClient, SqlQuery } from './sql.js';
import type { LoggedEvent, ServiceEvent, Store, StoredBook } from './store.js';

const SCHEMA_VERSION = '1';

type PositionsEvent = Extract<ServiceEvent, { kind: 'positions' }>;
type EndOfDayEvent = Extract<ServiceEvent, { kind: 'end-of-day' }>;

/** What the log holds beyond the last checkpoint. */
interface Pending {
  upTo: number;
  holdings: Map<string, PositionsEvent>;
  market?: { seq: number; market: MarketFile };
  endOfDay?: EndOfDayEvent;
}

export class SqlStore implements Store {
  private checkpointSeq = 0;
  private pending: Pending = { upTo: 0, holdings: new Map() };
  private checkpointing: Promise<void> | undefined;

  private constructor(private readonly db: SqlClient) {}

  /** Creates the schema when missing. */
  static async open(db: SqlClient): Promise<SqlStore> {
    await db.exec(SCHEMA_SQL);
    return new SqlStore(db);
  }

  get description(): string {
    return this.db.description;
  }

  async load(): Promise<StoredBook | undefined> {
    const db = this.db;
    const meta = new Map((await db.query<{ key: string; value: string }>('SELECT key, value FROM dynamargin.meta')).rows.map((r) => [r.key, r.value]));
    if (!meta.has('config')) return undefined;
    const instruments = (await db.query<{ spec: string }>('SELECT spec FROM dynamargin.instruments ORDER BY ord')).rows.map((r) => JSON.parse(r.spec) as Instrument);
    const instrumentIndex = new Map(instruments.map((ins, i) => [ins.id, i]));
    const accountRows = (await db.query<{ id: string }>('SELECT id FROM dynamargin.accounts ORDER BY ord')).rows;
    const accounts = accountRows.map((r) => ({ id: r.id, collateral: {} as Record<string, number>, positions: [] as { instrument: string; instrumentIndex: number; quantity: number }[] }));
    const byId = new Map(accounts.map((a, i) => [a.id, i]));
    const positions = await db.query<{ account_id: string; instrument: string; quantity: number }>('SELECT account_id, instrument, quantity FROM dynamargin.positions ORDER BY account_id, ord');
    for (const p of positions.rows) accounts[byId.get(p.account_id)!].positions.push({ instrument: p.instrument, instrumentIndex: instrumentIndex.get(p.instrument)!, quantity: Number(p.quantity) });
    const collateral = await db.query<{ account_id: string; asset: string; amount: number }>('SELECT account_id, asset, amount FROM dynamargin.collateral ORDER BY account_id, asset');
    for (const c of collateral.rows) accounts[byId.get(c.account_id)!].collateral[c.asset] = Number(c.amount);
    let market = JSON.parse((await db.query<{ market: string }>('SELECT market FROM dynamargin.market_snapshots ORDER BY seq DESC LIMIT 1')).rows[0].market) as MarketFile;
    let states: (ApcState | undefined)[] = accounts.map(() => undefined);
    for (const s of (await db.query<{ account_id: string; state: string }>('SELECT account_id, state FROM dynamargin.policy_state')).rows) {
      states[byId.get(s.account_id)!] = JSON.parse(s.state) as ApcState;
    }
    let regimes = JSON.parse(meta.get('regimes') ?? '{}') as Record<string, number>;

    // the events after the checkpoint, folded in (and kept for the next checkpoint)
    this.checkpointSeq = Number(meta.get('checkpoint_seq') ?? '0');
    this.pending = { upTo: this.checkpointSeq, holdings: new Map() };
    let seq = this.checkpointSeq;
    for (let after = this.checkpointSeq; ; ) {
      const page = await this.events(after, 5000);
      if (page.length === 0) break;
      this.remember(page);
      after = seq = page[page.length - 1].seq;
    }
    for (const [id, h] of this.pending.holdings) {
      const a = accounts[byId.get(id)!];
      a.positions = h.positions.map((p) => ({ ...p, instrumentIndex: instrumentIndex.get(p.instrument)! }));
      a.collateral = { ...h.collateral };
    }
    if (this.pending.market) market = this.pending.market.market;
    if (this.pending.endOfDay) {
      const eod = this.pending.endOfDay;
      states = accounts.map((a) => eod.states[a.id]);
      regimes = eod.regimes;
    }
    const settings = JSON.parse(meta.get('settings')!) as { scenarios: number; seed: number };
    const streamSeq = Number((await db.query<{ s: string | number | null }>('SELECT max(stream_seq) AS s FROM dynamargin.events')).rows[0]?.s ?? 0);
    return {
      inputs: {
        portfolio: { instruments, accounts },
        market,
        config: parsePolicyConfig(JSON.parse(meta.get('config')!), 'database meta.config'),
        longRunVol: JSON.parse(meta.get('longRunVol')!) as Record<string, number>,
        ...settings,
      },
      policy: { states, regimes },
      seq,
      ...(meta.has('shard') ? { shard: meta.get('shard')! } : {}),
      streamSeq,
    };
  }

  async initialize(book: StoredBook): Promise<void> {
    const { inputs, policy } = book;
    const { instruments, accounts } = inputs.portfolio;
    await this.db.transaction(async (tx) => {
      const meta: [string, string][] = [
        ['version', SCHEMA_VERSION],
        ['config', JSON.stringify(inputs.config)],
        ['settings', JSON.stringify({ scenarios: inputs.scenarios, seed: inputs.seed })],
        ['longRunVol', JSON.stringify(inputs.longRunVol)],
        ['regimes', JSON.stringify(policy.regimes)],
        ['checkpoint_seq', String(book.seq)],
        ...(book.shard === undefined ? [] : [['shard', book.shard] as [string, string]]),
      ];
      await tx.query('INSERT INTO dynamargin.meta (key, value) SELECT * FROM unnest($1::text[], $2::text[])', [meta.map((m) => m[0]), meta.map((m) => m[1])]);
      await tx.query('INSERT INTO dynamargin.instruments (ord, id, spec) SELECT * FROM unnest($1::int[], $2::text[], $3::text[])', [
        instruments.map((_, i) => i),
        instruments.map((i) => i.id),
        instruments.map((i) => JSON.stringify(i)),
      ]);
      await tx.query('INSERT INTO dynamargin.accounts (ord, id) SELECT * FROM unnest($1::int[], $2::text[])', [accounts.map((_, i) => i), accounts.map((a) => a.id)]);
      await insertHoldings(tx, accounts.map((a) => ({ account: a.id, positions: a.positions, collateral: a.collateral })));
      await tx.query('INSERT INTO dynamargin.market_snapshots (seq, as_of, market) VALUES ($1, $2, $3)', [book.seq, inputs.market.asOf, JSON.stringify(inputs.market)]);
      await insertStates(tx, policy.states.flatMap((s, a) => (s ? [{ account: accounts[a].id, state: s }] : [])));
    });
    this.checkpointSeq = book.seq;
    this.pending = { upTo: book.seq, holdings: new Map() };
  }

  /** One INSERT: the batch is in the log (committed) when this resolves. */
  async append(events: readonly LoggedEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.db.query('INSERT INTO dynamargin.events (seq, at, kind, body, margins, stream_seq) SELECT s, to_timestamp(t / 1000.0), k, b, m, j FROM unnest($1::bigint[], $2::float8[], $3::text[], $4::text[], $5::text[], $6::bigint[]) AS u(s, t, k, b, m, j)', [
      events.map((e) => e.seq),
      events.map((e) => e.atMs),
      events.map((e) => e.event.kind),
      events.map((e) => JSON.stringify(bodyOf(e.event))),
      events.map((e) => JSON.stringify(e.margins)),
      events.map((e) => e.streamSeq ?? null),
    ]);
    this.remember(events);
  }

  /**
   * Write the book tables and the margin history up to the last committed event, in one
   * transaction. Concurrent calls share one write.
   */
  checkpoint(): Promise<void> {
    this.checkpointing ??= this.writeCheckpoint().finally(() => (this.checkpointing = undefined));
    return this.checkpointing;
  }

  async events(after: number, limit: number): Promise<LoggedEvent[]> {
    const rows = await this.db.query<{ seq: string | number; at_ms: number; kind: string; body: string; margins: string; stream_seq: string | number | null }>(
      'SELECT seq, (extract(epoch FROM at) * 1000)::float8 AS at_ms, kind, body, margins, stream_seq FROM dynamargin.events WHERE seq > $1 ORDER BY seq LIMIT $2',
      [after, limit],
    );
    return rows.rows.map((r) => ({
      seq: Number(r.seq),
      atMs: Math.round(Number(r.at_ms)),
      event: { kind: r.kind, ...JSON.parse(r.body) } as ServiceEvent,
      margins: JSON.parse(r.margins),
      ...(r.stream_seq === null ? {} : { streamSeq: Number(r.stream_seq) }),
    }));
  }

  async close(): Promise<void> {
    await this.checkpoint();
    await this.db.close();
  }

  private remember(events: readonly Pick<LoggedEvent, 'seq' | 'event'>[]): void {
    const p = this.pending;
    for (const { seq, event } of events) {
      if (event.kind === 'positions') p.holdings.set(event.account, event);
      else if (event.kind === 'market') p.market = { seq, market: event.market };
      else p.endOfDay = event;
      p.upTo = Math.max(p.upTo, seq);
    }
  }

  private async writeCheckpoint(): Promise<void> {
    const p = this.pending;
    if (p.upTo === this.checkpointSeq) return;
    const from = this.checkpointSeq;
    this.pending = { upTo: p.upTo, holdings: new Map() };
    try {
      await this.db.transaction(async (tx) => {
        if (p.holdings.size > 0) {
          const ids = [...p.holdings.keys()];
          await tx.query('DELETE FROM dynamargin.positions WHERE account_id = ANY($1::text[])', [ids]);
          await tx.query('DELETE FROM dynamargin.collateral WHERE account_id = ANY($1::text[])', [ids]);
          await insertHoldings(tx, [...p.holdings.values()]);
        }
        if (p.market) await tx.query('INSERT INTO dynamargin.market_snapshots (seq, as_of, market) VALUES ($1, $2, $3)', [p.market.seq, p.market.market.asOf, JSON.stringify(p.market.market)]);
        if (p.endOfDay) {
          await tx.query('DELETE FROM dynamargin.policy_state');
          await insertStates(tx, Object.entries(p.endOfDay.states).map(([account, state]) => ({ account, state })));
          await tx.query("UPDATE dynamargin.meta SET value = $1 WHERE key = 'regimes'", [JSON.stringify(p.endOfDay.regimes)]);
        }
        await tx.query(
          `INSERT INTO dynamargin.margin_history (seq, account_id, initial_margin_usd, maintenance_margin_usd, equity_usd, status)
           SELECT e.seq, m->>'account', (m->>'initialMarginUsd')::float8, (m->>'maintenanceMarginUsd')::float8, (m->>'equityUsd')::float8, m->>'status'
           FROM dynamargin.events e, json_array_elements(e.margins::json) AS m WHERE e.seq > $1 AND e.seq <= $2`,
          [from, p.upTo],
        );
        await tx.query("UPDATE dynamargin.meta SET value = $1 WHERE key = 'checkpoint_seq'", [String(p.upTo)]);
      });
      this.checkpointSeq = p.upTo;
    } catch (err) {
      // keep what was not written for the next attempt (newer events win)
      for (const [id, h] of p.holdings) if (!this.pending.holdings.has(id)) this.pending.holdings.set(id, h);
      this.pending.market ??= p.market;
      this.pending.endOfDay ??= p.endOfDay;
      throw err;
    }
  }
}

function bodyOf(event: ServiceEvent): Omit<ServiceEvent, 'kind'> {
  const { kind, ...body } = event;
  return body;
}

type Holding = { account: string; positions: readonly { instrument: string; quantity: number }[]; collateral: Record<string, number> };

async function insertHoldings(tx: SqlQuery, holdings: readonly Holding[]): Promise<void> {
  const p = { account: [] as string[], ord: [] as number[], instrument: [] as string[], quantity: [] as number[] };
  const c = { account: [] as string[], asset: [] as string[], amount: [] as number[] };
  for (const h of holdings) {
    h.positions.forEach((pos, j) => {
      p.account.push(h.account);
      p.ord.push(j);
      p.instrument.push(pos.instrument);
      p.quantity.push(pos.quantity);
    });
    for (const [asset, amount] of Object.entries(h.collateral)) {
      c.account.push(h.account);
      c.asset.push(asset);
      c.amount.push(amount);
    }
  }
  await tx.query('INSERT INTO dynamargin.positions (account_id, ord, instrument, quantity) SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::float8[])', [p.account, p.ord, p.instrument, p.quantity]);
  await tx.query('INSERT INTO dynamargin.collateral (account_id, asset, amount) SELECT * FROM unnest($1::text[], $2::text[], $3::float8[])', [c.account, c.asset, c.amount]);
}

async function insertStates(tx: SqlQuery, states: readonly { account: string; state: ApcState }[]): Promise<void> {
  await tx.query('INSERT INTO dynamargin.policy_state (account_id, state) SELECT * FROM unnest($1::text[], $2::text[])', [states.map((s) => s.account), states.map((s) => JSON.stringify(s.state))]);
}
