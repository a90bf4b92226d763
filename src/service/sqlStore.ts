/** The service's store in PostgreSQL (PGlite or a server): see schema.ts for the tables. */
import type { MarketFile } from '../market/schema.js';
import type { ApcState } from '../policy/antiProcyclicality.js';
import { parsePolicyConfig } from '../policy/config.js';
import type { Instrument } from '../portfolio/types.js';
import { SCHEMA_SQL } from './schema.js';
import type { SqlClient, SqlQuery } from './sql.js';
import type { LoggedEvent, ServiceEvent, Store, StoredBook } from './store.js';

const SCHEMA_VERSION = '1';

export class SqlStore implements Store {
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
    const market = (await db.query<{ market: string }>('SELECT market FROM dynamargin.market_snapshots ORDER BY seq DESC LIMIT 1')).rows[0];
    const states: (ApcState | undefined)[] = accounts.map(() => undefined);
    for (const s of (await db.query<{ account_id: string; state: string }>('SELECT account_id, state FROM dynamargin.policy_state')).rows) {
      states[byId.get(s.account_id)!] = JSON.parse(s.state) as ApcState;
    }
    const last = (await db.query<{ seq: string | number | null }>('SELECT max(seq) AS seq FROM dynamargin.events')).rows[0];
    const settings = JSON.parse(meta.get('settings')!) as { scenarios: number; seed: number };
    return {
      inputs: {
        portfolio: { instruments, accounts },
        market: JSON.parse(market.market) as MarketFile,
        config: parsePolicyConfig(JSON.parse(meta.get('config')!), 'database meta.config'),
        longRunVol: JSON.parse(meta.get('longRunVol')!) as Record<string, number>,
        ...settings,
      },
      policy: { states, regimes: JSON.parse(meta.get('regimes') ?? '{}') as Record<string, number> },
      seq: last?.seq === null || last?.seq === undefined ? 0 : Number(last.seq),
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
      const states = policy.states.flatMap((s, a) => (s ? [{ account: accounts[a].id, state: s }] : []));
      await insertStates(tx, states);
    });
  }

  async append(events: readonly LoggedEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.db.transaction(async (tx) => {
      await tx.query('INSERT INTO dynamargin.events (seq, at, kind, body) SELECT s, to_timestamp(t / 1000.0), k, b FROM unnest($1::bigint[], $2::float8[], $3::text[], $4::text[]) AS u(s, t, k, b)', [
        events.map((e) => e.seq),
        events.map((e) => e.atMs),
        events.map((e) => e.event.kind),
        events.map((e) => JSON.stringify(bodyOf(e.event))),
      ]);
      // the book as of the batch's last event: the latest holdings per account, market and policy state
      const holdings = new Map<string, { seq: number; event: Extract<ServiceEvent, { kind: 'positions' }> }>();
      let market: { seq: number; market: MarketFile } | undefined;
      let endOfDay: Extract<ServiceEvent, { kind: 'end-of-day' }> | undefined;
      for (const { seq, event } of events) {
        if (event.kind === 'positions') holdings.set(event.account, { seq, event });
        else if (event.kind === 'market') market = { seq, market: event.market };
        else endOfDay = event;
      }
      if (holdings.size > 0) {
        const ids = [...holdings.keys()];
        await tx.query('DELETE FROM dynamargin.positions WHERE account_id = ANY($1::text[])', [ids]);
        await tx.query('DELETE FROM dynamargin.collateral WHERE account_id = ANY($1::text[])', [ids]);
        await insertHoldings(tx, [...holdings.values()].map((h) => h.event));
        await tx.query('UPDATE dynamargin.accounts a SET last_seq = u.seq FROM unnest($1::text[], $2::bigint[]) AS u(id, seq) WHERE a.id = u.id', [ids, [...holdings.values()].map((h) => h.seq)]);
      }
      if (market) await tx.query('INSERT INTO dynamargin.market_snapshots (seq, as_of, market) VALUES ($1, $2, $3)', [market.seq, market.market.asOf, JSON.stringify(market.market)]);
      if (endOfDay) {
        await tx.query('DELETE FROM dynamargin.policy_state');
        await insertStates(tx, Object.entries(endOfDay.states).map(([account, state]) => ({ account, state })));
        await tx.query("UPDATE dynamargin.meta SET value = $1 WHERE key = 'regimes'", [JSON.stringify(endOfDay.regimes)]);
      }
      const rows = events.flatMap((e) => e.margins.map((m) => ({ seq: e.seq, ...m })));
      await tx.query(
        'INSERT INTO dynamargin.margin_history (seq, account_id, initial_margin_usd, maintenance_margin_usd, equity_usd, status) SELECT * FROM unnest($1::bigint[], $2::text[], $3::float8[], $4::float8[], $5::float8[], $6::text[])',
        [rows.map((r) => r.seq), rows.map((r) => r.account), rows.map((r) => r.initialMarginUsd), rows.map((r) => r.maintenanceMarginUsd), rows.map((r) => r.equityUsd), rows.map((r) => r.status)],
      );
    });
  }

  async events(after: number, limit: number): Promise<Omit<LoggedEvent, 'margins'>[]> {
    const rows = await this.db.query<{ seq: string | number; at_ms: number; kind: string; body: string }>(
      'SELECT seq, (extract(epoch FROM at) * 1000)::float8 AS at_ms, kind, body FROM dynamargin.events WHERE seq > $1 ORDER BY seq LIMIT $2',
      [after, limit],
    );
    return rows.rows.map((r) => ({ seq: Number(r.seq), atMs: Math.round(Number(r.at_ms)), event: { kind: r.kind, ...JSON.parse(r.body) } as ServiceEvent }));
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

function bodyOf(event: ServiceEvent): Omit<ServiceEvent, 'kind'> {
  const { kind, ...body } = event;
  return body;
}

async function insertHoldings(tx: SqlQuery, holdings: readonly { account: string; positions: readonly { instrument: string; quantity: number }[]; collateral: Record<string, number> }[]): Promise<void> {
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
