// Monte Carlo scenario generation: correlated log-returns x[m][i] = scale[i] * sum_j L[i][j] z[m][j].
//
// z[m][j] = Phi^-1(uniform(seed, scenario m, stream 0, dimension j))   (AS241, one uniform each)
// model 0 (normal):     z as is.
// model 1 (Student-t):  z * sqrt((nu - 2) / W), W ~ chi-square(nu) from stream 1 of scenario m, so
//                       the multivariate t has unit variance per factor (nu > 2).
// Every number of scenario m depends only on (seed, m): any (scenarioStart, count) split of a
// scenario range gives bit-identical rows.
// Cost (W1: 50 factors x 10,000 scenarios, ~11 ms on this machine): Philox ~25 %, AS241 central
// branch ~20 % (f64x2), AS241 tails with log/sqrt ~20 %, triangular mat-vec ~30 %.
//
// Summation order of the triangular mat-vec (fixed, and mirrored by the TS twin): for row i the
// products L[i][j] z[j] with j = c (mod 4) are summed in increasing j into s_c, then
// x = scale[i] * ((s0 + s2) + (s1 + s3)). This is what two f64x2 accumulators compute.
import {
  normalQuantile, philox4x32_10, philox4x32_10x4, philoxV0, philoxV1, philoxV2, philoxV3,
  philoxX0, philoxX1, philoxX2, philoxX3, storeNormalPair, storeNormalPairsX4, uniformFromBits, uniformsFromBitsX2,
} from './random';

/** Stream ids of the counter layout (see random.ts). */
// @ts-ignore: decorator
@inline const STREAM_NORMALS: u32 = 0;
// @ts-ignore: decorator
@inline const STREAM_AUX: u32 = 1;

/** Rejection attempts after which a chi-square draw gives up (NaN); acceptance is > 95 % per try. */
// @ts-ignore: decorator
@inline const MAX_GAMMA_ATTEMPTS: u32 = 1 << 20;

// see: G. Marsaglia, W. W. Tsang, "A simple method for generating gamma variables",
//      ACM TOMS 26(3) (2000) 363-372 (shape a >= 1; here a = nu / 2 > 1).
/**
 * Chi-square(nu) = 2 * Gamma(nu / 2, 1) for scenario m from stream 1: attempt k uses block k
 * (half 0 -> the normal x, half 1 -> the acceptance uniform u). Deterministic per scenario.
 */
export function chiSquareAt(seedLo: u32, seedHi: u32, scenario: u64, nu: f64): f64 {
  const d = nu * 0.5 - 1.0 / 3.0;
  const c = 1.0 / Math.sqrt(9.0 * d);
  const mLo = <u32>scenario;
  const mHi = <u32>(scenario >>> 32);
  for (let k: u32 = 0; k < MAX_GAMMA_ATTEMPTS; k++) {
    philox4x32_10(k, mLo, mHi, STREAM_AUX, seedLo, seedHi);
    const x = normalQuantile(uniformFromBits(philoxX0, philoxX1));
    const u = uniformFromBits(philoxX2, philoxX3);
    let v = 1.0 + c * x;
    if (v <= 0.0) continue;
    v = v * v * v;
    const x2 = x * x;
    if (u < 1.0 - 0.0331 * (x2 * x2)) return 2.0 * (d * v);
    if (Math.log(u) < 0.5 * x2 + d * (1.0 - v + Math.log(v))) return 2.0 * (d * v);
  }
  return NaN;
}

/**
 * Fill row[0..n) (f64 at `rowPtr`) with the standard normals of scenario m, stream 0: four Philox
 * blocks (eight dimensions) per SIMD step, then the rest block by block.
 */
// @ts-ignore: decorator
@inline function fillNormals(seedLo: u32, seedHi: u32, scenario: u64, n: i32, rowPtr: usize): void {
  const mLo = <u32>scenario;
  const mHi = <u32>(scenario >>> 32);
  const pairs = n >>> 1;
  let b = 0;
  for (; b + 4 <= pairs; b += 4) {
    philox4x32_10x4(i32x4(b, b + 1, b + 2, b + 3), mLo, mHi, STREAM_NORMALS, seedLo, seedHi);
    // half 0 (words 0, 1) = even dimension, half 1 (words 2, 3) = odd dimension of each block
    const even01 = uniformsFromBitsX2(philoxV0, philoxV1);
    const odd01 = uniformsFromBitsX2(philoxV2, philoxV3);
    const even23 = uniformsFromBitsX2(i32x4.shuffle(philoxV0, philoxV0, 2, 3, 2, 3), i32x4.shuffle(philoxV1, philoxV1, 2, 3, 2, 3));
    const odd23 = uniformsFromBitsX2(i32x4.shuffle(philoxV2, philoxV2, 2, 3, 2, 3), i32x4.shuffle(philoxV3, philoxV3, 2, 3, 2, 3));
    const p = rowPtr + (<usize>b << 4);
    storeNormalPairsX4(
      f64x2.shuffle(even01, odd01, 0, 2), f64x2.shuffle(even01, odd01, 1, 3),
      f64x2.shuffle(even23, odd23, 0, 2), f64x2.shuffle(even23, odd23, 1, 3), p,
    );
  }
  for (; b < pairs; b++) {
    philox4x32_10(<u32>b, mLo, mHi, STREAM_NORMALS, seedLo, seedHi);
    storeNormalPair(
      f64x2(uniformFromBits(philoxX0, philoxX1), uniformFromBits(philoxX2, philoxX3)),
      rowPtr + (<usize>b << 4),
    );
  }
  if (n & 1) {
    philox4x32_10(<u32>pairs, mLo, mHi, STREAM_NORMALS, seedLo, seedHi);
    store<f64>(rowPtr + (<usize>pairs << 4), normalQuantile(uniformFromBits(philoxX0, philoxX1)));
  }
}

