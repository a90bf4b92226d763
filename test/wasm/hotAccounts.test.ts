// HotAccounts (src/wasm/hotAccounts.ts): which copy an update may read, and the byte budget, least
// recently updated accounts dropped first. The kernel side (the same bits as the P&L rows) is
// test/montecarlo/hotCopy.test.ts.
import { describe, expect, it } from 'vitest';
import { HOT_NONE, HotAccounts } from '../../src/wasm/hotAccounts.js';

const HOT_FILL = 1;
const HOT_VALID = 2;
const held = (...instruments: number[]) => instruments.map((instrumentIndex) => ({ instrumentIndex, quantity: 1 }));

function memory() {
  let next = 8;
  const live = new Map<number, number>();
  return {
    live,
    alloc(bytes: number) {
      const p = next;
      next += bytes;
      live.set(p, bytes);
      return p;
    },
    free(p: number) {
      if (!live.delete(p)) throw new Error(`free of ${p}, not allocated`);
    },
  };
}

describe('hot accounts', () => {
  it('a copy is read only once the kernel kept it valid, for the same instruments in the same order', () => {
    const mem = memory();
    const hot = new HotAccounts(10, 10_000, mem);
    // an account's first update lately gets no copy: a stream spread over every account copies nothing
    expect(hot.take(3, held(1, 2))).toEqual({ ptr: 0, state: HOT_NONE });
    hot.settle(true);
    expect(mem.live.size).toBe(0);
    const first = hot.take(3, held(1, 2));
    expect(first.state).toBe(HOT_FILL);
    // the kernel could not prove the tail from the list: not valid
    hot.settle(false);
    expect(hot.take(3, held(1, 2))).toEqual({ ptr: first.ptr, state: HOT_FILL });
    hot.settle(true);
    expect(hot.take(3, held(1, 2))).toEqual({ ptr: first.ptr, state: HOT_VALID });
    hot.settle(true);
    expect(hot.reads).toBe(1);
    // other instruments, or the same in another order: refilled
    expect(hot.take(3, held(2, 1)).state).toBe(HOT_FILL);
    hot.settle(true);
    // a new P&L buffer: nothing is valid
    hot.invalidate();
    expect(hot.take(3, held(2, 1)).state).toBe(HOT_FILL);
    // a failed kernel call (no settle) leaves the copy invalid
    hot.settle(true);
    hot.take(3, held(2, 1));
    expect(hot.take(3, held(2, 1)).state).toBe(HOT_FILL);
    expect(mem.live.size).toBe(1);
  });

  it('keeps to its budget, dropping the least recently updated accounts first', () => {
    const mem = memory();
    const stride = 10; // 80 bytes a position
    const hot = new HotAccounts(stride, 800, mem);
    const twice = (a: number, positions = held(a, a + 1)) => {
      hot.take(a, positions); // remembered
      const copy = hot.take(a, positions);
      hot.settle(true);
      return copy;
    };
    for (const a of [0, 1, 2, 3, 4]) expect(twice(a).state).toBe(HOT_FILL); // 160 bytes each: five fit
    expect([...mem.live.values()].reduce((s, b) => s + b, 0)).toBe(800);
    // account 0 updated again: now the most recent; a sixth account drops account 1
    expect(hot.take(0, held(0, 1)).state).toBe(HOT_VALID);
    hot.settle(true);
    twice(5);
    expect(hot.take(1, held(1, 2)).state).toBe(HOT_NONE); // account 1 was dropped
    expect(twice(1).state).toBe(HOT_FILL); // and is back (dropping account 2)
    expect(hot.take(0, held(0, 1)).state).toBe(HOT_VALID);
    hot.settle(true);
    expect([...mem.live.values()].reduce((s, b) => s + b, 0)).toBeLessThanOrEqual(800);
    // an account larger than the whole budget gets no copy; one with no positions neither
    expect(hot.take(7, held(...Array.from({ length: 11 }, (_, i) => i)))).toEqual({ ptr: 0, state: HOT_NONE });
    expect(hot.take(0, [])).toEqual({ ptr: 0, state: HOT_NONE });
    // a copy too small for more positions is replaced, not overrun
    const small = twice(3, held(3, 4));
    const grown = hot.take(3, held(3, 4, 5, 6));
    expect(grown.state).toBe(HOT_FILL);
    expect(mem.live.get(grown.ptr)).toBe(4 * 8 * stride);
    expect(mem.live.has(small.ptr) && small.ptr !== grown.ptr).toBe(false);
    expect([...mem.live.values()].reduce((s, b) => s + b, 0)).toBeLessThanOrEqual(800);
  });
});
