// Natural logarithm of two f64 lanes at once, and the log-ratio pass built on it.
// AssemblyScript has no SIMD log: ratios within 1/8 of 1 (nearly all price ratios) take a
// polynomial in f = x - 1; others take musl's scalar log (fdlibm polynomial, < 1 ulp) written
// lane-wise, and lanes that are not positive normal numbers take NativeMath.log. The hot loop
// has no branches and no calls (V8 would spill every register around a call); other lanes are
// redone afterwards. Constants are loaded from static data because V8 rebuilds v128.const
// values with several instructions inside loops.

// see: musl/src/math/log.c (pre-2018 version = fdlibm e_log.c) and SUN COPYRIGHT NOTICE in AS std/assembly/math.ts
// Both lanes of every constant, 16 bytes each, indexed by the K_* numbers below.
const LOG_CONSTANTS: StaticArray<u64> = [
  0x0010000000000000, 0x0010000000000000, // K_MIN_NORMAL: smallest positive normal
  0x7FF0000000000000, 0x7FF0000000000000, // K_INF
  0x00095F6200000000, 0x00095F6200000000, // K_REDUCE: (0x3ff00000 - 0x3fe6a09e) << 32
  0x000FFFFFFFFFFFFF, 0x000FFFFFFFFFFFFF, // K_MANTISSA
  0x3FE6A09E00000000, 0x3FE6A09E00000000, // K_SQRT_HALF_HI: 0x3fe6a09e << 32
  0x4330000000000000, 0x4330000000000000, // K_TWO52: bits of 2^52
  0x4330000000000000 + 1023, 0x4330000000000000 + 1023, // K_TWO52_BIAS: 2^52 + 1023 (minus this = e - 1023)
  0x3FF0000000000000, 0x3FF0000000000000, // K_ONE
  0x4000000000000000, 0x4000000000000000, // K_TWO
  0x3FE0000000000000, 0x3FE0000000000000, // K_HALF
  0x3FE5555555555593, 0x3FE5555555555593, // K_LG1: 6.666666666666735130e-01
  0x3FD999999997FA04, 0x3FD999999997FA04, // K_LG2: 3.999999999940941908e-01
  0x3FD2492494229359, 0x3FD2492494229359, // K_LG3: 2.857142874366239149e-01
  0x3FCC71C51D8E78AF, 0x3FCC71C51D8E78AF, // K_LG4: 2.222219843214978396e-01
  0x3FC7466496CB03DE, 0x3FC7466496CB03DE, // K_LG5: 1.818357216161805012e-01
  0x3FC39A09D078C69F, 0x3FC39A09D078C69F, // K_LG6: 1.531383769920937332e-01
  0x3FC2F112DF3E5244, 0x3FC2F112DF3E5244, // K_LG7: 1.479819860511658591e-01
  0x3FE62E42FEE00000, 0x3FE62E42FEE00000, // K_LN2_HI: 6.93147180369123816490e-01
  0x3DEA39EF35793C76, 0x3DEA39EF35793C76, // K_LN2_LO: 1.90821492927058770002e-10
  0x3FC0000000000000, 0x3FC0000000000000, // K_NEAR_ONE: 1/8
  0x7FFFFFFFFFFFFFFF, 0x7FFFFFFFFFFFFFFF, // K_ABS: clears the sign bit
];
// ln(1+f) = f + f^2 P(f) for |f| <= 1/8, P = Chebyshev fit (near-minimax) of degree 12 to
// (ln(1+f) - f) / f^2 on [-1/8, 1/8] (mpmath.chebyfit at 60 digits; P(0) = -1/2 as in the
// Taylor series). Evaluated as in `log1pNearZeroF64x2`: at most 0.7 ulp on 350k points (dense
// near 0 and +-1/8) checked against mpmath.log1p. Both lanes of c0..c12, exact bits.
const LOG1P_POLY: StaticArray<u64> = [
  0xBFE0000000000000, 0xBFE0000000000000, // -0.5
  0x3FD555555555551B, 0x3FD555555555551B, // 0.3333333333333301
  0xBFCFFFFFFFFFFF93, 0xBFCFFFFFFFFFFF93, // -0.24999999999999697
  0x3FC99999999CC586, 0x3FC99999999CC586, // 0.20000000000576906
  0xBFC5555555584EC3, 0xBFC5555555584EC3, // -0.16666666667207694
  0x3FC249248BF34C36, 0x3FC249248BF34C36, // 0.1428571399070237
  0xBFBFFFFFF41E105F, 0xBFBFFFFFF41E105F, // -0.12499999723337528
  0x3FBC71D1F25D2CC1, 0x3FBC71D1F25D2CC1, // 0.11111175696457833
  0xBFB999A3C2F0C921, 0xBFB999A3C2F0C921, // -0.10000060567179904
  0x3FB741528F57CF6C, 0x3FB741528F57CF6C, // 0.09084049224457907
  0xBFB5511E133F2877, 0xBFB5511E133F2877, // -0.08326900453462992
  0x3FB4955AA871F37D, 0x3FB4955AA871F37D, // 0.08040396320752836
  0xBFB31F0D80B0943E, 0xBFB31F0D80B0943E, // -0.0746925772842397
];
const K_MIN_NORMAL = 0, K_INF = 1, K_REDUCE = 2, K_MANTISSA = 3, K_SQRT_HALF_HI = 4, K_TWO52 = 5;
const K_TWO52_BIAS = 6, K_ONE = 7, K_TWO = 8, K_HALF = 9, K_LG1 = 10, K_LG2 = 11, K_LG3 = 12;
const K_LG4 = 13, K_LG5 = 14, K_LG6 = 15, K_LG7 = 16, K_LN2_HI = 17, K_LN2_LO = 18, K_NEAR_ONE = 19;
const K_ABS = 20;

