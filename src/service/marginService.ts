/**
 * The margin service: a live book behind a bounded serial queue, every accepted event made durable
 * (group commit) before it is acknowledged and then streamed. Transport-free: routes.ts maps HTTP
 * onto it.
 *
 * An event is validated, applied to the book (one at a time, in arrival order), given the next
 * sequence number and appended to the log; the caller is answered once the log has it. A restart
 * loads the store's book (written in the same transaction as the log) and recomputes it from
 * scratch: the same figures, bit for bit, as the process that stopped.
 */
import type { Engine } from '../engine.js';
import { InputError } from '../errors.js';
import type { ApcState } from '../policy/antiProcyclicality.js';
import type { BookInputs } from './bookInputs.js';
import { DurableLog } from './durableLog.js';
import { accountFigures, type AccountFigures } from './accountFigures.js';
import { UnavailableError } from './errors.js';
import { LiveBook, type AccountView, type MarginRow } from './liveBook.js';
import { Metrics } from './metrics.js';
import { parseMarketBody, parsePositionsBody } from './requests.js';
import { SerialQueue } from './serialQueue.js';
import type { LoggedEvent, ServiceEvent, Store } from './store.js';
import { StreamHub } from './stream.js';

export interface ServiceOptions {
  /** Operations that may wait for the book before new ones get 503. Default 10,000. */
  queueLimit?: number;
  /** Most events in one database transaction. Default 5,000. */
  maxBatch?: number;
  /** Called when the store fails: the service stops accepting events. */
  onFatal?: (err: unknown) => void;
  /** Milliseconds between checkpoints of the store's book tables. Default 250. */
  checkpointMs?: number;
  /** Sharded service: the shard (`i/N`) this store holds; a store of another shard is refused. */
  shard?: string;
}

export type StatusFilter = 'healthy' | 'margin-call' | 'liquidate' | 'call';
const STATUS_FILTERS: readonly StatusFilter[] = ['healthy', 'margin-call', 'liquidate', 'call'];

export interface AccountSummary extends MarginRow {
  excessUsd: number;
}

