/**
 * Plain-TypeScript twin of `assembly/volatility.ts`: same signature, same conventions and the same
 * arithmetic in the same order, so the two agree to rounding of `Math.log` (about 1e-15 relative).
 *
 * Conventions: log returns r_t = ln(C_t / C_{t-1}); the estimate at t uses data up to and including
 * t; annualized vol = sqrt(var * A); NaN before `firstDefinedIndex` (src/volatility/types.ts) and
 * for a whole series too short for one estimate; windows n < 2 give all NaN. Bad prices (<= 0, NaN,
 * inf) give NaN/inf in every window holding them; rolling sums stay NaN until the next re-anchor
 * (at most n-1 further points) and EWMA stays NaN after them.
 *
 * Accuracy method (as in assembly/volatility-rolling.ts): every n steps the window's sums are
 * recomputed by the corrected two-pass algorithm around the window mean K (Chan, Golub & LeVeque
 * 1983); between those anchors each step adds (x_new - x_old) to S1 and (x_new - x_old)(x_new + x_old - 2K)
 * to S2, the latter with Knuth's TwoSum error compensation. O(1) amortized per step.
 */
import { estimatorCode, type PricePanel, type VolatilityParams } from '../volatility/types.js';

const CLOSE = 0;
const EWMA = 1;
const PARKINSON = 2;
const GARMAN_KLASS = 3;
const ROGERS_SATCHELL = 4;
const YANG_ZHANG = 5;

// Garman & Klass (1980): 2 ln 2 - 1 = 0.38629436111989057
const GK_CLOSE_WEIGHT = 2.0 * Math.LN2 - 1.0;
// Parkinson (1980): 1 / (4 ln 2) = 0.36067376022224085
const PARKINSON_FACTOR = 1.0 / (4.0 * Math.LN2);

/**
 * Fill `out` (one value per panel point) with annualized rolling volatility, NaN where undefined.
 *
 * @param panel series concatenated as described in src/volatility/types.ts (open/high/low may be
 *   empty for `close` and `ewma`)
 * @param params estimator, window n, EWMA lambda, annualization A
 * @param out length `panel.offsets[nSeries]`; points outside every series are left untouched
 * @example
 * // close prices 100, 110, 99, 108.9 with n = 2: r = ln 1.1, ln 0.9, ln 1.1
 * rollingVolatility(panel, { estimator: 'close', window: 2, lambda: 0.94, annualization: 1 }, out);
 * // out = [NaN, NaN, 0.14326..., 0.14326...]
 */
export function rollingVolatility(panel: PricePanel, params: VolatilityParams, out: Float64Array): void {
  const code = estimatorCode(params.estimator);
  const n = params.window;
  const nSeries = panel.offsets.length - 1;
  let maxLen = 0;
  for (let s = 0; s < nSeries; s++) maxLen = Math.max(maxLen, panel.offsets[s + 1] - panel.offsets[s]);
  const terms = new Float64Array(maxLen);
  for (let s = 0; s < nSeries; s++) {
    const start = panel.offsets[s];
    const len = panel.offsets[s + 1] - start;
    if (len <= 0) continue;
    if (!(n >= 2)) {
      out.fill(NaN, start, start + len);
    } else if (code === CLOSE) {
      if (len <= n) out.fill(NaN, start, start + len);
      else {
        logReturns(panel.close, start, len, terms);
        rollingSampleStd(terms, 1, len, n, params.annualization / (n - 1), out, start);
      }
    } else if (code === EWMA) {
      if (len <= n) out.fill(NaN, start, start + len);
      else {
        logReturns(panel.close, start, len, terms);
        ewma(terms, len, n, params.lambda, params.annualization, out, start);
      }
    } else if (code === YANG_ZHANG) {
      yangZhang(panel, start, len, n, params.annualization, out);
    } else {
      if (len < n) out.fill(NaN, start, start + len);
      else {
        rangeTerms(code, panel, start, len, terms);
        const factor = code === PARKINSON ? PARKINSON_FACTOR : 1.0;
        // GK terms are >= 0 for valid bars but rounding can push a mean below 0: clamped to 0 before sqrt
        rollingMeanStd(terms, len, n, (params.annualization * factor) / n, out, start);
      }
    }
  }
}

/** terms[j] = ln(C_j / C_{j-1}) for j in [1, len) of the series starting at `start`. */
function logReturns(close: Float64Array, start: number, len: number, terms: Float64Array): void {
  for (let j = 1; j < len; j++) terms[j] = Math.log(close[start + j] / close[start + j - 1]);
}