// @ts-ignore: decorator
@inline
function k2(i: i32): v128 {
  return v128.load(changetype<usize>(LOG_CONSTANTS) + (<usize>i << 4));
}

/** Coefficient c_k of P in both lanes (k = 0..12). */
// @ts-ignore: decorator
@inline
function poly2(k: i32): v128 {
  return v128.load(changetype<usize>(LOG1P_POLY) + (<usize>k << 4));
}

/**
 * ln(1 + f) of both lanes as f + f^2 P(f): at most 0.7 ulp for |f| <= 1/8, meaningless outside.
 * No branches, no division.
 */
// @ts-ignore: decorator
@inline
export function log1pNearZeroF64x2(f: v128): v128 {
  // Estrin's scheme (short dependency chains; Horner's 12-deep chain stalls the loop)
  const f2 = f64x2.mul(f, f);
  const f4 = f64x2.mul(f2, f2);
  const f8 = f64x2.mul(f4, f4);
  const p0 = f64x2.add(poly2(0), f64x2.mul(f, poly2(1)));
  const p1 = f64x2.add(poly2(2), f64x2.mul(f, poly2(3)));
  const p2 = f64x2.add(poly2(4), f64x2.mul(f, poly2(5)));
  const p3 = f64x2.add(poly2(6), f64x2.mul(f, poly2(7)));
  const p4 = f64x2.add(poly2(8), f64x2.mul(f, poly2(9)));
  const p5 = f64x2.add(poly2(10), f64x2.mul(f, poly2(11)));
  const q0 = f64x2.add(p0, f64x2.mul(f2, p1));
  const q1 = f64x2.add(p2, f64x2.mul(f2, p3));
  const q2 = f64x2.add(p4, f64x2.mul(f2, p5));
  const r0 = f64x2.add(q0, f64x2.mul(f4, q1));
  const r1 = f64x2.add(q2, f64x2.mul(f4, poly2(12)));
  return f64x2.add(f, f64x2.mul(f2, f64x2.add(r0, f64x2.mul(f8, r1))));
}

