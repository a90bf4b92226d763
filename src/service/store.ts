/**
 * Where a margin service keeps its state. A store holds the book as of its last accepted event
 * (accounts, positions, collateral, market, policy state: everything `LiveBook.create` needs)
 * and the append-only log of the events; `append` makes a batch of events and their effects
 * durable in one transaction.
 */
import { InputError } from '../errors.js';
import type { MarketFile } from '../market/schema.js';
import type { PositionInput } from '../montecarlo/book.js';
import type { ApcState } from '../policy/antiProcyclicality.js';
import type { BookInputs } from './bookInputs.js';
import type { MarginRow, PolicyState } from './liveBook.js';

/** An accepted event, as the log keeps it. */
export type ServiceEvent =
  /** An account's positions and collateral after the change (a fill is logged as the positions it left). */
  | { kind: 'positions'; account: string; positions: PositionInput[]; collateral: Record<string, number> }
  | { kind: 'market'; market: MarketFile }
  /** The end-of-day step; `states` (by account id) and `regimes` are the policy state it set. */
  | { kind: 'end-of-day'; states: Record<string, ApcState>; regimes: Record<string, number> };

export interface LoggedEvent {
  seq: number;
  /** Acceptance time, ms since the epoch. */
  atMs: number;
  event: ServiceEvent;
  /** Margin history rows: after a position change its account's margin; after a tick or an end of day, those of the accounts whose status changed. */
  margins: MarginRow[];
  /** Sharded service: the JetStream stream sequence of the message this event applied (replay skips up to the last one). */
  streamSeq?: number;
}

/** What a restart loads. */
export interface StoredBook {
  inputs: BookInputs;
  policy: PolicyState;
  /** Sequence number of the last event applied. */
  seq: number;
  /** Sharded service: the shard the store holds (`i/N`), and the stream sequence of its last event (0: none yet). */
  shard?: string;
  streamSeq?: number;
}

export interface Store {
  /** Human-readable kind and place, e.g. "PGlite ./dynamargin-data". */
  readonly description: string;
  /** The stored book, or undefined for an empty database. */
  load(): Promise<StoredBook | undefined>;
  /** Write the first state of a new book (seq 0). */
  initialize(book: StoredBook): Promise<void>;
  /** Make a batch of events (in seq order) and their effects durable, all or nothing. */
  append(events: readonly LoggedEvent[]): Promise<void>;
  /** Logged events with seq > after, in order, at most `limit`. */
  events(after: number, limit: number): Promise<LoggedEvent[]>;
  /** Bring derived tables (book, margin history) up to the log, when the store keeps them apart. */
  checkpoint?(): Promise<void>;
  close(): Promise<void>;
}

/** Events the memory store keeps by default (the most recent; GET /events before them is refused). */
export const MEMORY_STORE_EVENTS = 10_000;

/**
 * A store in memory (`--db none`): nothing survives the process. For tests, trials and benchmarks.
 * It keeps the book as first stored and the last `keepEvents` events, so a long run does not grow
 * without bound; asking for events it no longer holds is an error naming the oldest it has.
 */
export class MemoryStore implements Store {
  readonly description = 'memory (nothing is kept after the process ends)';
  private book?: StoredBook;
  private log: LoggedEvent[] = [];
  private lastSeq?: number;
  private lastStreamSeq?: number;

  constructor(private readonly keepEvents = MEMORY_STORE_EVENTS) {}

  async load(): Promise<StoredBook | undefined> {
    return this.book && { ...this.book, seq: this.lastSeq ?? this.book.seq, streamSeq: this.lastStreamSeq ?? this.book.streamSeq };
  }

  async initialize(book: StoredBook): Promise<void> {
    this.book = book;
  }

  async append(events: readonly LoggedEvent[]): Promise<void> {
    for (const e of events) {
      this.log.push(e);
      this.lastSeq = e.seq;
      if (e.streamSeq !== undefined) this.lastStreamSeq = e.streamSeq;
    }
    // dropped in slices of keepEvents: amortized O(1) per event
    if (this.log.length >= 2 * this.keepEvents) this.log = this.log.slice(-this.keepEvents);
  }

  async events(after: number, limit: number): Promise<LoggedEvent[]> {
    const first = this.log[0]?.seq;
    if (first !== undefined && after < first - 1) {
      throw new InputError(`the memory store (--db none) keeps only the latest events (at least ${this.keepEvents}; now from seq ${first}): give after >= ${first - 1}, or run with --db for the whole log`, { file: 'query', column: 'after' });
    }
    // seq ascending: the first event after `after` by bisection
    let lo = 0;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.log[mid].seq <= after) lo = mid + 1;
      else hi = mid;
    }
    return this.log.slice(lo, lo + limit);
  }

  async close(): Promise<void> {}
}
