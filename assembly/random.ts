// Counter-based random numbers: Philox4x32-10, uniforms in (0,1), and standard normals.
//
// see: J. K. Salmon, M. A. Moraes, R. O. Dror, D. E. Shaw, "Parallel random numbers: as easy as
//      1, 2, 3", SC11 (2011); Random123 `philox.h` (round, multipliers, Weyl key schedule).
//
// Stream layout (a pure function of its coordinates; no state, so any split of the work gives the
// same numbers):
//   key     = (seedLo32, seedHi32)                     seed: a non-negative 53-bit-safe integer
//   counter = (blockIndex, scenarioLo32, scenarioHi32, streamId)
//   streamId 0 = normals for the N underlyings (dimension d = underlying d)
//   streamId 1 = auxiliary draws (Student-t chi-square: Marsaglia-Tsang normal/uniform pairs)
//   streamId 2 = bootstrap indices (filtered historical simulation)
// One Philox call gives 4 x 32 bits = 2 uniforms: dimension d uses block d >> 1, half d & 1; half 0
// takes words (x0 low, x1 high), half 1 takes words (x2 low, x3 high) as one 64-bit integer.
//
// Uniform from 64 bits: u = ((bits >>> 12) + 0.5) * 2^-52. The 52-bit integer plus one half is
// exact in a double (53 significant bits), so u lies on the midpoint grid (k + 0.5) / 2^52,
// strictly inside (0,1): min 2^-53, max 1 - 2^-53, and the grid is symmetric (u <-> 1 - u), so
// normals are exactly symmetric too. (With 53 bits, (2^53 - 1) + 0.5 rounds to 2^53, i.e. u = 1.)
//
// Results of the block functions are returned in module globals (per instance, so safe when
// several instances share one memory): no allocation, no static scratch memory. The SIMD variants
// (`philox4x32_10x4`, `uniformsFromBitsX2`, `storeNormalPair(sX4)`) give bit-for-bit the scalar
// results: lane-wise integer ops, and f64x2 arithmetic in the same order as the scalar code.
//
// Host differences: the tail branch of `normalQuantile` calls NativeMath.log. The TS twin uses the
// host's Math.log, which differs from it by 1 ulp on ~7 % of arguments (measured on V8 / Node 20),
// so twin normals in the tails (|p - 0.5| > 0.425) can differ by ~1e-16 relative.

// Philox4x32 round multipliers and Weyl key increments (Random123 philox.h).
// @ts-ignore: decorator
@inline const PHILOX_M0: u64 = 0xD2511F53;
// @ts-ignore: decorator
@inline const PHILOX_M1: u64 = 0xCD9E8D57;
// @ts-ignore: decorator
@inline const PHILOX_W0: u32 = 0x9E3779B9; // golden ratio
// @ts-ignore: decorator
@inline const PHILOX_W1: u32 = 0xBB67AE85; // sqrt(3) - 1

/** Output words of the last `philox4x32_10` call. */
export let philoxX0: u32 = 0;
export let philoxX1: u32 = 0;
export let philoxX2: u32 = 0;
export let philoxX3: u32 = 0;

// One Philox4x32 round on the globals (the counter lives in philoxX0..3 during the rounds).
// @ts-ignore: decorator
@inline function philoxRound(k0: u32, k1: u32): void {
  const p0 = PHILOX_M0 * <u64>philoxX0;
  const p1 = PHILOX_M1 * <u64>philoxX2;
  const x1 = philoxX1;
  const x3 = philoxX3;
  philoxX0 = <u32>(p1 >>> 32) ^ x1 ^ k0;
  philoxX1 = <u32>p1;
  philoxX2 = <u32>(p0 >>> 32) ^ x3 ^ k1;
  philoxX3 = <u32>p0;
}

/** Philox4x32-10 block function: result in `philoxX0..philoxX3`. */
// @ts-ignore: decorator
@inline export function philox4x32_10(c0: u32, c1: u32, c2: u32, c3: u32, k0: u32, k1: u32): void {
  philoxX0 = c0;
  philoxX1 = c1;
  philoxX2 = c2;
  philoxX3 = c3;
  philoxRound(k0, k1); k0 += PHILOX_W0; k1 += PHILOX_W1;
  philoxRound(k0, k1); k0 += PHILOX_W0; k1 += PHILOX_W1;
  philoxRound(k0, k1); k0 += PHILOX_W0; k1 += PHILOX_W1;
  philoxRound(k0, k1); k0 += PHILOX_W0; k1 += PHILOX_W1;
  philoxRound(k0, k1); k0 += PHILOX_W0; k1 += PHILOX_W1;
  philoxRound(k0, k1); k0 += PHILOX_W0; k1 += PHILOX_W1;
  philoxRound(k0, k1); k0 += PHILOX_W0; k1 += PHILOX_W1;
  philoxRound(k0, k1); k0 += PHILOX_W0; k1 += PHILOX_W1;
  philoxRound(k0, k1); k0 += PHILOX_W0; k1 += PHILOX_W1;
  philoxRound(k0, k1);
}

