// The service's bounded serial queue, its group commit and the end-of-day schedule.
import { describe, expect, it } from 'vitest';
import { DurableLog } from '../../src/service/durableLog.js';
import { msUntil, endOfDayTimer } from '../../src/service/endOfDayTimer.js';
import { OverloadedError } from '../../src/service/errors.js';
import { SerialQueue } from '../../src/service/serialQueue.js';
import { MemoryStore, type LoggedEvent } from '../../src/service/store.js';

const event = (seq: number): LoggedEvent => ({ seq, atMs: 0, event: { kind: 'positions', account: 'a', positions: [], collateral: {} }, margins: [] });

describe('SerialQueue', () => {
  it('runs one operation at a time in arrival order and refuses past its limit', async () => {
    const q = new SerialQueue(3);
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a = q.run(async () => {
      order.push('a start');
      await gate;
      order.push('a end');
    });
    const b = q.run(() => order.push('b'));
    const c = q.run(() => order.push('c'));
    await expect(q.run(() => order.push('d'))).rejects.toBeInstanceOf(OverloadedError);
    expect(q.depth).toBe(3);
    release();
    await Promise.all([a, b, c]);
    expect(order).toEqual(['a start', 'a end', 'b', 'c']);
    await q.idle();
    expect(q.depth).toBe(0);
    await expect(q.run(() => 7)).resolves.toBe(7);
    await expect(q.run(() => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(await q.run(() => 8)).toBe(8); // a failure does not block the queue
  });
});

describe('DurableLog (group commit)', () => {
  it('writes events appended during a write together, in order, and resolves each once written', async () => {
    const written: number[][] = [];
    const store = new MemoryStore();
    let slow: () => void = () => {};
    store.append = async (events) => {
      written.push(events.map((e) => e.seq));
      if (written.length === 1) await new Promise<void>((r) => (slow = r));
    };
    const log = new DurableLog(store, 3);
    const done: number[] = [];
    const all = [log.append(event(1)).then(() => done.push(1))];
    await new Promise((r) => setTimeout(r, 5));
    expect(written).toEqual([[1]]); // writing, slowly
    all.push(...[2, 3, 4, 5, 6].map((s) => log.append(event(s)).then(() => done.push(s))));
    expect(done).toEqual([]);
    slow();
    await Promise.all(all);
    expect(written).toEqual([[1], [2, 3, 4], [5, 6]]);
    expect(done).toEqual([1, 2, 3, 4, 5, 6]);
    expect(log.batches).toBe(3);
    // appended in one go (one I/O phase): one batch, up to the limit
    const more = [7, 8, 9, 10].map((s) => log.append(event(s)));
    await Promise.all(more);
    expect(written.slice(3)).toEqual([[7, 8, 9], [10]]);
  });

  it('after a failed write, fails that batch, everything waiting and every later append', async () => {
    const store = new MemoryStore();
    store.append = async () => {
      throw new Error('disk full');
    };
    let fatal: unknown;
    const log = new DurableLog(store, 10, (err) => (fatal = err));
    const a = log.append(event(1));
    const b = log.append(event(2));
    await expect(a).rejects.toThrow('disk full');
    await expect(b).rejects.toThrow('disk full');
    expect((fatal as Error).message).toBe('disk full');
    expect(log.failed).toBe(true);
    await expect(log.append(event(3))).rejects.toThrow('disk full');
  });
});

describe('end-of-day schedule', () => {
  it('waits until the next HH:MM UTC', () => {
    const day = Date.UTC(2026, 10, 20);
    expect(msUntil(0, day + 1000)).toBe(86_400_000 - 1000);
    expect(msUntil(60, day)).toBe(3_600_000);
    expect(msUntil(60, day + 3_600_000)).toBe(86_400_000);
    expect(msUntil(23 * 60 + 59, day + 23 * 3_600_000)).toBe(59 * 60_000);
    expect(endOfDayTimer('17:30').minuteOfDay).toBe(17 * 60 + 30);
    for (const bad of ['24:00', '7:30', '12:60', 'noon']) expect(() => endOfDayTimer(bad)).toThrow(`--end-of-day: must be a UTC time HH:MM, e.g. 00:00; got "${bad}"`);
  });
});

describe('MemoryStore', () => {
  it('keeps the last events only, answers GET /events from them, and names the oldest it holds', async () => {
    const store = new MemoryStore(5);
    for (let s = 1; s <= 23; s += 2) await store.append([event(s), event(s + 1)]);
    // 24 events appended; at most 2 x 5 held, at least the last 5
    const held = await store.events(18, 100);
    expect(held.map((e) => e.seq)).toEqual([19, 20, 21, 22, 23, 24]);
    expect((await store.events(20, 2)).map((e) => e.seq)).toEqual([21, 22]);
    expect(await store.events(24, 10)).toEqual([]);
    // held: 18 .. 24 (sliced to the last 5 when 10 were reached at 22, then 23 and 24 appended)
    expect(await store.events(17, 100)).toHaveLength(7);
    await expect(store.events(16, 10)).rejects.toThrow('query: after: the memory store (--db none) keeps only the latest events (at least 5; now from seq 18): give after >= 17, or run with --db for the whole log');
    const loaded = await (async () => {
      await store.initialize({ inputs: {} as never, policy: { states: [], regimes: {} }, seq: 0 });
      return store.load();
    })();
    expect(loaded?.seq).toBe(24);
  });
});
