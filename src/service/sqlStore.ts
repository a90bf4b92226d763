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
import { InputError } from '../errors.js';
import { parsePolicyConfig } from '../policy/config.js';
import type { PositionInput } from '../montecarlo/book.js';
import type { Instrument } from '../portfolio/types.js';
import { SCHEMA_SQL, SCHEMA_VERSION } from './schema.js';
import type { SqlClient, Statement } from './sql.js';
import type { LoggedEvent, ServiceEvent, Store, StoredBook } from './store.js';

/**
 * Accounts whose holdings one checkpoint transaction rewrites, and events whose margin rows one
 * copies to margin_history: about a millisecond of PGlite each, the most an append waits for one.
 */
const CHECKPOINT_ACCOUNTS = 25;
const CHECKPOINT_EVENTS = 100;

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

  /** Creates the schema when missing; refuses a database written with another layout. */
  static async open(db: SqlClient): Promise<SqlStore> {
    const existing = (await db.query<{ t: string | null }>("SELECT to_regclass('dynamargin.meta')::text AS t")).rows[0]?.t;
    if (existing) {
      const version = (await db.query<{ value: string }>("SELECT value FROM dynamargin.meta WHERE key = 'version'")).rows[0]?.value;
      if (version !== undefined && version !== SCHEMA_VERSION) {
        throw new InputError(`${db.description} holds schema version ${version}; this dynamargin reads version ${SCHEMA_VERSION} (start it on a new --db, or with the dynamargin that wrote it)`, { column: '--db' });
      }
    }
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
    const accountRows = (await db.query<{ id: string; positions: string; collateral: string }>('SELECT id, positions::text AS positions, collateral::text AS collateral FROM dynamargin.accounts ORDER BY ord')).rows;
    const accounts = accountRows.map((r) => ({
      id: r.id,
      collateral: JSON.parse(r.collateral) as Record<string, number>,
      positions: (JSON.parse(r.positions) as PositionInput[]).map((p) => ({ instrument: p.instrument, instrumentIndex: instrumentIndex.get(p.instrument)!, quantity: p.quantity })),
    }));
    const byId = new Map(accounts.map((a, i) => [a.id, i]));
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
    const meta: [string, string][] = [
      ['version', SCHEMA_VERSION],
      ['config', JSON.stringify(inputs.config)],
      ['settings', JSON.stringify({ scenarios: inputs.scenarios, seed: inputs.seed })],
      ['longRunVol', JSON.stringify(inputs.longRunVol)],
      ['regimes', JSON.stringify(policy.regimes)],
      ['checkpoint_seq', String(book.seq)],
      ...(book.shard === undefined ? [] : [['shard', book.shard] as [string, string]]),
    ];
    await this.db.transaction([
      { text: 'INSERT INTO dynamargin.meta (key, value) SELECT key, value FROM json_to_recordset($1::json) AS x(key text, value text)', params: [JSON.stringify(meta.map(([key, value]) => ({ key, value })))] },
      {
        text: 'INSERT INTO dynamargin.instruments (ord, id, spec) SELECT ord, id, spec FROM json_to_recordset($1::json) AS x(ord int, id text, spec text)',
        params: [JSON.stringify(instruments.map((ins, ord) => ({ ord, id: ins.id, spec: ins })))],
      },
      {
        text: 'INSERT INTO dynamargin.accounts (ord, id, positions, collateral) SELECT ord, id, positions, collateral FROM json_to_recordset($1::json) AS x(ord int, id text, positions json, collateral json)',
        params: [JSON.stringify(accounts.map((a, ord) => ({ ord, id: a.id, ...holdingsOf(a) })))],
      },
      { text: 'INSERT INTO dynamargin.market_snapshots (seq, as_of, market) VALUES ($1, $2, $3)', params: [book.seq, inputs.market.asOf, JSON.stringify(inputs.market)] },
      insertStates(policy.states.flatMap((s, a) => (s ? [{ account: accounts[a].id, state: s }] : []))),
    ]);
    this.checkpointSeq = book.seq;
    this.pending = { upTo: book.seq, holdings: new Map() };
  }

  /**
   * One INSERT of one JSON document (the rows' `body` and `margins` keep the text JSON.stringify
   * wrote): the batch is in the log (committed) when this resolves.
   */
  async append(events: readonly LoggedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const rows = events.map((e) => ({ seq: e.seq, at_ms: e.atMs, kind: e.event.kind, body: bodyOf(e.event), margins: e.margins, stream_seq: e.streamSeq ?? null }));
    await this.db.query(
      `INSERT INTO dynamargin.events (seq, at, kind, body, margins, stream_seq)
       SELECT seq, to_timestamp(at_ms / 1000.0), kind, body, margins, stream_seq
       FROM json_to_recordset($1::json) AS x(seq bigint, at_ms float8, kind text, body text, margins text, stream_seq bigint)`,
      [JSON.stringify(rows)],
    );
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
      // in small transactions, so that the log's appends never wait behind one long write. The
      // holdings first: holdings ahead of checkpoint_seq are harmless (each event after it carries
      // its account's whole holdings and is folded in again by load). Then the margin history, whose
      // rows a cut checkpoint may have written already (so they are skipped). Last checkpoint_seq
      const holdings = [...p.holdings.values()];
      for (let i = 0; i < holdings.length; i += CHECKPOINT_ACCOUNTS) {
        await this.db.transaction([
          // the planner takes json_to_recordset for 100 rows and would hash the whole accounts
          // table for them; 25 index lookups cost half as much
          { text: 'SET LOCAL enable_hashjoin = off' },
          { text: 'SET LOCAL enable_mergejoin = off' },
          {
            text: 'UPDATE dynamargin.accounts a SET positions = x.positions, collateral = x.collateral FROM json_to_recordset($1::json) AS x(id text, positions json, collateral json) WHERE a.id = x.id',
            params: [JSON.stringify(holdings.slice(i, i + CHECKPOINT_ACCOUNTS).map((h) => ({ id: h.account, ...holdingsOf(h) })))],
          },
        ]);
      }
      const statements: Statement[] = [];
      if (p.market) statements.push({ text: 'INSERT INTO dynamargin.market_snapshots (seq, as_of, market) VALUES ($1, $2, $3)', params: [p.market.seq, p.market.market.asOf, JSON.stringify(p.market.market)] });
      if (p.endOfDay) {
        statements.push(
          { text: 'DELETE FROM dynamargin.policy_state' },
          insertStates(Object.entries(p.endOfDay.states).map(([account, state]) => ({ account, state }))),
          { text: "UPDATE dynamargin.meta SET value = $1 WHERE key = 'regimes'", params: [JSON.stringify(p.endOfDay.regimes)] },
        );
      }
      const history = (after: number, upTo: number): Statement => ({
        text: `INSERT INTO dynamargin.margin_history (seq, account_id, initial_margin_usd, maintenance_margin_usd, equity_usd, status)
         SELECT e.seq, m->>'account', (m->>'initialMarginUsd')::float8, (m->>'maintenanceMarginUsd')::float8, (m->>'equityUsd')::float8, m->>'status'
         FROM dynamargin.events e, json_array_elements(e.margins::json) AS m WHERE e.seq > $1 AND e.seq <= $2
         ON CONFLICT (seq, account_id) DO NOTHING`,
        params: [after, upTo],
      });
      let after = from;
      for (; p.upTo - after > CHECKPOINT_EVENTS; after += CHECKPOINT_EVENTS) await this.db.transaction([history(after, after + CHECKPOINT_EVENTS)]);
      statements.push(history(after, p.upTo), { text: "UPDATE dynamargin.meta SET value = $1 WHERE key = 'checkpoint_seq'", params: [String(p.upTo)] });
      await this.db.transaction(statements);
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

/** An account's holdings as the accounts table keeps them (numbers as JSON: exact round trip). */
function holdingsOf(h: { positions: readonly PositionInput[]; collateral: Record<string, number> }): { positions: PositionInput[]; collateral: Record<string, number> } {
  return { positions: h.positions.map((p) => ({ instrument: p.instrument, quantity: p.quantity })), collateral: h.collateral };
}

function insertStates(states: readonly { account: string; state: ApcState }[]): Statement {
  return { text: 'INSERT INTO dynamargin.policy_state (account_id, state) SELECT account_id, state FROM json_to_recordset($1::json) AS x(account_id text, state text)', params: [JSON.stringify(states.map((s) => ({ account_id: s.account, state: s.state })))] };
}