/** Output words of the last `philox4x32_10x4` call: lane l of `philoxV0..3` is word 0..3 of block l. */
export let philoxV0: v128 = i32x4.splat(0);
export let philoxV1: v128 = i32x4.splat(0);
export let philoxV2: v128 = i32x4.splat(0);
export let philoxV3: v128 = i32x4.splat(0);

// One Philox4x32 round on four blocks at once (lane l = block l): 32x32 -> 64-bit products with
// i64x2.extmul, then the low / high words gathered back into i32x4 lanes.
// @ts-ignore: decorator
@inline function philoxRoundX4(k0: v128, k1: v128): void {
  const m0 = i32x4.splat(<i32>PHILOX_M0);
  const m1 = i32x4.splat(<i32>PHILOX_M1);
  const p0a = i64x2.extmul_low_i32x4_u(philoxV0, m0);
  const p0b = i64x2.extmul_high_i32x4_u(philoxV0, m0);
  const p1a = i64x2.extmul_low_i32x4_u(philoxV2, m1);
  const p1b = i64x2.extmul_high_i32x4_u(philoxV2, m1);
  const x1 = philoxV1;
  const x3 = philoxV3;
  philoxV0 = v128.xor(v128.xor(i32x4.shuffle(p1a, p1b, 1, 3, 5, 7), x1), k0);
  philoxV1 = i32x4.shuffle(p1a, p1b, 0, 2, 4, 6);
  philoxV2 = v128.xor(v128.xor(i32x4.shuffle(p0a, p0b, 1, 3, 5, 7), x3), k1);
  philoxV3 = i32x4.shuffle(p0a, p0b, 0, 2, 4, 6);
}

/**
 * Philox4x32-10 of four counters (c0 lanes differ, c1..c3 shared) under one key: the same words as
 * four `philox4x32_10` calls, in lanes of `philoxV0..3`.
 */
// @ts-ignore: decorator
@inline export function philox4x32_10x4(c0: v128, c1: u32, c2: u32, c3: u32, k0: u32, k1: u32): void {
  philoxV0 = c0;
  philoxV1 = i32x4.splat(<i32>c1);
  philoxV2 = i32x4.splat(<i32>c2);
  philoxV3 = i32x4.splat(<i32>c3);
  let kv0 = i32x4.splat(<i32>k0);
  let kv1 = i32x4.splat(<i32>k1);
  const w0 = i32x4.splat(<i32>PHILOX_W0);
  const w1 = i32x4.splat(<i32>PHILOX_W1);
  philoxRoundX4(kv0, kv1); kv0 = i32x4.add(kv0, w0); kv1 = i32x4.add(kv1, w1);
  philoxRoundX4(kv0, kv1); kv0 = i32x4.add(kv0, w0); kv1 = i32x4.add(kv1, w1);
  philoxRoundX4(kv0, kv1); kv0 = i32x4.add(kv0, w0); kv1 = i32x4.add(kv1, w1);
  philoxRoundX4(kv0, kv1); kv0 = i32x4.add(kv0, w0); kv1 = i32x4.add(kv1, w1);
  philoxRoundX4(kv0, kv1); kv0 = i32x4.add(kv0, w0); kv1 = i32x4.add(kv1, w1);
  philoxRoundX4(kv0, kv1); kv0 = i32x4.add(kv0, w0); kv1 = i32x4.add(kv1, w1);
  philoxRoundX4(kv0, kv1); kv0 = i32x4.add(kv0, w0); kv1 = i32x4.add(kv1, w1);
  philoxRoundX4(kv0, kv1); kv0 = i32x4.add(kv0, w0); kv1 = i32x4.add(kv1, w1);
  philoxRoundX4(kv0, kv1); kv0 = i32x4.add(kv0, w0); kv1 = i32x4.add(kv1, w1);
  philoxRoundX4(kv0, kv1);
}

/**
 * Uniforms of lanes 0 and 1 of (lo, hi) word vectors, as `uniformFromBits` would give them:
 * hi * 2^20 + (lo >>> 12) is the exact 52-bit integer, + 0.5 and * 2^-52 are exact too.
 */
