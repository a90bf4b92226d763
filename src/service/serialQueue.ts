/**
 * Runs operations one at a time in arrival order, with a bounded number waiting: past `limit`
 * a new operation is refused at once (OverloadedError, HTTP 503) instead of queueing without end.
 */
import { OverloadedError } from './errors.js';

export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  constructor(readonly limit: number) {}

  /** Operations queued or running. */
  get depth(): number {
    return this.waiting;
  }

  run<T>(operation: () => T | Promise<T>): Promise<T> {
    if (this.waiting >= this.limit) return Promise.reject(new OverloadedError(`queue full (${this.limit} operations waiting); retry later`));
    this.waiting++;
    const result = this.tail.then(operation);
    this.tail = result.then(
      () => this.waiting--,
      () => this.waiting--,
    );
    return result;
  }

  /** Resolves once everything queued so far has run. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
