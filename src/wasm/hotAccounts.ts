/**
 * Hot copies of recently updated accounts (assembly/hotCopy.ts): for each, the unit P&L of its
 * positions' instruments in its listed tail scenarios, copied contiguous by its update, so its next
 * update reads n x ~300 values in sequence instead of gathering them from n instrument rows (at W1,
 * 20 positions: about 6,000 scattered reads). An account gets a copy at its second update among the
 * last SEEN_ACCOUNTS (a stream of updates spread over every account pays no copying); the least
 * recently updated copies are dropped past a byte budget. A copy is valid while the P&L buffer, the account's list and its instruments (in position
 * order) are those it was made for: the kernel says after each update whether it kept it in step
 * with the list, and a new P&L buffer (a reprice) makes every copy invalid.
 */
import type { Held } from './bookLayout.js';

/** Kernel memory a book may give hot copies, bytes (at W1, 20 positions: 113 KB a copy). */
export const HOT_COPY_BYTES = 16 * 2 ** 20;

/** Accounts updated once lately (without a copy) that are remembered: their next update makes one. */
const SEEN_ACCOUNTS = 4096;

/** accountRiskFrom's hotState (assembly/blocked.ts): no copy, one to fill, a valid one. */
export const HOT_NONE = 0;
const HOT_FILL = 1;
const HOT_VALID = 2;

interface HotCopy {
  ptr: number;
  bytes: number;
  instruments: Int32Array;
  valid: boolean;
}

export class HotAccounts {
  /** By account, least recently updated first. */
  private readonly copies = new Map<number, HotCopy>();
  /** Accounts updated lately without a copy, least recent first. */
  private readonly seen = new Set<number>();
  private bytes = 0;
  /** The account of the last `take` with a copy (-1: none). */
  private last = -1;
  /** The copies' most recent account (their Map's last key; -1: none). */
  private newest = -1;

  constructor(
    /** f64 values a position's row holds (the book's candidate capacity). */
    private readonly stride: number,
    private readonly budgetBytes: number,
    private readonly memory: { alloc(bytes: number): number; free(ptr: number): void },
  ) {}

  /** Account a's copy for these positions: where it is and its state for the kernel. */
  take(a: number, positions: readonly Held[]): { ptr: number; state: number } {
    const n = positions.length;
    const bytes = 8 * this.stride * n;
    let copy = this.copies.get(a);
    // set again below, as the most recent (unless it is already: the copies' last key)
    if (copy && a !== this.newest) this.copies.delete(a);
    this.last = -1;
    if (copy?.valid && sameInstruments(copy.instruments, positions)) {
      copy.valid = false; // until the kernel says it kept it in step (settle)
      this.setNewest(a, copy);
      this.last = a;
      this.reads++;
      return { ptr: copy.ptr, state: HOT_VALID };
    }
    const known = copy !== undefined;
    if (copy && (copy.bytes < bytes || n === 0)) {
      this.copies.delete(a);
      this.drop(copy);
      copy = undefined;
    }
    if (n === 0 || bytes > this.budgetBytes) return { ptr: 0, state: HOT_NONE };
    if (!known && !this.seen.delete(a)) {
      // a first update lately: remembered, no copy yet
      this.seen.add(a);
      if (this.seen.size > SEEN_ACCOUNTS) this.seen.delete(this.seen.values().next().value!);
      return { ptr: 0, state: HOT_NONE };
    }
    if (!copy) {
      for (const [b, oldest] of this.copies) {
        if (this.bytes + bytes <= this.budgetBytes) break;
        this.copies.delete(b);
        this.drop(oldest);
      }
      copy = { ptr: this.memory.alloc(bytes), bytes, instruments: new Int32Array(n), valid: false };
      this.bytes += bytes;
    }
    if (copy.instruments.length !== n) copy.instruments = new Int32Array(n);
    for (let j = 0; j < n; j++) copy.instruments[j] = positions[j].instrumentIndex;
    copy.valid = false;
    this.setNewest(a, copy);
    this.last = a;
    return { ptr: copy.ptr, state: HOT_FILL };
  }

  /** Updates whose listed losses were read from a valid hot copy. */
  reads = 0;

  /** After the kernel ran on the last `take`: whether that copy is valid now. */
  settle(valid: boolean): void {
    const copy = this.last >= 0 ? this.copies.get(this.last) : undefined;
    if (copy) copy.valid = valid;
  }

  /** The P&L buffer changed: no copy is valid. */
  invalidate(): void {
    for (const copy of this.copies.values()) copy.valid = false;
  }

  private setNewest(a: number, copy: HotCopy): void {
    if (a !== this.newest || !this.copies.has(a)) this.copies.set(a, copy);
    this.newest = a;
  }

  private drop(copy: HotCopy): void {
    this.memory.free(copy.ptr);
    this.bytes -= copy.bytes;
  }
}

function sameInstruments(instruments: Int32Array, positions: readonly Held[]): boolean {
  if (instruments.length !== positions.length) return false;
  for (let j = 0; j < instruments.length; j++) if (instruments[j] !== positions[j].instrumentIndex) return false;
  return true;
}