/** x - 1 per lane (exact for x in [1/2, 2], Sterbenz). */
// @ts-ignore: decorator
@inline
function minusOneF64x2(x: v128): v128 {
  return f64x2.sub(x, k2(K_ONE));
}

/** All-ones lanes where |f| <= 1/8 (false for NaN): there `log1pNearZeroF64x2(f)` is accurate. */
// @ts-ignore: decorator
@inline
function nearZeroLanes(f: v128): v128 {
  return f64x2.le(v128.and(f, k2(K_ABS)), k2(K_NEAR_ONE));
}

/**
 * ln of both lanes, any input: `log1pNearZeroF64x2` where x is within 1/8 of 1 (x - 1 is exact
 * there, Sterbenz), else musl's formula (Math.log for lanes that are not positive normal). A
 * lane's result depends only on its own value, so equal inputs give equal logs wherever they
 * sit (Rogers-Satchell relies on ln(H/O) - ln(C/O) = 0 exactly when H = C).
 */
function logF64x2(x: v128): v128 {
  const f = f64x2.sub(x, k2(K_ONE));
  const near = nearZeroLanes(f);
  const y = log1pNearZeroF64x2(f);
  if (i64x2.all_true(near)) return y;
  return v128.bitselect(y, logF64x2Safe(x), near);
}

/** All-ones lanes where x is not a positive normal finite number (zero, negative, subnormal, inf, NaN). */
// @ts-ignore: decorator
@inline
export function logInvalidLanes(x: v128): v128 {
  return v128.or(i64x2.lt_s(x, k2(K_MIN_NORMAL)), i64x2.ge_s(x, k2(K_INF)));
}

/**
 * ln of both lanes, musl's formula; only meaningful for positive normal finite lanes
 * (check with `logInvalidLanes` and redo the others with Math.log).
 */
// @ts-ignore: decorator
@inline
export function logNormalF64x2(x: v128): v128 {
  // Reduce x = 2^k (1 + f) with 1 + f in [sqrt(2)/2, sqrt(2)) (musl: hx += 0x3ff00000 - 0x3fe6a09e).
  const hx = i64x2.add(x, k2(K_REDUCE));
  const dk = f64x2.sub(v128.or(i64x2.shr_u(hx, 52), k2(K_TWO52)), k2(K_TWO52_BIAS));
  const m = i64x2.add(v128.and(hx, k2(K_MANTISSA)), k2(K_SQRT_HALF_HI));
  const f = f64x2.sub(m, k2(K_ONE));
  const hfsq = f64x2.mul(f64x2.mul(k2(K_HALF), f), f);
  const s = f64x2.div(f, f64x2.add(k2(K_TWO), f));
  const z = f64x2.mul(s, s);
  const w = f64x2.mul(z, z);
  const t1 = f64x2.mul(w, f64x2.add(k2(K_LG2), f64x2.mul(w, f64x2.add(k2(K_LG4), f64x2.mul(w, k2(K_LG6))))));
  const t2 = f64x2.mul(
    z,
    f64x2.add(k2(K_LG1), f64x2.mul(w, f64x2.add(k2(K_LG3), f64x2.mul(w, f64x2.add(k2(K_LG5), f64x2.mul(w, k2(K_LG7))))))),
  );
  const r = f64x2.add(t2, t1);
  // s*(hfsq+R) + dk*ln2_lo - hfsq + f + dk*ln2_hi, evaluated left to right as in musl
  let y = f64x2.mul(s, f64x2.add(hfsq, r));
  y = f64x2.add(y, f64x2.mul(dk, k2(K_LN2_LO)));
  y = f64x2.sub(y, hfsq);
  y = f64x2.add(y, f);
  return f64x2.add(y, f64x2.mul(dk, k2(K_LN2_HI)));
}