/** Knuth TwoSum: s + d = sum + err exactly (err returned through the 2-slot array `acc` = [s, c]). */
function twoSumInto(acc: Float64Array, i: number, d: number): void {
  const s = acc[i];
  const u = s + d;
  const b = u - s;
  acc[i + 1] += s - (u - b) + (d - b);
  acc[i] = u;
}

/**
 * out[start + t] = sqrt(max(M2, 0) * scale) for t in [k0+n-1, len), M2 = sum of squared deviations
 * of terms[t-n+1..t]; NaN before. Needs len >= k0 + n. (Hot loop: TwoSum written out on locals.)
 */
function rollingSampleStd(
  x: Float64Array, k0: number, len: number, n: number, scale: number, out: Float64Array, start: number,
): void {
  const first = k0 + n - 1;
  const invN = 1.0 / n;
  let k = 0, s1 = 0, s2 = 0, c2 = 0;
  let nextAnchor = first;
  for (let t = first; t < len; t++) {
    if (t === nextAnchor) {
      // corrected two-pass over the window (Chan, Golub & LeVeque 1983)
      let sum = 0;
      for (let j = t - n + 1; j <= t; j++) sum += x[j];
      k = sum * invN;
      s1 = 0; s2 = 0; c2 = 0;
      for (let j = t - n + 1; j <= t; j++) {
        const d = x[j] - k;
        s1 += d;
        s2 += d * d;
      }
      nextAnchor += n;
    } else {
      const dNew = x[t] - k;
      const dOld = x[t - n] - k;
      const d1 = dNew - dOld;
      const d2 = d1 * (dNew + dOld);
      s1 += d1;
      // TwoSum (Knuth): s2 + d2 = u + error exactly
      const u = s2 + d2; const b = u - s2; c2 += s2 - (u - b) + (d2 - b); s2 = u;
    }
    const m2 = s2 + c2 - s1 * s1 * invN;
    out[start + t] = Math.sqrt((m2 < 0 ? 0 : m2) * scale); // M2 >= 0 in exact arithmetic
  }
  out.fill(NaN, start, start + first);
}

/** out[start + t] = sqrt(max(sum of terms[t-n+1..t], 0) * scale) for t in [n-1, len); NaN before. */
function rollingMeanStd(x: Float64Array, len: number, n: number, scale: number, out: Float64Array, start: number): void {
  const first = n - 1;
  let s = 0, c = 0;
  let nextAnchor = first;
  for (let t = first; t < len; t++) {
    if (t === nextAnchor) {
      s = 0; c = 0;
      for (let j = t - n + 1; j <= t; j++) s += x[j];
      nextAnchor += n;
    } else {
      const d = x[t] - x[t - n];
      const u = s + d; const b = u - s; c += s - (u - b) + (d - b); s = u;
    }
    const sum = s + c;
    out[start + t] = Math.sqrt((sum < 0 ? 0 : sum) * scale); // clamp rounding below 0 (GK)
  }
  out.fill(NaN, start, start + first);
}

/**
 * EWMA (RiskMetrics 1996 technical document, sec. 5.2.1): var_t = lambda var_{t-1} + (1 - lambda) r_t^2,
 * seeded at index n with the mean of the first n squared returns (zero mean); NaN before n.
 */
function ewma(r: Float64Array, len: number, n: number, lambda: number, annualization: number, out: Float64Array, start: number): void {
  let sumSq = 0;
  for (let j = 1; j <= n; j++) sumSq += r[j] * r[j];
  let v = sumSq / n;
  out[start + n] = Math.sqrt(v * annualization);
  const w = 1.0 - lambda;
  for (let t = n + 1; t < len; t++) {
    v = lambda * v + w * (r[t] * r[t]);
    out[start + t] = Math.sqrt(v * annualization);
  }
  out.fill(NaN, start, start + n);
}

/** terms[j] = one bar's variance term of a range estimator (Parkinson before its 1/(4 ln 2) factor). */
function rangeTerms(code: number, p: PricePanel, start: number, len: number, terms: Float64Array): void {
  const { open, high, low, close } = p;
  for (let j = 0; j < len; j++) {
    const i = start + j;
    if (code === PARKINSON) {
      // Parkinson (1980): ln(H/L)^2
      const hl = Math.log(high[i] / low[i]);
      terms[j] = hl * hl;
    } else if (code === GARMAN_KLASS) {
      // Garman & Klass (1980): 0.5 ln(H/L)^2 - (2 ln 2 - 1) ln(C/O)^2
      const hl = Math.log(high[i] / low[i]);
      const co = Math.log(close[i] / open[i]);
      terms[j] = 0.5 * hl * hl - GK_CLOSE_WEIGHT * co * co;
    } else if (code === ROGERS_SATCHELL) {
      terms[j] = rogersSatchell(open[i], high[i], low[i], Math.log(close[i] / open[i]));
    } else {
      throw new RangeError(`not a range estimator code: ${code}`);
    }
  }
}

