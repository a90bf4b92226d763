/**
 * Group commit: events appended while a write is in flight go together in the next transaction,
 * so one durable write serves many requests. `append` resolves once the event is durable (the
 * caller acknowledges then); order is kept. After a failed write every later append fails too
 * (the service has applied events it could not keep: it must stop and restart from the store).
 */
import type { LoggedEvent, Store } from './store.js';

interface Pending {
  entry: LoggedEvent;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class DurableLog {
  private pending: Pending[] = [];
  private writing: Promise<void> | undefined;
  private failure: unknown;
  /** Batches written and events in them (for /metrics). */
  batches = 0;
  written = 0;

  constructor(
    private readonly store: Store,
    private readonly maxBatch = 5000,
    private readonly onFailure: (err: unknown) => void = () => {},
  ) {}

  get failed(): boolean {
    return this.failure !== undefined;
  }

  append(entry: LoggedEvent): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ entry, resolve, reject });
      this.writing ??= this.drain();
    });
  }

  /** Resolves when everything appended so far is durable (or failed). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing.catch(() => {});
  }

  private async drain(): Promise<void> {
    try {
      // a write started at once would hold only the first of the requests already read from the
      // sockets; let the I/O phase append them first so they share the transaction
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, this.maxBatch);
        try {
          await this.store.append(batch.map((p) => p.entry));
        } catch (err) {
          this.failure = err;
          for (const p of [...batch, ...this.pending.splice(0)]) p.reject(err);
          this.onFailure(err);
          return;
        }
        this.batches++;
        this.written += batch.length;
        for (const p of batch) p.resolve();
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.writing = undefined;
    }
  }
}