export class MarginService {
  readonly metrics = new Metrics();
  readonly stream = new StreamHub();
  private readonly queue: SerialQueue;
  private readonly log: DurableLog;
  private closing = false;
  private lastDurableSeq: number;
  private lastDurableStreamSeq: number;
  private readonly checkpointTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly book: LiveBook,
    private readonly store: Store,
    private seq: number,
    readonly resumed: boolean,
    options: ServiceOptions,
    streamSeq = 0,
  ) {
    this.lastDurableSeq = seq;
    this.lastDurableStreamSeq = streamSeq;
    this.queue = new SerialQueue(options.queueLimit ?? 10_000);
    this.log = new DurableLog(store, options.maxBatch ?? 5000, (err) => options.onFatal?.(err));
    if (store.checkpoint) {
      this.checkpointTimer = setInterval(() => {
        store.checkpoint!().catch(() => this.metrics.inc('dynamargin_checkpoint_failures_total', 'Checkpoints of the book tables that failed (retried; the log is unaffected).'));
      }, options.checkpointMs ?? 250);
      this.checkpointTimer.unref();
    }
    const m = this.metrics;
    m.gauge('dynamargin_accounts', 'Accounts in the book.', () => book.size);
    m.gauge('dynamargin_last_seq', 'Sequence number of the last durable event.', () => this.lastDurableSeq);
    m.gauge('dynamargin_queue_depth', 'Operations waiting for the book or running.', () => this.queue.depth);
    m.gauge('dynamargin_commit_batches_total', 'Database transactions of the event log.', () => this.log.batches);
    m.gauge('dynamargin_stream_clients', 'Connected WebSocket clients.', () => this.stream.size);
    for (const status of ['healthy', 'margin-call', 'liquidate'] as const) {
      m.gauge('dynamargin_accounts_by_status', 'Accounts by margin status.', () => this.countStatus(status), { status });
    }
  }

  /**
   * The store's book if it has one (a restart), else `inputs()` computed and written as its first state.
   */
  static async open(engine: Engine, store: Store, inputs: () => Promise<BookInputs>, options: ServiceOptions = {}): Promise<MarginService> {
    const stored = await store.load();
    if (stored) {
      if ((stored.shard ?? undefined) !== options.shard) {
        throw new InputError(`the store holds ${stored.shard === undefined ? 'an unsharded book' : `shard ${stored.shard}`}; this process was started ${options.shard === undefined ? 'without --shard' : `as shard ${options.shard}`} (give it its own --db)`, { column: '--db' });
      }
      const book = await LiveBook.create(engine, stored.inputs, stored.policy);
      return new MarginService(book, store, stored.seq, true, options, stored.streamSeq ?? 0);
    }
    const book = await LiveBook.create(engine, await inputs());
    await store.initialize({ inputs: book.inputs(), policy: book.policyState, seq: 0, ...(options.shard === undefined ? {} : { shard: options.shard }) });
    return new MarginService(book, store, 0, false, options);
  }

  get lastSeq(): number {
    return this.lastDurableSeq;
  }

  /** Sharded service: the stream sequence of the last durable event (0: none). */
  get lastStreamSeq(): number {
    return this.lastDurableStreamSeq;
  }

  /** Operations waiting for the book or running. */
  get queueDepth(): number {
    return this.queue.depth;
  }

  get accounts(): number {
    return this.book.size;
  }

  get asOf(): string {
    return this.book.market.asOf;
  }

  get healthy(): boolean {
    return !this.closing && !this.log.failed;
  }

  get storeDescription(): string {
    return this.store.description;
  }

  /**
   * POST /positions: commit new positions / fills / collateral; answered once durable, with the
   * account's figures (accountFigures.ts), or with `explain` its full view (notes, collateral lines, Greeks).
   */
  async updatePositions(json: unknown, streamSeq?: number, explain = false): Promise<{ seq: number } & (AccountFigures | AccountView)> {
    const t0 = performance.now();
    const body = parsePositionsBody(json);
    this.assertAccepting();
    const { seq, view, durable, calls } = await this.queue.run(() => {
      this.assertAccepting();
      const a = this.book.indexOf(body.account);
      const before = this.book.margin(a).health.status;
      const view = this.book.apply(body, true, explain);
      const seq = ++this.seq;
      const event: ServiceEvent = { kind: 'positions', account: view.id, positions: view.positions, collateral: view.collateral };
      const row = this.book.marginRow(a);
      const calls = row.status !== before && row.status !== 'healthy' ? [this.call(a)] : [];
      return { seq, view, calls, durable: this.append({ seq, atMs: Date.now(), event, margins: [row], streamSeq }) };
    });
    await durable;
    this.stream.publish(seq, 'positions', [this.rowOf(view)], calls);
    this.metrics.inc('dynamargin_events_total', 'Accepted (durable) events by kind.', { kind: 'positions' });
    this.metrics.observe('dynamargin_update_seconds', 'POST /positions from validation to durable.', (performance.now() - t0) / 1000);
    return { seq, ...(explain ? view : accountFigures(view)) };
  }

  /** POST /what-if: the same answer without committing anything. */
  async whatIf(json: unknown, explain = false): Promise<AccountFigures | AccountView> {
    const body = parsePositionsBody(json);
    this.assertAccepting();
    const view = await this.queue.run(() => this.book.apply(body, false, explain));
    this.metrics.inc('dynamargin_what_if_total', 'What-if (pre-trade) checks.');
    return explain ? view : accountFigures(view);
  }

  /** POST /market: reprice every account; answered once durable. */
  async tick(json: unknown, streamSeq?: number): Promise<{ seq: number; asOf: string; accounts: number; accountsInFull: number; repriceMs: number; marginCalls: number }> {
    const t0 = performance.now();
    const { file, market } = parseMarketBody(json);
    this.assertAccepting();
    const done = await this.queue.run(async () => {
      this.assertAccepting();
      const { accountsInFull, statusChanged } = await this.book.reprice(file, market);
      const repriceMs = performance.now() - t0;
      const seq = ++this.seq;
      const rows = this.allRows();
      const calls = statusChanged.filter((a) => rows[a].status !== 'healthy').map((a) => this.call(a));
      const changed = statusChanged.map((a) => rows[a]);
      return { seq, accountsInFull, repriceMs, rows, calls, durable: this.append({ seq, atMs: Date.now(), event: { kind: 'market', market: file }, margins: changed, streamSeq }) };
    });
    await done.durable;
    this.stream.publish(done.seq, 'market', done.rows, done.calls);
    this.metrics.inc('dynamargin_events_total', 'Accepted (durable) events by kind.', { kind: 'market' });
    this.metrics.observe('dynamargin_reprice_seconds', 'POST /market: from the tick to every account repriced (before the log write).', done.repriceMs / 1000);
    return { seq: done.seq, asOf: file.asOf, accounts: this.book.size, accountsInFull: done.accountsInFull, repriceMs: done.repriceMs, marginCalls: done.calls.length };
  }

  /** The end-of-day step of the policy (anti-procyclicality state, velocity, regimes). */
  async endOfDay(streamSeq?: number): Promise<{ seq: number; marginCalls: number }> {
    this.assertAccepting();
    const done = await this.queue.run(() => {
      this.assertAccepting();
      const { statusChanged } = this.book.endOfDay();
      const policy = this.book.policyState;
      const states: Record<string, ApcState> = {};
      policy.states.forEach((s, a) => {
        if (s) states[this.book.account(a).id] = s;
      });
      const seq = ++this.seq;
      const rows = this.allRows();
      const calls = statusChanged.filter((a) => rows[a].status !== 'healthy').map((a) => this.call(a));
      const event: ServiceEvent = { kind: 'end-of-day', states, regimes: policy.regimes };
      return { seq, rows, calls, durable: this.append({ seq, atMs: Date.now(), event, margins: statusChanged.map((a) => rows[a]), streamSeq }) };
    });
    await done.durable;
    this.stream.publish(done.seq, 'end-of-day', done.rows, done.calls);
    this.metrics.inc('dynamargin_events_total', 'Accepted (durable) events by kind.', { kind: 'end-of-day' });
    return { seq: done.seq, marginCalls: done.calls.length };
  }

  /** GET /accounts/:id (NotFoundError for an unknown id). */
  account(id: string): AccountView {
    return this.book.view(this.book.indexOf(id));
  }

  /** GET /accounts?status=...: summaries in book order. */
  list(status: string | undefined, offset: number, limit: number): { total: number; accounts: AccountSummary[] } {
    if (status !== undefined && !STATUS_FILTERS.includes(status as StatusFilter)) {
      throw new InputError(`must be one of ${STATUS_FILTERS.join(', ')}; got ${JSON.stringify(status)}`, { file: 'query', column: 'status' });
    }
    const out: AccountSummary[] = [];
    let total = 0;
    for (let a = 0; a < this.book.size; a++) {
      const s = this.book.margin(a).health.status;
      if (status === undefined || s === status || (status === 'call' && s !== 'healthy')) {
        if (total >= offset && out.length < limit) out.push({ ...this.book.marginRow(a), excessUsd: this.book.margin(a).health.excessUsd });
        total++;
      }
    }
    return { total, accounts: out };
  }

  /** GET /events: the log after `after`. */
  events(after: number, limit: number): Promise<LoggedEvent[]> {
    return this.store.events(after, limit);
  }

  /** Stop accepting, finish what is queued, make it durable, close the store and free the book. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await this.queue.idle().catch(() => {});
    await this.log.flush();
    clearInterval(this.checkpointTimer);
    this.stream.closeAll();
    await this.store.close();
    this.book.release();
  }

  private append(entry: LoggedEvent): Promise<void> {
    return this.log.append(entry).then(() => {
      this.lastDurableSeq = Math.max(this.lastDurableSeq, entry.seq);
      if (entry.streamSeq !== undefined) this.lastDurableStreamSeq = Math.max(this.lastDurableStreamSeq, entry.streamSeq);
    });
  }

  private assertAccepting(): void {
    if (this.closing) throw new UnavailableError('the service is shutting down');
    if (this.log.failed) throw new UnavailableError('the event log could not be written; the service must be restarted');
  }

  private allRows(): MarginRow[] {
    return Array.from({ length: this.book.size }, (_, a) => this.book.marginRow(a));
  }

  private rowOf(view: AccountView): MarginRow {
    return { account: view.id, initialMarginUsd: view.margin.initialMarginUsd, maintenanceMarginUsd: view.margin.maintenanceMarginUsd, equityUsd: view.margin.equityUsd, status: view.margin.health.status };
  }

  private call(a: number): { account: string; status: 'margin-call' | 'liquidate'; amountUsd: number } {
    const m = this.book.margin(a);
    return { account: this.book.account(a).id, status: m.health.status as 'margin-call' | 'liquidate', amountUsd: m.initialMarginUsd - m.equityUsd };
  }

  private countStatus(status: string): number {
    let n = 0;
    for (let a = 0; a < this.book.size; a++) if (this.book.margin(a).health.status === status) n++;
    return n;
  }
}
