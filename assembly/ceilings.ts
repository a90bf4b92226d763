// Machine ceilings for the benchmarks: how fast this machine streams memory and does SIMD arithmetic
// in Wasm, so each hot kernel's speed can be shown as a fraction of what is possible here.

/** Sum of n f64 at ptr with four f64x2 accumulators: bound by memory bandwidth for large n. */
export function ceilingStream(ptr: usize, n: i32): f64 {
  let a = f64x2.splat(0);
  let b = f64x2.splat(0);
  let c = f64x2.splat(0);
  let d = f64x2.splat(0);
  const end = ptr + ((<usize>n & ~7) << 3);
  for (let p = ptr; p < end; p += 64) {
    a = f64x2.add(a, v128.load(p));
    b = f64x2.add(b, v128.load(p + 16));
    c = f64x2.add(c, v128.load(p + 32));
    d = f64x2.add(d, v128.load(p + 48));
  }
  const s = f64x2.add(f64x2.add(a, b), f64x2.add(c, d));
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}

/** `iterations` rounds of a multiply and an add on eight independent f64x2 chains: 32 flops a round. */
export function ceilingArithmetic(iterations: i32): f64 {
  const m = f64x2.splat(0.999999);
  const k = f64x2.splat(1e-7);
  let x0 = f64x2.splat(1.0);
  let x1 = f64x2.splat(1.1);
  let x2 = f64x2.splat(1.2);
  let x3 = f64x2.splat(1.3);
  let x4 = f64x2.splat(1.4);
  let x5 = f64x2.splat(1.5);
  let x6 = f64x2.splat(1.6);
  let x7 = f64x2.splat(1.7);
  for (let i = 0; i < iterations; i++) {
    x0 = f64x2.add(f64x2.mul(x0, m), k);
    x1 = f64x2.add(f64x2.mul(x1, m), k);
    x2 = f64x2.add(f64x2.mul(x2, m), k);
    x3 = f64x2.add(f64x2.mul(x3, m), k);
    x4 = f64x2.add(f64x2.mul(x4, m), k);
    x5 = f64x2.add(f64x2.mul(x5, m), k);
    x6 = f64x2.add(f64x2.mul(x6, m), k);
    x7 = f64x2.add(f64x2.mul(x7, m), k);
  }
  const s = f64x2.add(f64x2.add(f64x2.add(x0, x1), f64x2.add(x2, x3)), f64x2.add(f64x2.add(x4, x5), f64x2.add(x6, x7)));
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}