/** Rogers & Satchell (1991): ln(H/C) ln(H/O) + ln(L/C) ln(L/O), with ln(X/C) = ln(X/O) - ln(C/O). */
function rogersSatchell(o: number, h: number, l: number, co: number): number {
  const ho = Math.log(h / o);
  const lo = Math.log(l / o);
  return (ho - co) * ho + (lo - co) * lo;
}

/**
 * Yang & Zhang (2000): var = s_o^2 + k s_c^2 + (1-k) s_rs^2 over bars t-n+1..t (t >= n), with
 * s_o^2, s_c^2 sample variances (n-1) of ln(O_j/C_{j-1}) and ln(C_j/O_j), s_rs^2 the mean
 * Rogers-Satchell term and k = 0.34 / (1.34 + (n+1)/(n-1)) (their eq. 8, alpha = 1.34).
 */
function yangZhang(p: PricePanel, start: number, len: number, n: number, annualization: number, out: Float64Array): void {
  if (len <= n) {
    out.fill(NaN, start, start + len);
    return;
  }
  const { open, high, low, close } = p;
  const o = new Float64Array(len);
  const c = new Float64Array(len);
  const u = new Float64Array(len);
  for (let j = 1; j < len; j++) {
    const i = start + j;
    o[j] = Math.log(open[i] / close[i - 1]);
    c[j] = Math.log(close[i] / open[i]);
    u[j] = rogersSatchell(open[i], high[i], low[i], c[j]);
  }
  const invN = 1.0 / n;
  const invN1 = 1.0 / (n - 1);
  const kWeight = 0.34 / (1.34 + (n + 1) / (n - 1));
  // [s1, c1, s2, c2] for overnight (acc o) and open-to-close (acc c); [s, c] for RS
  const accO = new Float64Array(4);
  const accC = new Float64Array(4);
  const accU = new Float64Array(2);
  let meanO = 0;
  let meanC = 0;
  let nextAnchor = n;
  for (let t = n; t < len; t++) {
    if (t === nextAnchor) {
      let sumO = 0;
      let sumC = 0;
      let sumU = 0;
      for (let j = t - n + 1; j <= t; j++) {
        sumO += o[j];
        sumC += c[j];
        sumU += u[j];
      }
      meanO = sumO * invN;
      meanC = sumC * invN;
      accO.fill(0); accC.fill(0);
      for (let j = t - n + 1; j <= t; j++) {
        const dO = o[j] - meanO;
        const dC = c[j] - meanC;
        accO[0] += dO; accO[2] += dO * dO;
        accC[0] += dC; accC[2] += dC * dC;
      }
      accU[0] = sumU; accU[1] = 0;
      nextAnchor += n;
    } else {
      stepVariance(accO, o[t] - meanO, o[t - n] - meanO);
      stepVariance(accC, c[t] - meanC, c[t - n] - meanC);
      twoSumInto(accU, 0, u[t] - u[t - n]);
    }
    const varO = sampleVariance(accO, invN) * invN1;
    const varC = sampleVariance(accC, invN) * invN1;
    const varRS = Math.max(accU[0] + accU[1], 0.0) * invN;
    const v = varO + kWeight * varC + (1.0 - kWeight) * varRS;
    out[start + t] = Math.sqrt(v * annualization);
  }
  out.fill(NaN, start, start + n);
}

/** One O(1) window step of the shifted sums [s1, c1, s2, c2] (deviations dNew in, dOld out). */
function stepVariance(acc: Float64Array, dNew: number, dOld: number): void {
  const d1 = dNew - dOld;
  twoSumInto(acc, 0, d1);
  twoSumInto(acc, 2, d1 * (dNew + dOld));
}

/** max(M2, 0) from shifted sums [s1, c1, s2, c2]: M2 = S2 - S1^2 / n. */
function sampleVariance(acc: Float64Array, invN: number): number {
  const m1 = acc[0] + acc[1];
  return Math.max(acc[2] + acc[3] - m1 * m1 * invN, 0.0);
}
