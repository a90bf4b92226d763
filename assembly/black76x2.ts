// Two lanes at a time (f64x2): exp of a non-positive argument and the normal CDF given its
// exponential, for revaluing an option in two scenarios at once: Cody's (1969) rationals as in the
// scalar normalCdfGivenExp, each lane taking the rational of its own range. Polynomials run by
// Estrin's scheme (Knuth, TAOCP vol. 2, 4.6.4): Horner's single chain of dependent multiply-adds
// would leave the core waiting on latency.

// Constants: LOG2E = log2(e); LN2_HI + LN2_LO = ln 2 split as in fdlibm (LN2_HI has 32 trailing
// zero bits, so k * LN2_HI is exact for |k| < 2^20); EXP_FLOOR: exp below it is taken at it (it
// scales CDF tails that vanish against 1 there); EXP_BIAS: the double exponent bias, TWO_52 = 2^52;
// SQRT1_2 = 1 / sqrt 2, INV_SQRT_PI = 1 / sqrt(pi); FAR_FROM, UNDERFLOW_FROM, CENTRAL_TO: the
// bounds of Cody's ranges in y = |x| / sqrt 2.

/**
 * The constants of this file as f64x2 pairs in static memory, read with one load each: a splat
 * constant inside a loop is rebuilt from an immediate on every use by V8 (three instructions).
 */
const CONSTANTS = memory.data<f64>([
  -708.0, -708.0, // EXP_FLOOR
  1.4426950408889634074, 1.4426950408889634074, // LOG2E
  6.93147180369123816490e-01, 6.93147180369123816490e-01, // LN2_HI
  1.90821492927058770002e-10, 1.90821492927058770002e-10, // LN2_LO
  1.6059043836821613e-10, 1.6059043836821613e-10,
  2.08767569878681e-9, 2.08767569878681e-9,
  2.505210838544172e-8, 2.505210838544172e-8,
  2.755731922398589e-7, 2.755731922398589e-7,
  2.7557319223985893e-6, 2.7557319223985893e-6,
  2.48015873015873e-5, 2.48015873015873e-5,
  1.984126984126984e-4, 1.984126984126984e-4,
  1.388888888888889e-3, 1.388888888888889e-3,
  8.333333333333333e-3, 8.333333333333333e-3,
  4.1666666666666664e-2, 4.1666666666666664e-2,
  0.16666666666666666, 0.16666666666666666,
  0.5, 0.5, // HALF
  1.0, 1.0, // ONE
  1023.0, 1023.0, // EXP_BIAS
  2.15311535474403846e-8, 2.15311535474403846e-8,
  0.564188496988670089, 0.564188496988670089,
  8.88314979438837594, 8.88314979438837594,
  66.1191906371416295, 66.1191906371416295,
  298.635138197400131, 298.635138197400131,
  881.952221241769090, 881.952221241769090,
  1712.04761263407058, 1712.04761263407058,
  2051.07837782607147, 2051.07837782607147,
  1230.33935479799725, 1230.33935479799725,
  15.7449261107098347, 15.7449261107098347,
  117.693950891312499, 117.693950891312499,
  537.181101862009858, 537.181101862009858,
  1621.38957456669019, 1621.38957456669019,
  3290.79923573345963, 3290.79923573345963,
  4362.61909014324716, 4362.61909014324716,
  3439.36767414372164, 3439.36767414372164,
  1230.33935480374942, 1230.33935480374942,
  0.0163153871373020978, 0.0163153871373020978,
  0.305326634961232344, 0.305326634961232344,
  0.360344899949804439, 0.360344899949804439,
  0.125781726111229246, 0.125781726111229246,
  0.0160837851487422766, 0.0160837851487422766,
  6.58749161529837803e-4, 6.58749161529837803e-4,
  2.56852019228982242, 2.56852019228982242,
  1.87295284992346047, 1.87295284992346047,
  0.527905102951428412, 0.527905102951428412,
  0.0605183413124413191, 0.0605183413124413191,
  0.00233520497626869185, 0.00233520497626869185,
  0.56418958354775628695, 0.56418958354775628695, // INV_SQRT_PI
  0.185777706184603153, 0.185777706184603153,
  3.16112374387056560, 3.16112374387056560,
  113.864154151050156, 113.864154151050156,
  377.485237685302021, 377.485237685302021,
  3209.37758913846947, 3209.37758913846947,
  23.6012909523441209, 23.6012909523441209,
  244.024637934444173, 244.024637934444173,
  1282.61652607737228, 1282.61652607737228,
  2844.23683343917062, 2844.23683343917062,
  0.70710678118654752440, 0.70710678118654752440, // SQRT1_2
  4.0, 4.0, // FAR_FROM
  27.3, 27.3, // UNDERFLOW_FROM
  0.0, 0.0, // ZERO
  0.46875, 0.46875, // CENTRAL_TO
  4503599627370496.0, 4503599627370496.0, // TWO_52
]);

