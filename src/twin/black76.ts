/**
 * Plain-TS twin of `assembly/black76.ts`: Black-76 price and Greeks, and the normal CDF.
 *
 * Formulas, units and degenerate cases are documented in `assembly/black76.ts`; in short:
 * vega per 1.00 vol (per vol point: / 100), theta per year with the discount factor held fixed
 * (per calendar day: / 365), T <= 0 or sigma <= 0 give intrinsic value.
 */

/** Inputs of `black76` (Wasm method and twin): arrays of equal length n. */
export interface Black76Inputs {
  /** Forward / futures price F > 0. */
  forward: Float64Array;
  /** Strike K > 0. */
  strike: Float64Array;
  /** Time to expiry in years. */
  timeYears: Float64Array;
  /** Annual volatility (0.5 = 50 %). */
  vol: Float64Array;
  /** Non-zero = call, 0 = put. */
  isCall: Int32Array;
  /** Discount factor to expiry, the same for all options (exp(-r T); 1 for undiscounted). */
  discount: number;
}

/** Outputs of `black76`: arrays of length >= n. */
export interface Black76Outputs {
  price: Float64Array;
  /** dV/dF */
  delta: Float64Array;
  /** d2V/dF2 */
  gamma: Float64Array;
  /** dV/dsigma per 1.00 vol */
  vega: Float64Array;
  /** dV/dt per year (discount factor held fixed) */
  theta: Float64Array;
}

/** Checks that all input arrays have one length n and outputs hold n; returns n. */
export function checkBlack76Arrays(inputs: Black76Inputs, out: Black76Outputs): number {
  const n = inputs.forward.length;
  for (const [name, arr] of Object.entries({
    strike: inputs.strike, timeYears: inputs.timeYears, vol: inputs.vol, isCall: inputs.isCall,
  })) {
    if (arr.length !== n) throw new RangeError(`black76: ${name} has ${arr.length} entries, forward has ${n}`);
  }
  for (const [name, arr] of Object.entries(out)) {
    if ((arr as Float64Array).length < n) throw new RangeError(`black76: out.${name} has ${(arr as Float64Array).length} entries, needs ${n}`);
  }
  return n;
}

const SQRT1_2 = 0.7071067811865476; // 1 / sqrt(2)
const INV_SQRT_2PI = 0.3989422804014327; // 1 / sqrt(2 pi)
const INV_SQRT_PI = 0.5641895835477563; // 1 / sqrt(pi)

// see: W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23
//      (1969) 631-638; coefficients of Netlib SPECFUN CALERF.
/**
 * Standard normal CDF N(x) (accuracy: see `assembly/black76.ts`).
 * @example normalCdf(-1.959963984540054) // 0.024999999999999994
 */
export function normalCdf(x: number): number {
  if (Math.abs(x) * SQRT1_2 <= ERF_CENTRAL) return normalCdfCentral(x);
  const ax = Math.abs(x);
  const xs = Math.floor(ax * 16.0) * 0.0625;
  return normalCdfGivenExp(x, Math.exp(-0.5 * (xs * xs)) * Math.exp(-0.5 * ((ax - xs) * (ax + xs))));
}

/** |x| / sqrt 2 up to which N(x) comes from erf, with no exponential. */
export const ERF_CENTRAL = 0.46875;

function normalCdfCentral(x: number): number {
  const y = Math.abs(x) * SQRT1_2;
  const z = y * y;
  const erf = x * SQRT1_2 *
    ((((0.185777706184603153 * z + 3.16112374387056560) * z + 113.864154151050156) * z +
      377.485237685302021) * z + 3209.37758913846947) /
    ((((z + 23.6012909523441209) * z + 244.024637934444173) * z + 1282.61652607737228) * z +
      2844.23683343917062);
  return 0.5 + 0.5 * erf;
}

