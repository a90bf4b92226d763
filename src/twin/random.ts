/**
 * Plain-TS twin of `assembly/random.ts`: Philox4x32-10, uniforms in (0,1) and AS241 normals.
 *
 * Same stream layout and operation order as the Wasm kernels (see the header of
 * `assembly/random.ts`): key = (seedLo32, seedHi32), counter = (blockIndex, scenarioLo32,
 * scenarioHi32, streamId); dimension d uses block d >> 1, half d & 1; u = ((bits >>> 12) + 0.5) * 2^-52.
 * Philox and the uniforms are bit-identical to Wasm; the normals too except where the host's
 * `Math.log` differs from AssemblyScript's in the last bit (tails only, |p - 0.5| > 0.425).
 */

/** Stream ids of the counter layout. */
export const STREAM_NORMALS = 0;
export const STREAM_AUX = 1;
export const STREAM_BOOTSTRAP = 2;

// Philox4x32 multipliers and Weyl key increments (Random123 philox.h).
const PHILOX_M0 = 0xd2511f53;
const PHILOX_M1 = 0xcd9e8d57;
const PHILOX_W0 = 0x9e3779b9; // golden ratio
const PHILOX_W1 = 0xbb67ae85; // sqrt(3) - 1
const TWO_POW_M52 = 2.220446049250313e-16; // 2^-52
const TWO_POW_20 = 1048576;
const TWO_POW_32 = 4294967296;

/** High 32 bits of the 64-bit product of two uint32 (exact: 16-bit split keeps every part < 2^53). */
function mulHi32(a: number, b: number): number {
  const pLo = (a & 0xffff) * b;
  const pHi = (a >>> 16) * b;
  return Math.floor((pHi + Math.floor(pLo / 65536)) / 65536);
}

/** Output words of the last `philox4x32_10` call (uint32 each). */
export const philoxOut = new Uint32Array(4);

/**
 * Philox4x32-10 block function (Salmon et al. 2011); writes the 4 output words to `out`
 * (default `philoxOut`) and returns it.
 * @example philox4x32_10(0, 0, 0, 0, 0, 0) // Uint32Array [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]
 */
export function philox4x32_10(
  c0: number, c1: number, c2: number, c3: number, k0: number, k1: number,
  out: Uint32Array = philoxOut,
): Uint32Array {
  let x0 = c0 >>> 0;
  let x1 = c1 >>> 0;
  let x2 = c2 >>> 0;
  let x3 = c3 >>> 0;
  k0 >>>= 0;
  k1 >>>= 0;
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      k0 = (k0 + PHILOX_W0) >>> 0;
      k1 = (k1 + PHILOX_W1) >>> 0;
    }
    const hi0 = mulHi32(x0, PHILOX_M0);
    const lo0 = Math.imul(x0, PHILOX_M0) >>> 0;
    const hi1 = mulHi32(x2, PHILOX_M1);
    const lo1 = Math.imul(x2, PHILOX_M1) >>> 0;
    x0 = (hi1 ^ x1 ^ k0) >>> 0;
    x1 = lo1;
    x2 = (hi0 ^ x3 ^ k1) >>> 0;
    x3 = lo0;
  }
  out[0] = x0;
  out[1] = x1;
  out[2] = x2;
  out[3] = x3;
  return out;
}

/** Uniform in (0,1) from the 64-bit integer (lo, hi): ((bits >>> 12) + 0.5) * 2^-52, exact. */
export function uniformFromBits(lo: number, hi: number): number {
  return (hi * TWO_POW_20 + (lo >>> 12) + 0.5) * TWO_POW_M52;
}

/** The Philox key words of a seed; `seed` must be a non-negative safe integer. */
export function seedWords(seed: number): [lo: number, hi: number] {
  return [seed % TWO_POW_32 >>> 0, Math.floor(seed / TWO_POW_32)];
}

/** Uniform number `dim` of (seed, scenario, stream). */
export function uniformAt(seedLo: number, seedHi: number, scenario: number, stream: number, dim: number): number {
  const w = philox4x32_10(dim >>> 1, scenario % TWO_POW_32 >>> 0, Math.floor(scenario / TWO_POW_32), stream, seedLo, seedHi);
  return (dim & 1) === 0 ? uniformFromBits(w[0], w[1]) : uniformFromBits(w[2], w[3]);
}

/** Twin of the Wasm `uniforms` test kernel: `out.length` uniforms for dimensions dimStart... */
export function uniforms(seed: number, scenario: number, stream: number, dimStart: number, out: Float64Array): void {
  const [lo, hi] = seedWords(seed);
  for (let i = 0; i < out.length; i++) out[i] = uniformAt(lo, hi, scenario, stream, dimStart + i);
}

// see: M. J. Wichura, "Algorithm AS 241: The percentage points of the normal distribution",
//      Applied Statistics 37 (1988) 477-484, PPND16 (about 1e-16 relative).
/**
 * Standard normal quantile Phi^-1(p): -Infinity at 0, +Infinity at 1, NaN outside [0,1].
 * @example normalQuantile(0.975) // 1.959963984540054
 */
export function normalQuantile(p: number): number {
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
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    return NaN;
  }
  let r = q < 0 ? p : 1.0 - p;
  r = Math.sqrt(-Math.log(r));
  let z: number;
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
  return q < 0 ? -z : z;
}

/** Twin of the Wasm `normalQuantileBatch` kernel. */
export function normalQuantileBatch(p: Float64Array, out: Float64Array): void {
  for (let i = 0; i < p.length; i++) out[i] = normalQuantile(p[i]);
}