/** Constant slot i as an f64x2. */
/** Slots of the constants used by name (the others are polynomial coefficients, in order). */
// @ts-ignore: decorator
@inline const EXP_FLOOR: i32 = 0;
// @ts-ignore: decorator
@inline const LOG2E: i32 = 1;
// @ts-ignore: decorator
@inline const LN2_HI: i32 = 2;
// @ts-ignore: decorator
@inline const LN2_LO: i32 = 3;
// @ts-ignore: decorator
@inline const HALF: i32 = 15;
// @ts-ignore: decorator
@inline const ONE: i32 = 16;
// @ts-ignore: decorator
@inline const EXP_BIAS: i32 = 17;
// @ts-ignore: decorator
@inline const INV_SQRT_PI: i32 = 46;
// @ts-ignore: decorator
@inline const SQRT1_2: i32 = 56;
// @ts-ignore: decorator
@inline const FAR_FROM: i32 = 57;
// @ts-ignore: decorator
@inline const UNDERFLOW_FROM: i32 = 58;
// @ts-ignore: decorator
@inline const ZERO: i32 = 59;
// @ts-ignore: decorator
@inline const CENTRAL_TO: i32 = 60;
// @ts-ignore: decorator
@inline const TWO_52: i32 = 61;

// @ts-ignore: decorator
@inline function K(i: i32): v128 {
  return v128.load(CONSTANTS + (<usize>i << 4));
}

// see: W. J. Cody, W. Waite, "Software Manual for the Elementary Functions" (1980), ch. 6:
//      x = k ln 2 + r with |r| <= ln(2) / 2, exp(x) = 2^k exp(r).
/**
 * exp(x) for x <= 0 in both lanes (x below -708 is taken as -708). exp(r) is its Taylor series to
 * r^13 (remainder < 5e-18 relative for |r| <= 0.347), by Estrin's scheme; 2^k goes straight into
 * the exponent bits.
 * Accuracy (test/montecarlo/black76.test.ts): within 2 ulp of the correctly rounded value.
 */
// @ts-ignore: decorator
@inline export function expNonPositiveX2(x: v128): v128 {
  x = f64x2.pmax(x, K(EXP_FLOOR)); // pmax: one instruction; x < floor ? floor : x (a NaN x stays NaN)
  const k = f64x2.nearest(f64x2.mul(x, K(LOG2E)));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(k, K(LN2_HI))), f64x2.mul(k, K(LN2_LO)));
  // Estrin's scheme (short dependency chains): c0 + c1 r + ... + c13 r^13, c_i = 1 / i!
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const r8 = f64x2.mul(r4, r4);
  const q0 = f64x2.add(K(ONE), f64x2.mul(K(ONE), r)); // 1 + r
  const q1 = f64x2.add(K(HALF), f64x2.mul(K(14), r)); // 1/2! + r/3!
  const q2 = f64x2.add(K(13), f64x2.mul(K(12), r)); // 1/4!, 1/5!
  const q3 = f64x2.add(K(11), f64x2.mul(K(10), r)); // 1/6!, 1/7!
  const q4 = f64x2.add(K(9), f64x2.mul(K(8), r)); // 1/8!, 1/9!
  const q5 = f64x2.add(K(7), f64x2.mul(K(6), r)); // 1/10!, 1/11!
  const q6 = f64x2.add(K(5), f64x2.mul(K(4), r)); // 1/12!, 1/13!
  const s0 = f64x2.add(q0, f64x2.mul(q1, r2));
  const s1 = f64x2.add(q2, f64x2.mul(q3, r2));
  const s2 = f64x2.add(q4, f64x2.mul(q5, r2));
  const t0 = f64x2.add(s0, f64x2.mul(s1, r4));
  const t1 = f64x2.add(s2, f64x2.mul(q6, r4));
  const p = f64x2.add(t0, f64x2.mul(t1, r8));
  // 2^k for k in [-1022, 0]: (k + 1023) << 52 as the bits of a double. Adding 2^52 puts the
  // integer k + 1023 in the low mantissa bits (a shift instead of a float-to-int conversion)
  const biased = f64x2.add(f64x2.add(k, K(EXP_BIAS)), K(TWO_52));
  return f64x2.mul(p, i64x2.shl(biased, 52));
}

/** Cody's range 2 (0.46875 < y <= 4): erfc(y) = exp(-y^2) P(y) / Q(y), P and Q by Estrin's scheme. */
// @ts-ignore: decorator
@inline function erfcRatioNear(y: v128): v128 {
  const y2 = f64x2.mul(y, y);
  const y4 = f64x2.mul(y2, y2);
  const y8 = f64x2.mul(y4, y4);
  const p = degree8(y, y2, y4, y8, K(26), K(25), K(24), K(23), K(22), K(21), K(20), K(19), K(18));
  const q = degree8(y, y2, y4, y8, K(34), K(33), K(32), K(31), K(30), K(29), K(28), K(27), K(ONE));
  return f64x2.div(p, q);
}

