// Black-76 prices and Greeks of European options on a forward/future, and the normal CDF they use.
//
// see: F. Black, "The pricing of commodity contracts", J. Financial Economics 3 (1976) 167-179;
//      Greeks as in E. G. Haug, "The Complete Guide to Option Pricing Formulas", 2nd ed. (2007), 1.2.
//
//   d1 = (ln(F/K) + sigma^2 T / 2) / (sigma sqrt T),  d2 = d1 - sigma sqrt T
//   call = D (F N(d1) - K N(d2)),   put = D (K N(-d2) - F N(-d1))
//
// Units: F, K in price units; T in years; sigma per 1.00 = 100 % annual vol; D = discount factor
// to expiry (exp(-r T); crypto venues usually use D = 1).
//   delta = dV/dF                  call D N(d1), put -D N(-d1)
//   gamma = d2V/dF2                D n(d1) / (F sigma sqrt T)
//   vega  = dV/dsigma per 1.00 vol D F n(d1) sqrt T           (per vol point: / 100)
//   theta = dV/dt per year         -D F n(d1) sigma / (2 sqrt T)  (per calendar day: / 365)
// theta is the time decay with D held fixed (D is an input, not a rate): with D = exp(-rT) the
// full Haug theta adds r * price.
// Degenerate inputs: T <= 0 or sigma <= 0 give intrinsic value D max(+-(F - K), 0), delta
// D * step (1/2 at F = K), and gamma = vega = theta = 0. Requires F > 0 and K > 0 (the host
// validates; other values give NaN or limiting values).

// @ts-ignore: decorator
@inline const SQRT1_2: f64 = 0.70710678118654752440; // 1 / sqrt(2)
// @ts-ignore: decorator
@inline const INV_SQRT_2PI: f64 = 0.39894228040143267794; // 1 / sqrt(2 pi)
// @ts-ignore: decorator
@inline const INV_SQRT_PI: f64 = 0.56418958354775628695; // 1 / sqrt(pi)

// see: W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23
//      (1969) 631-638; coefficients of Netlib SPECFUN CALERF.
/**
 * Standard normal CDF N(x) = erfc(-x / sqrt 2) / 2 with Cody's erf/erfc rational approximations.
 * exp(-x^2/2) is formed from x itself (x = xs + dx with xs on a 1/16 grid, so xs^2 is exact), not
 * from the rounded x / sqrt 2, so the lower tail keeps its relative accuracy. Measured against
 * mpmath (test/fixtures/mc_normal.json): <= 7e-16 relative for x >= -37 (the normal-double range);
 * subnormal below (only absolute accuracy), exactly 0 below -38.6, rounds to 1 above ~8.3.
 */
// @ts-ignore: decorator
@inline export function normalCdf(x: f64): f64 {
  const y = Math.abs(x) * SQRT1_2;
  if (y <= ERF_CENTRAL) return normalCdfCentral(x);
  // exp(-x^2/2) with x = xs + dx, xs on a 1/16 grid: x^2 / 2 = (xs^2 + (x - xs)(x + xs)) / 2
  const ax = Math.abs(x);
  const xs = Math.floor(ax * 16.0) * 0.0625;
  return normalCdfGivenExp(x, Math.exp(-0.5 * (xs * xs)) * Math.exp(-0.5 * ((ax - xs) * (ax + xs))));
}

/** |x| / sqrt 2 up to which N(x) comes from erf (Cody's first range), with no exponential. */
// @ts-ignore: decorator
@inline export const ERF_CENTRAL: f64 = 0.46875;

/** N(x) for |x| / sqrt 2 <= ERF_CENTRAL: 1/2 + erf(x / sqrt 2) / 2, erf(y) = y P(y^2) / Q(y^2). */
// @ts-ignore: decorator
@inline function normalCdfCentral(x: f64): f64 {
  const y = Math.abs(x) * SQRT1_2;
  const z = y * y;
  const erf = x * SQRT1_2 *
    ((((0.185777706184603153 * z + 3.16112374387056560) * z + 113.864154151050156) * z +
      377.485237685302021) * z + 3209.37758913846947) /
    ((((z + 23.6012909523441209) * z + 244.024637934444173) * z + 1282.61652607737228) * z +
      2844.23683343917062);
  return 0.5 + 0.5 * erf;
}

/**
 * N(x) given e = exp(-x^2 / 2) (ignored in the central range), so callers can share or split the
 * exponential: the tails are erfc(y) / 2 = e r(y) / 2 with Cody's rational r for y = |x| / sqrt 2.
 */