/** N(x) given e = exp(-x^2 / 2) (twin of the kernel's normalCdfGivenExp). */
export function normalCdfGivenExp(x: number, e: number): number {
  const y = Math.abs(x) * SQRT1_2;
  if (y <= ERF_CENTRAL) return normalCdfCentral(x);
  let r: number;
  if (y <= 4.0) {
    r = (((((((2.15311535474403846e-8 * y + 0.564188496988670089) * y + 8.88314979438837594) * y +
      66.1191906371416295) * y + 298.635138197400131) * y + 881.952221241769090) * y +
      1712.04761263407058) * y + 2051.07837782607147) * y + 1230.33935479799725;
    r /= (((((((y + 15.7449261107098347) * y + 117.693950891312499) * y + 537.181101862009858) * y +
      1621.38957456669019) * y + 3290.79923573345963) * y + 4362.61909014324716) * y +
      3439.36767414372164) * y + 1230.33935480374942;
  } else {
    if (y >= 27.3) return x < 0 ? 0.0 : 1.0;
    const w = 1.0 / (y * y);
    r = w * (((((0.0163153871373020978 * w + 0.305326634961232344) * w + 0.360344899949804439) * w +
      0.125781726111229246) * w + 0.0160837851487422766) * w + 6.58749161529837803e-4) /
      (((((w + 2.56852019228982242) * w + 1.87295284992346047) * w + 0.527905102951428412) * w +
        0.0605183413124413191) * w + 0.00233520497626869185);
    r = (INV_SQRT_PI - r) / y;
  }
  const tail = 0.5 * (e * r);
  return x < 0 ? tail : 1.0 - tail;
}

/** Standard normal density. */
export function normalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/**
 * Black-76 price of one option.
 * @example black76Price(19, 19, 0.75, 0.28, true, Math.exp(-0.1 * 0.75)) // 1.7010956... (Haug: 1.7011)
 */
export function black76Price(f: number, k: number, t: number, sigma: number, isCall: boolean, discount: number): number {
  if (!(t > 0 && sigma > 0)) return discount * (isCall ? Math.max(f - k, 0.0) : Math.max(k - f, 0.0));
  const sd = sigma * Math.sqrt(t);
  const d1 = (Math.log(f / k) + 0.5 * sd * sd) / sd;
  const d2 = d1 - sd;
  return isCall
    ? discount * (f * normalCdf(d1) - k * normalCdf(d2))
    : discount * (k * normalCdf(-d2) - f * normalCdf(-d1));
}

/** Price and Greeks of one option. */
export interface Black76Result {
  price: number;
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
}

/** Price and Greeks of one option in one pass (same operation order as the Wasm kernel). */
export function black76Greeks(f: number, k: number, t: number, sigma: number, isCall: boolean, discount: number): Black76Result {
  if (!(t > 0 && sigma > 0)) {
    const step = f > k ? 1.0 : f < k ? 0.0 : f === k ? 0.5 : NaN;
    return {
      price: discount * Math.max(isCall ? f - k : k - f, 0.0),
      delta: discount * (isCall ? step : step - 1.0),
      gamma: 0,
      vega: 0,
      theta: 0,
    };
  }
  const sqrtT = Math.sqrt(t);
  const sd = sigma * sqrtT;
  const d1 = (Math.log(f / k) + 0.5 * sd * sd) / sd;
  const d2 = d1 - sd;
  const dn1 = discount * normalPdf(d1);
  let price: number;
  let delta: number;
  if (isCall) {
    const nd1 = normalCdf(d1);
    price = discount * (f * nd1 - k * normalCdf(d2));
    delta = discount * nd1;
  } else {
    const nmd1 = normalCdf(-d1);
    price = discount * (k * normalCdf(-d2) - f * nmd1);
    delta = -discount * nmd1;
  }
  return {
    price,
    delta,
    gamma: dn1 / (f * sd),
    vega: dn1 * f * sqrtT,
    theta: (-dn1 * f * sigma) / (2.0 * sqrtT),
  };
}

/** Batch twin of the Wasm `black76` method: option i of `inputs` into entry i of each output. */
export function black76(inputs: Black76Inputs, out: Black76Outputs): void {
  const n = checkBlack76Arrays(inputs, out);
  const { forward, strike, timeYears, vol, isCall, discount } = inputs;
  for (let i = 0; i < n; i++) {
    const g = black76Greeks(forward[i], strike[i], timeYears[i], vol[i], isCall[i] !== 0, discount);
    out.price[i] = g.price;
    out.delta[i] = g.delta;
    out.gamma[i] = g.gamma;
    out.vega[i] = g.vega;
    out.theta[i] = g.theta;
  }
}

/** Twin of the Wasm `normalCdfBatch` kernel. */
export function normalCdfBatch(x: Float64Array, out: Float64Array): void {
  for (let i = 0; i < x.length; i++) out[i] = normalCdf(x[i]);
}