// @ts-ignore: decorator
@inline export function uniformsFromBitsX2(lo: v128, hi: v128): v128 {
  const k = f64x2.add(
    f64x2.mul(f64x2.convert_low_i32x4_u(hi), f64x2.splat(1048576.0)), // 2^20
    f64x2.convert_low_i32x4_u(i32x4.shr_u(lo, 12)),
  );
  return f64x2.mul(f64x2.add(k, f64x2.splat(0.5)), f64x2.splat(2.220446049250313e-16)); // 2^-52
}

/** Uniform in (0,1) from a 64-bit integer given as (lo, hi) words: ((bits >>> 12) + 0.5) * 2^-52. */
// @ts-ignore: decorator
@inline export function uniformFromBits(lo: u32, hi: u32): f64 {
  const k = ((<u64>hi << 32) | <u64>lo) >>> 12;
  return (<f64>k + 0.5) * 2.220446049250313e-16; // 2^-52
}

/** Uniform number `dim` of (seed, scenario, stream): one Philox call per two dimensions. */
// @ts-ignore: decorator
@inline export function uniformAt(seedLo: u32, seedHi: u32, scenario: u64, stream: u32, dim: u32): f64 {
  philox4x32_10(dim >>> 1, <u32>scenario, <u32>(scenario >>> 32), stream, seedLo, seedHi);
  return (dim & 1) == 0 ? uniformFromBits(philoxX0, philoxX1) : uniformFromBits(philoxX2, philoxX3);
}

// see: M. J. Wichura, "Algorithm AS 241: The percentage points of the normal distribution",
//      Applied Statistics 37 (1988) 477-484, PPND16 (about 1e-16 relative).
/** Standard normal quantile Phi^-1(p) for p in (0,1); -inf / +inf at 0 / 1, NaN outside. */
export function normalQuantile(p: f64): f64 {
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return q * (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r +
      45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r +
      133.14166789178437745) * r + 3.3871328727963666080) /
      (((((((5226.4952788528545610 * r + 28729.085735721942674) * r + 39307.895800092710610) * r +
        21213.794301586595867) * r + 5394.1960214247511077) * r + 687.18700749205790830) * r +
        42.313330701600911252) * r + 1.0);
  }
  if (!(p > 0.0 && p < 1.0)) {
    if (p == 0.0) return -Infinity;
    if (p == 1.0) return Infinity;
    return NaN;
  }
  let r = q < 0.0 ? p : 1.0 - p;
  r = Math.sqrt(-Math.log(r));
  let z: f64;
  if (r <= 5.0) {
    r -= 1.6;
    z = (((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r + 2.41780725177450611770e-1) * r +
      1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.76949722146069140550) * r +
      4.63033784615654529590) * r + 1.42343711074968357734) /
      (((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r + 1.51986665636164571966e-2) * r +
        1.48103976427480074590e-1) * r + 6.89767334985100004550e-1) * r + 1.67638483018380384940) * r +
        2.05319162663775882187) * r + 1.0);
  } else {
    r -= 5.0;
    z = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 1.24266094738807843860e-3) * r +
      2.65321895265761230930e-2) * r + 2.96560571828504891230e-1) * r + 1.78482653991729133580) * r +
      5.46378491116411436990) * r + 6.65790464350110377720) /
      (((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r + 1.84631831751005468180e-5) * r +
        7.86869131145613259100e-4) * r + 1.48753612908506148525e-2) * r + 1.36929880922735805310e-1) * r +
        5.99832206555887937690e-1) * r + 1.0);
  }
  return q < 0.0 ? -z : z;
}

// AS241 central branch, f64x2: q * A(r) / B(r) with r = 0.180625 - q^2, Horner as in normalQuantile.
// @ts-ignore: decorator
@inline function centralX2(q: v128): v128 {
  const r = f64x2.sub(f64x2.splat(0.180625), f64x2.mul(q, q));
  let num = f64x2.splat(2509.0809287301226727);
  num = f64x2.add(f64x2.mul(num, r), f64x2.splat(33430.575583588128105));
  num = f64x2.add(f64x2.mul(num, r), f64x2.splat(67265.770927008700853));
  num = f64x2.add(f64x2.mul(num, r), f64x2.splat(45921.953931549871457));
  num = f64x2.add(f64x2.mul(num, r), f64x2.splat(13731.693765509461125));
  num = f64x2.add(f64x2.mul(num, r), f64x2.splat(1971.5909503065514427));
  num = f64x2.add(f64x2.mul(num, r), f64x2.splat(133.14166789178437745));
  num = f64x2.add(f64x2.mul(num, r), f64x2.splat(3.3871328727963666080));
  let den = f64x2.splat(5226.4952788528545610);
  den = f64x2.add(f64x2.mul(den, r), f64x2.splat(28729.085735721942674));
  den = f64x2.add(f64x2.mul(den, r), f64x2.splat(39307.895800092710610));
  den = f64x2.add(f64x2.mul(den, r), f64x2.splat(21213.794301586595867));
  den = f64x2.add(f64x2.mul(den, r), f64x2.splat(5394.1960214247511077));
  den = f64x2.add(f64x2.mul(den, r), f64x2.splat(687.18700749205790830));
  den = f64x2.add(f64x2.mul(den, r), f64x2.splat(42.313330701600911252));
  den = f64x2.add(f64x2.mul(den, r), f64x2.splat(1.0));
  return f64x2.div(f64x2.mul(q, num), den);
}

