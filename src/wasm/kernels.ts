/**
 * The Wasm boundary: the only module that instantiates the kernels and touches linear memory.
 *
 * It runs unchanged in Node and in browsers (no Node built-ins here): callers hand it the
 * compiled bytes or a `WebAssembly.Module` (see `node-source.ts` for Node's file reading).
 * `WasmKernels` is the convenient, copying face of the kernels (tests, single calls): each method
 * places its inputs with the heap, calls one exported kernel and copies the outputs out. The
 * pipeline (engine, pool, books) places long-lived arrays with the heap itself and issues kernel
 * calls through `runtime.ts` instead. Views over `memory.buffer` are made after every allocation
 * because growing a memory replaces its buffer.
 */
import { Heap } from './heap.js';
import { compileKernels, instantiateKernels, kernelMemory, type WasmSource } from './runtime.js';
import { estimatorCode, type PricePanel, type VolatilityKernel, type VolatilityParams } from '../volatility/types.js';
import { checkScenarioOptions, MODEL_CODE, type ScenarioOptions } from '../twin/scenarios.js';
import { checkBlack76Arrays, type Black76Inputs, type Black76Outputs } from '../twin/black76.js';
import { seedWords } from '../twin/random.js';
import { volatilityScratchBytes } from './volatilityJob.js';

export { compileKernels, type WasmSource } from './runtime.js';

/** Raw exports of `assembly/index.ts`: pointers are byte offsets into the memory. */
interface KernelExports {
  heapBase(): number;
  rollingVolatility(
    estimator: number, nSeries: number, offsetsPtr: number, openPtr: number, highPtr: number, lowPtr: number,
    closePtr: number, window: number, lambda: number, annualization: number, outPtr: number, scratchPtr: number,
  ): void;
  // Monte Carlo building blocks (assembly/random.ts, scenarios.ts, black76.ts)
  philox4x32(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, outPtr: number): void;
  uniforms(seedLo: number, seedHi: number, scenario: number, stream: number, dimStart: number, count: number, outPtr: number): void;
  normalQuantileBatch(n: number, pPtr: number, outPtr: number): void;
  normalCdfBatch(n: number, xPtr: number, outPtr: number): void;
  scenarioReturns(
    seedLo: number, seedHi: number, scenarioStart: number, count: number, nFactors: number,
    cholPtr: number, scalePtr: number, model: number, dof: number, outPtr: number,
  ): void;
  black76Batch(
    n: number, fPtr: number, kPtr: number, tPtr: number, sigmaPtr: number, isCallPtr: number, discount: number,
    outPricePtr: number, outDeltaPtr: number, outGammaPtr: number, outVegaPtr: number, outThetaPtr: number,
  ): void;
  smileSdBatch(n: number, kkPtr: number, smPtr: number, outPtr: number): void;
}

/** Blocks of one kernel call: released together when the next call starts. */
class Scratch {
  private readonly blocks: number[] = [];
  constructor(private readonly heap: Heap) {}

  reset(): void {
    for (const ptr of this.blocks.splice(0)) this.heap.release(ptr);
  }

  alloc(bytes: number): number {
    const ptr = this.heap.alloc(bytes);
    this.blocks.push(ptr);
    return ptr;
  }

  f64(ptr: number, length: number): Float64Array {
    return this.heap.f64(ptr, length);
  }

  i32(ptr: number, length: number): Int32Array {
    return this.heap.i32(ptr, length);
  }
}

/** One Wasm instance with typed wrappers over its kernels. */
export class WasmKernels implements VolatilityKernel {
  private readonly arena: Scratch;

  private constructor(
    private readonly raw: KernelExports,
    private readonly memory: WebAssembly.Memory,
  ) {
    this.arena = new Scratch(new Heap(memory, raw.heapBase()));
  }

