/**
 * Seeded random numbers for the synthetic market: xoshiro128** 1.1 on 32-bit integer math
 * (no BigInt), seeded by splitmix32. Same seed -> same stream on every JavaScript engine for the
 * integers and uniforms; normals use `Math.log`/`Math.cos`, which V8 computes identically on
 * every platform (other engines may differ in the last bit).
 */
import { InputError } from '../errors.js';

/** 2^-32, scales a uint32 to [0, 1). */
const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

export class Xoshiro128 {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** State words (uint32, not all zero). */
  constructor(s0: number, s1: number, s2: number, s3: number) {
    if ((s0 | s1 | s2 | s3) === 0) throw new RangeError('xoshiro128** state must not be all zero');
    this.s0 = s0 >>> 0;
    this.s1 = s1 >>> 0;
    this.s2 = s2 >>> 0;
    this.s3 = s3 >>> 0;
  }

  /** State from a seed (integer in [0, 2^32)) by four splitmix32 steps. */
  static fromSeed(seed: number): Xoshiro128 {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new InputError(`must be an integer in [0, 4294967295]; got ${seed}`, { column: 'seed' });
    }
    let weyl = seed >>> 0;
    const next = (): number => {
      weyl = (weyl + 0x9e3779b9) >>> 0;
      return fmix32(weyl);
    };
    return new Xoshiro128(next(), next(), next(), next());
  }

  /** Next uint32. See: Blackman and Vigna, xoshiro128starstar.c (prng.di.unimi.it). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }
}

/** Uniform, normal and Student-t draws from one xoshiro128** stream. */
export class RandomStream {
  private readonly bits: Xoshiro128;
  private spare = NaN;

  constructor(seed: number) {
    this.bits = Xoshiro128.fromSeed(seed);
  }

  /** Uniform in the open interval (0, 1): (k + 0.5) / 2^32. */
  uniform(): number {
    return (this.bits.nextUint32() + 0.5) * TWO_POW_MINUS_32;
  }

  /** Standard normal. See: Box and Muller (1958); the second draw of each pair is kept for the next call. */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const z = this.spare;
      this.spare = NaN;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(this.uniform()));
    const theta = 2 * Math.PI * this.uniform();
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /**
   * Student-t with integer `nu` > 2 degrees of freedom, scaled to unit variance:
   * z / sqrt(chi2_nu / nu) * sqrt((nu - 2) / nu), chi2_nu a sum of nu squared normals.
   */
  studentT(nu: number): number {
    let chi2 = 0;
    for (let k = 0; k < nu; k++) {
      const g = this.normal();
      chi2 += g * g;
    }
    return (this.normal() / Math.sqrt(chi2 / nu)) * Math.sqrt((nu - 2) / nu);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** MurmurHash3 finalizer (Appleby), bijective on uint32; with a Weyl step this is splitmix32. */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