// Tail lanes (|q| > 0.425, ~15 %) of a pair stored at ptr: overwrite with the scalar branch.
// @ts-ignore: decorator
@inline function fixTailsX2(u: v128, q: v128, ptr: usize): void {
  const tail = f64x2.gt(f64x2.abs(q), f64x2.splat(0.425));
  if (v128.any_true(tail)) {
    if (i64x2.extract_lane(tail, 0) != 0) store<f64>(ptr, normalQuantile(f64x2.extract_lane(u, 0)));
    if (i64x2.extract_lane(tail, 1) != 0) store<f64>(ptr, normalQuantile(f64x2.extract_lane(u, 1)), 8);
  }
}

/**
 * Phi^-1 of the two uniforms in `u` (in (0,1)), stored at `ptr` (2 f64): the central branch in one
 * f64x2 evaluation of the same expression as `normalQuantile`, then tail lanes recomputed by
 * `normalQuantile`. Bit-identical to two `normalQuantile` calls.
 */
// @ts-ignore: decorator
@inline export function storeNormalPair(u: v128, ptr: usize): void {
  const q = f64x2.sub(u, f64x2.splat(0.5));
  v128.store(ptr, centralX2(q));
  fixTailsX2(u, q, ptr);
}

/** `storeNormalPair` of four pairs at ptr, ptr + 16, ptr + 32, ptr + 48 (independent chains first). */
// @ts-ignore: decorator
@inline export function storeNormalPairsX4(u0: v128, u1: v128, u2: v128, u3: v128, ptr: usize): void {
  const half = f64x2.splat(0.5);
  const q0 = f64x2.sub(u0, half);
  const q1 = f64x2.sub(u1, half);
  const q2 = f64x2.sub(u2, half);
  const q3 = f64x2.sub(u3, half);
  v128.store(ptr, centralX2(q0));
  v128.store(ptr, centralX2(q1), 16);
  v128.store(ptr, centralX2(q2), 32);
  v128.store(ptr, centralX2(q3), 48);
  fixTailsX2(u0, q0, ptr);
  fixTailsX2(u1, q1, ptr + 16);
  fixTailsX2(u2, q2, ptr + 32);
  fixTailsX2(u3, q3, ptr + 48);
}

// ---- exported test / utility kernels ----

/** Philox4x32-10 of one counter/key: writes the 4 output words (u32) at `outPtr`. */
export function philox4x32(c0: u32, c1: u32, c2: u32, c3: u32, k0: u32, k1: u32, outPtr: usize): void {
  philox4x32_10(c0, c1, c2, c3, k0, k1);
  store<u32>(outPtr, philoxX0);
  store<u32>(outPtr, philoxX1, 4);
  store<u32>(outPtr, philoxX2, 8);
  store<u32>(outPtr, philoxX3, 12);
}

/** `count` uniforms of (seed, scenario, stream) for dimensions dimStart.. into f64 at `outPtr`. */
export function uniforms(
  seedLo: u32, seedHi: u32, scenario: f64, stream: u32, dimStart: u32, count: i32, outPtr: usize,
): void {
  const m = <u64>scenario;
  for (let i = 0; i < count; i++) {
    store<f64>(outPtr + (<usize>i << 3), uniformAt(seedLo, seedHi, m, stream, dimStart + <u32>i));
  }
}

/** Phi^-1 (AS241) of `n` f64 at `pPtr` into `outPtr`. */
export function normalQuantileBatch(n: i32, pPtr: usize, outPtr: usize): void {
  for (let i = 0; i < n; i++) {
    const off = <usize>i << 3;
    store<f64>(outPtr + off, normalQuantile(load<f64>(pPtr + off)));
  }
}