/** Points per chunk of `logRatios`: its near-1 check is taken once per chunk. */
const CHUNK = 16;

/**
 * dst[j] = ln(a[j] / b[j]) for j in [0, count), with `logF64x2`'s values. Pointers are byte
 * offsets of f64 arrays; dst must not overlap a or b.
 */
export function logRatios(dstPtr: usize, aPtr: usize, bPtr: usize, count: i32): void {
  logRatiosPass(dstPtr, aPtr, bPtr, count, false);
}

/** dst[j] = ln(a[j] / b[j])^2, otherwise as `logRatios`. */
export function logRatiosSquared(dstPtr: usize, aPtr: usize, bPtr: usize, count: i32): void {
  logRatiosPass(dstPtr, aPtr, bPtr, count, true);
}

/**
 * `logRatios` (squared when `square`): chunks of CHUNK points, two lanes per step in a
 * branch-free loop (polynomial only); a chunk holding a ratio not within 1/8 of 1 is redone by
 * `logRatiosAnyPairs` (V8 spills registers around any call inside the hot loop).
 */
// @ts-ignore: decorator
@inline
function logRatiosPass(dstPtr: usize, aPtr: usize, bPtr: usize, count: i32, square: bool): void {
  const pairsEnd = count & ~1;
  if (pairsEnd > 0) {
    // software-pipelined: the division of the next pair is issued with the polynomial of this one
    let qNext = f64x2.div(v128.load(aPtr), v128.load(bPtr));
    for (let c = 0; c < pairsEnd; c += CHUNK) {
      const end = min(c + CHUNK, pairsEnd);
      let allNear = i64x2.splat(-1);
      for (let j = c; j < end; j += 2) {
        const off = <usize>j << 3;
        const f = minusOneF64x2(qNext);
        const next = select<usize>(off + 16, off, j + 2 < pairsEnd); // the last pair reloads itself
        qNext = f64x2.div(v128.load(aPtr + next), v128.load(bPtr + next));
        allNear = v128.and(allNear, nearZeroLanes(f));
        const y = log1pNearZeroF64x2(f);
        v128.store(dstPtr + off, square ? f64x2.mul(y, y) : y);
      }
      if (!i64x2.all_true(allNear)) logRatiosAnyPairs(dstPtr, aPtr, bPtr, c, end, square);
    }
  }
  if (pairsEnd < count) {
    // odd last point: both lanes the same ratio
    const off = <usize>pairsEnd << 3;
    const y = f64x2.extract_lane(logF64x2(f64x2.splat(load<f64>(aPtr + off) / load<f64>(bPtr + off))), 0);
    store<f64>(dstPtr + off, square ? y * y : y);
  }
}

/** Redo the pairs of points [from, to) of `logRatiosPass` that hold a ratio not within 1/8 of 1. */
function logRatiosAnyPairs(dstPtr: usize, aPtr: usize, bPtr: usize, from: i32, to: i32, square: bool): void {
  for (let j = from; j < to; j += 2) {
    const off = <usize>j << 3;
    const q = f64x2.div(v128.load(aPtr + off), v128.load(bPtr + off));
    if (!i64x2.all_true(nearZeroLanes(minusOneF64x2(q)))) {
      const y = logF64x2(q);
      v128.store(dstPtr + off, square ? f64x2.mul(y, y) : y);
    }
  }
}

/**
 * ln of both lanes by musl's formula, any input (Math.log for lanes that are not positive
 * normal). Has a call: keep out of the hottest loops.
 */
// @ts-ignore: decorator
@inline
export function logF64x2Safe(x: v128): v128 {
  const invalid = logInvalidLanes(x);
  const y = logNormalF64x2(x);
  if (!v128.any_true(invalid)) return y;
  return v128.bitselect(f64x2(Math.log(f64x2.extract_lane(x, 0)), Math.log(f64x2.extract_lane(x, 1))), y, invalid);
}
