/**
 * Host-side allocator over a linear memory shared by the calling thread and every worker.
 *
 * Kernels never allocate: the calling thread places every array with this heap and hands
 * byte offsets to the kernels (or to workers, which run kernels on the same shared memory).
 * First-fit over a sorted free list with coalescing; blocks are 64-byte aligned (a cache line,
 * and a multiple of v128) so neighbouring blocks written by different threads never share a line.
 * JavaScript is single-threaded, so allocation needs no locks.
 */

/** What the heap needs of a memory: a WebAssembly.Memory, or `sharedArrayMemory` for the TS twins. */
export interface LinearMemory {
  readonly buffer: ArrayBufferLike;
  grow(deltaPages: number): number;
}

export const PAGE_BYTES = 65536;
/** Largest wasm32 memory: 65,536 pages = 4 GiB. */
export const MAX_PAGES = 65536;
const ALIGN = 64;

/** A growable SharedArrayBuffer that behaves like a shared WebAssembly.Memory (for the TS twins). */
export function sharedArrayMemory(
  sab = new SharedArrayBuffer(16 * PAGE_BYTES, { maxByteLength: MAX_PAGES * PAGE_BYTES }),
): LinearMemory {
  return {
    get buffer() {
      return sab;
    },
    grow(deltaPages: number) {
      const old = sab.byteLength / PAGE_BYTES;
      sab.grow(sab.byteLength + deltaPages * PAGE_BYTES);
      return old;
    },
  };
}

interface Block {
  ptr: number;
  bytes: number;
}

export class Heap {
  private readonly free: Block[] = [];
  private readonly sizes = new Map<number, number>();
  private top: number;

  constructor(
    readonly memory: LinearMemory,
    base: number,
  ) {
    this.top = Math.ceil(base / ALIGN) * ALIGN;
  }

  /** Bytes currently handed out. */
  get allocatedBytes(): number {
    let total = 0;
    for (const bytes of this.sizes.values()) total += bytes;
    return total;
  }

  /** Reserve `bytes` and return the byte offset; grows the memory when no free block fits. */
  alloc(bytes: number): number {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    const i = this.free.findIndex((b) => b.bytes >= size);
    let ptr: number;
    if (i >= 0) {
      const block = this.free[i];
      ptr = block.ptr;
      if (block.bytes === size) this.free.splice(i, 1);
      else this.free[i] = { ptr: ptr + size, bytes: block.bytes - size };
    } else {
      ptr = this.top;
      this.ensure(ptr + size);
      this.top = ptr + size;
    }
    this.sizes.set(ptr, size);
    return ptr;
  }

  /** Return a block to the heap (coalescing with its free neighbours). */
  release(ptr: number): void {
    const size = this.sizes.get(ptr);
    if (size === undefined) throw new Error(`heap: ${ptr} is not an allocated block`);
    this.sizes.delete(ptr);
    let at = this.free.findIndex((b) => b.ptr > ptr);
    if (at < 0) at = this.free.length;
    this.free.splice(at, 0, { ptr, bytes: size });
    const next = this.free[at + 1];
    if (next && ptr + this.free[at].bytes === next.ptr) {
      this.free[at].bytes += next.bytes;
      this.free.splice(at + 1, 1);
    }
    const prev = this.free[at - 1];
    if (prev && prev.ptr + prev.bytes === ptr) {
      prev.bytes += this.free[at].bytes;
      this.free.splice(at, 1);
      at--;
    }
    // give the last free block back to the bump pointer
    const last = this.free[this.free.length - 1];
    if (last && last.ptr + last.bytes === this.top) {
      this.top = last.ptr;
      this.free.pop();
    }
  }

  f64(ptr: number, length: number): Float64Array {
    return new Float64Array(this.memory.buffer, ptr, length);
  }

  i32(ptr: number, length: number): Int32Array {
    return new Int32Array(this.memory.buffer, ptr, length);
  }

  /** Copy `data` into a new block; returns its byte offset. */
  allocCopy(data: Float64Array | Int32Array): number {
    const ptr = this.alloc(data.byteLength);
    (data instanceof Float64Array ? this.f64(ptr, data.length) : this.i32(ptr, data.length)).set(data);
    return ptr;
  }

  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    const pages = Math.ceil((end - have) / PAGE_BYTES);
    if (have / PAGE_BYTES + pages > MAX_PAGES) {
      throw new RangeError(`dynamargin: needs ${((end / 2 ** 30)).toFixed(2)} GiB of kernel memory; the limit is 4 GiB`);
    }
    this.memory.grow(pages);
  }
}