/**
 * In place: row[i] <- scale[i] * sum_{j<=i} L[i][j] row[j], for i from n-1 down to 0 (row i only
 * reads entries j <= i, which are still the inputs). The products are summed in four partial sums
 * s_c over j = c (mod 4), each in increasing j, then x = scale[i] * ((s0 + s2) + (s1 + s3)): two
 * f64x2 accumulators, so no add waits on the previous one.
 */
// @ts-ignore: decorator
@inline function lowerTriangularMatVecInPlace(n: i32, cholPtr: usize, scalePtr: usize, rowPtr: usize): void {
  for (let i = n - 1; i >= 0; i--) {
    const lRow = cholPtr + (<usize>i * <usize>n << 3);
    const len = i + 1;
    let acc01 = f64x2.splat(0.0);
    let acc23 = f64x2.splat(0.0);
    let j = 0;
    for (; j + 3 < len; j += 4) {
      const off = <usize>j << 3;
      acc01 = f64x2.add(acc01, f64x2.mul(v128.load(lRow + off), v128.load(rowPtr + off)));
      acc23 = f64x2.add(acc23, f64x2.mul(v128.load(lRow + off, 16), v128.load(rowPtr + off, 16)));
    }
    let s0 = f64x2.extract_lane(acc01, 0);
    let s1 = f64x2.extract_lane(acc01, 1);
    let s2 = f64x2.extract_lane(acc23, 0);
    const s3 = f64x2.extract_lane(acc23, 1);
    // remaining 0..3 products: j = 4k, 4k + 1, 4k + 2
    if (j < len) s0 += load<f64>(lRow + (<usize>j << 3)) * load<f64>(rowPtr + (<usize>j << 3));
    if (j + 1 < len) s1 += load<f64>(lRow + (<usize>j << 3), 8) * load<f64>(rowPtr + (<usize>j << 3), 8);
    if (j + 2 < len) s2 += load<f64>(lRow + (<usize>j << 3), 16) * load<f64>(rowPtr + (<usize>j << 3), 16);
    store<f64>(rowPtr + (<usize>i << 3), load<f64>(scalePtr + (<usize>i << 3)) * ((s0 + s2) + (s1 + s3)));
  }
}

/**
 * Scenario log-returns for scenarios scenarioStart .. scenarioStart + count - 1.
 *
 * @param seedLo, seedHi  Philox key (low / high 32 bits of the seed)
 * @param nFactors        N underlyings
 * @param cholPtr         L: N x N lower-triangular Cholesky factor of the correlation, row-major f64
 *                        (the upper triangle is never read)
 * @param scalePtr        scale[i] = sqrt(h) * vol_i / sqrt(365): per-factor horizon stdev, f64[N]
 * @param model           0 = normal, 1 = Student-t with `dof` > 2 (unit variance)
 * @param outPtr          f64[count * N], scenario-major: out[(m - scenarioStart) * N + i]
 */
export function scenarioReturns(
  seedLo: u32, seedHi: u32, scenarioStart: i32, count: i32, nFactors: i32,
  cholPtr: usize, scalePtr: usize, model: i32, dof: f64, outPtr: usize,
): void {
  const rowBytes = <usize>nFactors << 3;
  for (let r = 0; r < count; r++) {
    const scenario = <u64>scenarioStart + <u64>r;
    const rowPtr = outPtr + <usize>r * rowBytes;
    fillNormals(seedLo, seedHi, scenario, nFactors, rowPtr);
    if (model == 1) {
      const g = Math.sqrt((dof - 2.0) / chiSquareAt(seedLo, seedHi, scenario, dof));
      for (let j = 0; j < nFactors; j++) {
        const p = rowPtr + (<usize>j << 3);
        store<f64>(p, load<f64>(p) * g);
      }
    }
    lowerTriangularMatVecInPlace(nFactors, cholPtr, scalePtr, rowPtr);
  }
}