// @ts-ignore: decorator
@inline export function normalCdfGivenExp(x: f64, e: f64): f64 {
  const y = Math.abs(x) * SQRT1_2;
  if (y <= ERF_CENTRAL) return normalCdfCentral(x);
  let r: f64;
  if (y <= 4.0) {
    r = (((((((2.15311535474403846e-8 * y + 0.564188496988670089) * y + 8.88314979438837594) * y +
      66.1191906371416295) * y + 298.635138197400131) * y + 881.952221241769090) * y +
      1712.04761263407058) * y + 2051.07837782607147) * y + 1230.33935479799725;
    r /= (((((((y + 15.7449261107098347) * y + 117.693950891312499) * y + 537.181101862009858) * y +
      1621.38957456669019) * y + 3290.79923573345963) * y + 4362.61909014324716) * y +
      3439.36767414372164) * y + 1230.33935480374942;
  } else {
    if (y >= 27.3) return x < 0.0 ? 0.0 : 1.0; // 0.5 erfc(27.3) underflows
    const w = 1.0 / (y * y);
    r = w * (((((0.0163153871373020978 * w + 0.305326634961232344) * w + 0.360344899949804439) * w +
      0.125781726111229246) * w + 0.0160837851487422766) * w + 6.58749161529837803e-4) /
      (((((w + 2.56852019228982242) * w + 1.87295284992346047) * w + 0.527905102951428412) * w +
        0.0605183413124413191) * w + 0.00233520497626869185);
    r = (INV_SQRT_PI - r) / y;
  }
  const tail = 0.5 * (e * r);
  return x < 0.0 ? tail : 1.0 - tail;
}

/** Standard normal density n(x) = exp(-x^2/2) / sqrt(2 pi). */
// @ts-ignore: decorator
@inline export function normalPdf(x: f64): f64 {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/** Black-76 price. */
// @ts-ignore: decorator
@inline export function black76Price(f: f64, k: f64, t: f64, sigma: f64, isCall: bool, discount: f64): f64 {
  if (!(t > 0.0 && sigma > 0.0)) {
    return discount * (isCall ? Math.max(f - k, 0.0) : Math.max(k - f, 0.0));
  }
  const sd = sigma * Math.sqrt(t);
  const d1 = (Math.log(f / k) + 0.5 * sd * sd) / sd;
  const d2 = d1 - sd;
  return isCall
    ? discount * (f * normalCdf(d1) - k * normalCdf(d2))
    : discount * (k * normalCdf(-d2) - f * normalCdf(-d1));
}

/** Results of `black76Greeks` (per instance globals: no allocation). */
export let b76Price: f64 = 0;
export let b76Delta: f64 = 0;
export let b76Gamma: f64 = 0;
export let b76Vega: f64 = 0;
export let b76Theta: f64 = 0;

/** Price and Greeks in one pass; results in b76Price, b76Delta, b76Gamma, b76Vega, b76Theta. */
// @ts-ignore: decorator
@inline export function black76Greeks(f: f64, k: f64, t: f64, sigma: f64, isCall: bool, discount: f64): void {
  if (!(t > 0.0 && sigma > 0.0)) {
    const itm = isCall ? f - k : k - f;
    b76Price = discount * Math.max(itm, 0.0);
    const step = f > k ? 1.0 : f < k ? 0.0 : f == k ? 0.5 : NaN;
    b76Delta = discount * (isCall ? step : step - 1.0);
    b76Gamma = 0.0;
    b76Vega = 0.0;
    b76Theta = 0.0;
    return;
  }
  const sqrtT = Math.sqrt(t);
  const sd = sigma * sqrtT;
  const d1 = (Math.log(f / k) + 0.5 * sd * sd) / sd;
  const d2 = d1 - sd;
  const dn1 = discount * normalPdf(d1);
  if (isCall) {
    const nd1 = normalCdf(d1);
    b76Price = discount * (f * nd1 - k * normalCdf(d2));
    b76Delta = discount * nd1;
  } else {
    const nmd1 = normalCdf(-d1);
    b76Price = discount * (k * normalCdf(-d2) - f * nmd1);
    b76Delta = -discount * nmd1;
  }
  b76Gamma = dn1 / (f * sd);
  b76Vega = dn1 * f * sqrtT;
  b76Theta = -dn1 * f * sigma / (2.0 * sqrtT);
}

/**
 * Batch Black-76: for i < n, price and Greeks of option i into the five output f64 arrays.
 * Inputs f64[n] at fPtr, kPtr, tPtr, sigmaPtr; isCallPtr i32[n] (non-zero = call).
 */
export function black76Batch(
  n: i32, fPtr: usize, kPtr: usize, tPtr: usize, sigmaPtr: usize, isCallPtr: usize, discount: f64,
  outPricePtr: usize, outDeltaPtr: usize, outGammaPtr: usize, outVegaPtr: usize, outThetaPtr: usize,
): void {
  for (let i = 0; i < n; i++) {
    const off = <usize>i << 3;
    black76Greeks(
      load<f64>(fPtr + off), load<f64>(kPtr + off), load<f64>(tPtr + off), load<f64>(sigmaPtr + off),
      load<i32>(isCallPtr + (<usize>i << 2)) != 0, discount,
    );
    store<f64>(outPricePtr + off, b76Price);
    store<f64>(outDeltaPtr + off, b76Delta);
    store<f64>(outGammaPtr + off, b76Gamma);
    store<f64>(outVegaPtr + off, b76Vega);
    store<f64>(outThetaPtr + off, b76Theta);
  }
}

/** N(x) of `n` f64 at `xPtr` into `outPtr` (tests). */
export function normalCdfBatch(n: i32, xPtr: usize, outPtr: usize): void {
  for (let i = 0; i < n; i++) {
    const off = <usize>i << 3;
    store<f64>(outPtr + off, normalCdf(load<f64>(xPtr + off)));
  }
}
