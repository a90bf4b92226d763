// Natural logarithm of two f64 lanes at once, and the log-ratio pass built on it.
// AssemblyScript has no SIMD log, so this is musl's scalar log (fdlibm polynomial, < 1 ulp)
// written lane-wise. The hot path has no branches and no calls (V8 would spill every register
// around a call); lanes that are not positive normal numbers are redone afterwards with
// NativeMath.log. Constants are loaded from static data because V8 rebuilds v128.const
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
  0x3FB0000000000000, 0x3FB0000000000000, // K_NEAR_ONE: 1/16
  0x7FFFFFFFFFFFFFFF, 0x7FFFFFFFFFFFFFFF, // K_ABS: clears the sign bit
];
// Taylor coefficients of ln(1+f) = f + f^2 * (c2 + c3 f + ... + c13 f^11), c_k = (-1)^(k+1)/k.
const TAYLOR: StaticArray<f64> = [
  -1.0 / 2.0, -1.0 / 2.0, 1.0 / 3.0, 1.0 / 3.0, -1.0 / 4.0, -1.0 / 4.0, 1.0 / 5.0, 1.0 / 5.0,
  -1.0 / 6.0, -1.0 / 6.0, 1.0 / 7.0, 1.0 / 7.0, -1.0 / 8.0, -1.0 / 8.0, 1.0 / 9.0, 1.0 / 9.0,
  -1.0 / 10.0, -1.0 / 10.0, 1.0 / 11.0, 1.0 / 11.0, -1.0 / 12.0, -1.0 / 12.0, 1.0 / 13.0, 1.0 / 13.0,
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

/** Coefficient c_k of the ln(1+f) Taylor series in both lanes (k = 2..13). */
// @ts-ignore: decorator
@inline
function taylor2(k: i32): v128 {
  return v128.load(changetype<usize>(TAYLOR) + (<usize>(k - 2) << 4));
}

/**
 * ln of both lanes when both are within 1/16 of 1 (the usual case for a price ratio), by the
 * Taylor series of ln(1+f) to f^13 (truncation < |f| 2^-52 / 14, so < 1 ulp); otherwise
 * `logNormalF64x2`. Same validity rule as `logNormalF64x2`. Which formula a lane gets depends
 * on the other lane (results may differ by an ulp): use only where each log is taken once.
 */
// @ts-ignore: decorator
@inline
export function logFastF64x2(x: v128): v128 {
  const f = f64x2.sub(x, k2(K_ONE)); // exact for x in [1/2, 2] (Sterbenz)
  if (!i64x2.all_true(f64x2.le(v128.and(f, k2(K_ABS)), k2(K_NEAR_ONE)))) return logNormalF64x2(x);
  // Estrin's scheme (short dependency chains; Horner's 12-deep chain stalls the loop)
  const f2 = f64x2.mul(f, f);
  const f4 = f64x2.mul(f2, f2);
  const f8 = f64x2.mul(f4, f4);
  const p0 = f64x2.add(taylor2(2), f64x2.mul(f, taylor2(3)));
  const p1 = f64x2.add(taylor2(4), f64x2.mul(f, taylor2(5)));
  const p2 = f64x2.add(taylor2(6), f64x2.mul(f, taylor2(7)));
  const p3 = f64x2.add(taylor2(8), f64x2.mul(f, taylor2(9)));
  const p4 = f64x2.add(taylor2(10), f64x2.mul(f, taylor2(11)));
  const p5 = f64x2.add(taylor2(12), f64x2.mul(f, taylor2(13)));
  const q03 = f64x2.add(f64x2.add(p0, f64x2.mul(f2, p1)), f64x2.mul(f4, f64x2.add(p2, f64x2.mul(f2, p3))));
  const q = f64x2.add(q03, f64x2.mul(f8, f64x2.add(p4, f64x2.mul(f2, p5))));
  return f64x2.add(f, f64x2.mul(f2, q));
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

/** ln(x) with the same formula as `logF64x2Safe`. */
export function logScalar(x: f64): f64 {
  return f64x2.extract_lane(logF64x2Safe(f64x2.splat(x)), 0);
}

/**
 * dst[j] = ln(a[j] / b[j]) for j in [0, count): two lanes per step, then a scalar fix-up of
 * any non-positive-normal ratio. Pointers are byte offsets of f64 arrays; dst may alias a or b
 * element for element.
 */
export function logRatios(dstPtr: usize, aPtr: usize, bPtr: usize, count: i32): void {
  let invalid = i64x2.splat(0);
  let j = 0;
  for (; j + 1 < count; j += 2) {
    const off = <usize>j << 3;
    const q = f64x2.div(v128.load(aPtr + off), v128.load(bPtr + off));
    invalid = v128.or(invalid, logInvalidLanes(q));
    v128.store(dstPtr + off, logFastF64x2(q));
  }
  if (v128.any_true(invalid)) {
    for (let i = 0; i < j; i++) {
      const off = <usize>i << 3;
      const q = load<f64>(aPtr + off) / load<f64>(bPtr + off);
      if (!(q >= reinterpret<f64>(0x0010000000000000) && q < Infinity)) store<f64>(dstPtr + off, Math.log(q));
    }
  }
  if (j < count) {
    // odd last point: both lanes the same ratio
    const off = <usize>j << 3;
    store<f64>(dstPtr + off, logScalar(load<f64>(aPtr + off) / load<f64>(bPtr + off)));
  }
}

/**
 * ln of both lanes, any input (Math.log for lanes that are not positive normal). Unlike
 * `logFastF64x2`, a lane's result never depends on the other lane, so equal inputs give equal
 * logs (Rogers-Satchell relies on ln(H/O) - ln(C/O) = 0 exactly when H = C). Has a call: keep
 * out of the hottest loops.
 */
// @ts-ignore: decorator
@inline
export function logF64x2Safe(x: v128): v128 {
  const invalid = logInvalidLanes(x);
  const y = logNormalF64x2(x);
  if (!v128.any_true(invalid)) return y;
  return v128.bitselect(f64x2(Math.log(f64x2.extract_lane(x, 0)), Math.log(f64x2.extract_lane(x, 1))), y, invalid);
}