/** c0 + c1 y + ... + c8 y^8 by Estrin's scheme (y2, y4, y8: the powers of y). */
// @ts-ignore: decorator
@inline function degree8(
  y: v128, y2: v128, y4: v128, y8: v128, c0: v128, c1: v128, c2: v128, c3: v128, c4: v128, c5: v128, c6: v128, c7: v128, c8: v128,
): v128 {
  const a = f64x2.add(c0, f64x2.mul(c1, y));
  const b = f64x2.add(c2, f64x2.mul(c3, y));
  const c = f64x2.add(c4, f64x2.mul(c5, y));
  const d = f64x2.add(c6, f64x2.mul(c7, y));
  const ab = f64x2.add(a, f64x2.mul(b, y2));
  const cd = f64x2.add(c, f64x2.mul(d, y2));
  return f64x2.add(f64x2.add(ab, f64x2.mul(cd, y4)), f64x2.mul(c8, y8));
}

/** Cody's range 3 (y > 4): erfc(y) = exp(-y^2) (1/sqrt(pi) - w P(w) / Q(w)) / y, w = 1 / y^2. */
// @ts-ignore: decorator
@inline function erfcRatioFar(y: v128): v128 {
  const w = f64x2.div(K(ONE), f64x2.mul(y, y));
  let p = K(35);
  p = f64x2.add(f64x2.mul(p, w), K(36));
  p = f64x2.add(f64x2.mul(p, w), K(37));
  p = f64x2.add(f64x2.mul(p, w), K(38));
  p = f64x2.add(f64x2.mul(p, w), K(39));
  p = f64x2.add(f64x2.mul(p, w), K(40));
  let q = f64x2.add(w, K(41));
  q = f64x2.add(f64x2.mul(q, w), K(42));
  q = f64x2.add(f64x2.mul(q, w), K(43));
  q = f64x2.add(f64x2.mul(q, w), K(44));
  q = f64x2.add(f64x2.mul(q, w), K(45));
  const r = f64x2.div(f64x2.mul(w, p), q);
  return f64x2.div(f64x2.sub(K(INV_SQRT_PI), r), y);
}

/** Cody's range 1 (y <= 0.46875): N(x) = 1/2 + erf(x / sqrt 2) / 2, erf(y) = y P(y^2) / Q(y^2). */
// @ts-ignore: decorator
@inline function normalCdfCentralX2(x: v128, y: v128): v128 {
  const z = f64x2.mul(y, y);
  let p = K(47);
  p = f64x2.add(f64x2.mul(p, z), K(48));
  p = f64x2.add(f64x2.mul(p, z), K(49));
  p = f64x2.add(f64x2.mul(p, z), K(50));
  p = f64x2.add(f64x2.mul(p, z), K(51));
  let q = f64x2.add(z, K(52));
  q = f64x2.add(f64x2.mul(q, z), K(53));
  q = f64x2.add(f64x2.mul(q, z), K(54));
  q = f64x2.add(f64x2.mul(q, z), K(55));
  const erf = f64x2.div(f64x2.mul(f64x2.mul(x, K(SQRT1_2)), p), q);
  return f64x2.add(K(HALF), f64x2.mul(K(HALF), erf));
}

/**
 * N(x) in both lanes given e = exp(-x^2 / 2): each lane uses the range of its y = |x| / sqrt 2
 * (the rationals of the scalar normalCdfGivenExp; the longest, range 2, by Estrin's scheme).
 * Ranges no lane needs are skipped; a lane's result never depends on the other lane.
 */
// @ts-ignore: decorator
@inline export function normalCdfGivenExpX2(x: v128, e: v128): v128 {
  const y = f64x2.mul(f64x2.abs(x), K(SQRT1_2));
  const far = f64x2.gt(y, K(FAR_FROM));
  let r = erfcRatioNear(y);
  let e2 = e;
  if (v128.any_true(far)) {
    r = v128.bitselect(erfcRatioFar(y), r, far);
    e2 = v128.andnot(e, f64x2.ge(y, K(UNDERFLOW_FROM))); // 0.5 erfc(27.3) underflows: an exact 0 tail
  }
  const tail = f64x2.mul(K(HALF), f64x2.mul(e2, r));
  let n = v128.bitselect(tail, f64x2.sub(K(ONE), tail), f64x2.lt(x, K(ZERO)));
  const central = f64x2.le(y, K(CENTRAL_TO));
  if (v128.any_true(central)) n = v128.bitselect(normalCdfCentralX2(x, y), n, central);
  return n;
}
