/**
 * The Wasm boundary: the only module that instantiates the kernels and touches linear memory.
 *
 * It runs unchanged in Node and in browsers (no Node built-ins here): callers hand it the
 * compiled bytes or a `WebAssembly.Module` (see `node-source.ts` for Node's file reading).
 * Kernels never allocate: this module owns everything above `__heap_base` as a bump arena,
 * copies inputs in, calls one exported kernel, and copies outputs out. Views over
 * `memory.buffer` are rebuilt after every grow because growing detaches old views.
 */
import { instantiate } from '@assemblyscript/loader';
import { estimatorCode, type PricePanel, type VolatilityKernel, type VolatilityParams } from '../volatility/types.js';

/** Compiled kernels as bytes or as an already compiled module (cheap to share with workers). */
export type WasmSource = ArrayBuffer | Uint8Array | WebAssembly.Module;

/** Raw exports of `assembly/index.ts`: pointers are byte offsets into `memory`. */
interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  rollingVolatility(
    estimator: number,
    nSeries: number,
    offsetsPtr: number,
    openPtr: number,
    highPtr: number,
    lowPtr: number,
    closePtr: number,
    window: number,
    lambda: number,
    annualization: number,
    outPtr: number,
  ): void;
}

const PAGE_BYTES = 65536;
const ALIGN = 16;

/** Compile once, instantiate many times (one instance per worker). */
export async function compileKernels(source: WasmSource): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return source;
  return WebAssembly.compile(source instanceof Uint8Array ? (source as Uint8Array<ArrayBuffer>) : new Uint8Array(source));
}

/** A bump allocator over the Wasm heap, reset before each kernel call. */
class Arena {
  private top: number;
  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly base: number,
  ) {
    this.top = base;
  }

  reset(): void {
    this.top = this.base;
  }

  /** Reserve `bytes` (16-byte aligned) and grow memory if needed; returns the byte offset. */
  alloc(bytes: number): number {
    const ptr = this.top;
    this.top = ptr + Math.ceil(bytes / ALIGN) * ALIGN;
    const have = this.memory.buffer.byteLength;
    if (this.top > have) this.memory.grow(Math.ceil((this.top - have) / PAGE_BYTES));
    return ptr;
  }

  f64(ptr: number, length: number): Float64Array {
    return new Float64Array(this.memory.buffer, ptr, length);
  }

  i32(ptr: number, length: number): Int32Array {
    return new Int32Array(this.memory.buffer, ptr, length);
  }
}

/** One Wasm instance with typed wrappers over its kernels. */
export class WasmKernels implements VolatilityKernel {
  private readonly arena: Arena;

  private constructor(private readonly raw: KernelExports) {
    this.arena = new Arena(raw.memory, Math.ceil(raw.heapBase() / ALIGN) * ALIGN);
  }

  static async create(source: WasmSource): Promise<WasmKernels> {
    const module = await compileKernels(source);
    const { exports } = await instantiate<Record<string, unknown>>(module, {});
    return new WasmKernels(exports as unknown as KernelExports);
  }

  /** Fill `out` (length = points in the panel) with annualized rolling volatility, NaN where undefined. */
  rollingVolatility(panel: PricePanel, params: VolatilityParams, out: Float64Array): void {
    const nSeries = panel.offsets.length - 1;
    const total = panel.offsets[nSeries];
    if (out.length !== total) throw new RangeError(`out has ${out.length} points, panel has ${total}`);
    const a = this.arena;
    a.reset();
    const offsetsPtr = a.alloc(4 * (nSeries + 1));
    const ohlc = [panel.open, panel.high, panel.low, panel.close].map((arr) => {
      const ptr = a.alloc(8 * arr.length);
      return { ptr, arr };
    });
    const outPtr = a.alloc(8 * total);
    a.i32(offsetsPtr, nSeries + 1).set(panel.offsets);
    for (const { ptr, arr } of ohlc) a.f64(ptr, arr.length).set(arr);
    this.raw.rollingVolatility(
      estimatorCode(params.estimator),
      nSeries,
      offsetsPtr,
      panel.open.length ? ohlc[0].ptr : 0,
      panel.high.length ? ohlc[1].ptr : 0,
      panel.low.length ? ohlc[2].ptr : 0,
      ohlc[3].ptr,
      params.window,
      params.lambda,
      params.annualization,
      outPtr,
    );
    out.set(a.f64(outPtr, total));
  }
}