  /** A new instance on a memory of its own. */
  static async create(source: WasmSource): Promise<WasmKernels> {
    const memory = kernelMemory();
    const exports = await instantiateKernels(await compileKernels(source), memory);
    return new WasmKernels(exports as unknown as KernelExports, memory);
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
    let maxLength = 0;
    for (let s = 0; s < nSeries; s++) maxLength = Math.max(maxLength, panel.offsets[s + 1] - panel.offsets[s]);
    const scratchPtr = a.alloc(volatilityScratchBytes(maxLength));
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
      scratchPtr,
    );
    out.set(a.f64(outPtr, total));
  }

  // ---- Monte Carlo building blocks (twins in src/twin/random.ts, scenarios.ts, black76.ts) ----

  /** Philox4x32-10 of one counter (4 uint32) and key (2 uint32); returns the 4 output words. */
  philox4x32(counter: ArrayLike<number>, key: ArrayLike<number>): Uint32Array {
    const a = this.arena;
    a.reset();
    const outPtr = a.alloc(16);
    this.raw.philox4x32(counter[0], counter[1], counter[2], counter[3], key[0], key[1], outPtr);
    return new Uint32Array(this.memory.buffer, outPtr, 4).slice();
  }

  /** `out.length` uniforms in (0,1) of (seed, scenario, stream) for dimensions dimStart... */
  uniforms(seed: number, scenario: number, stream: number, dimStart: number, out: Float64Array): void {
    const [lo, hi] = seedWords(seed);
    const a = this.arena;
    a.reset();
    const outPtr = a.alloc(8 * out.length);
    this.raw.uniforms(lo, hi, scenario, stream, dimStart, out.length, outPtr);
    out.set(a.f64(outPtr, out.length));
  }

  /** Standard normal quantile (Wichura AS241) of each `p[i]` into `out[i]`. */
  normalQuantileBatch(p: Float64Array, out: Float64Array): void {
    this.mapF64(p, out, (n, inPtr, outPtr) => this.raw.normalQuantileBatch(n, inPtr, outPtr));
  }

  /** Standard normal CDF (Cody erfc) of each `x[i]` into `out[i]`. */
  normalCdfBatch(x: Float64Array, out: Float64Array): void {
    this.mapF64(x, out, (n, inPtr, outPtr) => this.raw.normalCdfBatch(n, inPtr, outPtr));
  }

  private mapF64(x: Float64Array, out: Float64Array, kernel: (n: number, inPtr: number, outPtr: number) => void): void {
    const n = x.length;
    if (out.length < n) throw new RangeError(`out has ${out.length} entries, needs ${n}`);
    const a = this.arena;
    a.reset();
    const inPtr = a.alloc(8 * n);
    const outPtr = a.alloc(8 * n);
    a.f64(inPtr, n).set(x);
    kernel(n, inPtr, outPtr);
    out.set(a.f64(outPtr, n));
  }

  /**
   * Scenario-major log-returns (`opts.count` x N) for scenarios opts.scenarioStart.. into `out`;
   * see `ScenarioOptions`. Any split of a scenario range gives bit-identical rows.
   * @throws InputError / RangeError, see `checkScenarioOptions`
   */
  scenarioReturns(opts: ScenarioOptions, out: Float64Array): void {
    checkScenarioOptions(opts, out);
    const n = opts.scale.length;
    const [lo, hi] = seedWords(opts.seed);
    const a = this.arena;
    a.reset();
    const cholPtr = a.alloc(8 * n * n);
    const scalePtr = a.alloc(8 * n);
    const outPtr = a.alloc(8 * opts.count * n);
    a.f64(cholPtr, n * n).set(opts.chol);
    a.f64(scalePtr, n).set(opts.scale);
    this.raw.scenarioReturns(lo, hi, opts.scenarioStart, opts.count, n, cholPtr, scalePtr, MODEL_CODE[opts.model], opts.dof, outPtr);
    out.set(a.f64(outPtr, opts.count * n));
  }

  /** sd = sqrt(w) of one kernel smile (SMILE_FIELDS values, src/surface/smileCoefficients.ts) at each log-moneyness kk[i] into out[i]. */
  smileSd(kk: Float64Array, smile: Float64Array, out: Float64Array): void {
    const n = kk.length;
    if (out.length < n) throw new RangeError(`out has ${out.length} entries, needs ${n}`);
    const a = this.arena;
    a.reset();
    const kkPtr = a.alloc(8 * n);
    const smPtr = a.alloc(8 * smile.length);
    const outPtr = a.alloc(8 * n);
    a.f64(kkPtr, n).set(kk);
    a.f64(smPtr, smile.length).set(smile);
    this.raw.smileSdBatch(n, kkPtr, smPtr, outPtr);
    out.set(a.f64(outPtr, n));
  }

  /** Black-76 price and Greeks of each option i of `inputs` into entry i of each `out` array. */
  black76(inputs: Black76Inputs, out: Black76Outputs): void {
    const n = checkBlack76Arrays(inputs, out);
    const a = this.arena;
    a.reset();
    const inPtrs = [inputs.forward, inputs.strike, inputs.timeYears, inputs.vol].map((arr) => {
      const ptr = a.alloc(8 * n);
      a.f64(ptr, n).set(arr);
      return ptr;
    });
    const isCallPtr = a.alloc(4 * n);
    a.i32(isCallPtr, n).set(inputs.isCall);
    const outs = [out.price, out.delta, out.gamma, out.vega, out.theta];
    const outPtrs = outs.map(() => a.alloc(8 * n));
    this.raw.black76Batch(n, inPtrs[0], inPtrs[1], inPtrs[2], inPtrs[3], isCallPtr, inputs.discount,
      outPtrs[0], outPtrs[1], outPtrs[2], outPtrs[3], outPtrs[4]);
    outs.forEach((arr, i) => arr.set(a.f64(outPtrs[i], n)));
  }
}
