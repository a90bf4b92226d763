// Implied-volatility surface fit: a 20-expiry chain (30 strikes each, 0.2 vol point pseudo-noise), raw SVI
// per expiry (quasi-explicit) and SSVI; target < 20 ms for the SVI surface.
//   node bench/surface.js [--expiries 20] [--strikes 30] [--iterations 10]
import { parseArgs } from 'node:util';
import { fitSurface, sviTotalVariance } from '../dist/index.js';
import { bench, medianMs, saveResult } from './lib.js';

const { values } = parseArgs({ options: { expiries: { type: 'string', default: '20' }, strikes: { type: 'string', default: '30' }, iterations: { type: 'string', default: '10' } } });
const [nExpiries, nStrikes] = [Number(values.expiries), Number(values.strikes)];

/** Deterministic chain: raw SVI slices with total variance growing in T, iv "noise" 0.2 vol points (a sine of the quote index). */
function chain() {
  const quotes = [];
  for (let e = 0; e < nExpiries; e++) {
    const expiryDays = 7 + 18 * e;
    const years = expiryDays / 365;
    const p = { a: 0.3 * years, b: 0.1 + 0.3 * years, rho: -0.3, m: 0.02, sigma: 0.1 + 0.2 * Math.sqrt(years) };
    const half = 1.2 * Math.sqrt(Math.max(years, 1 / 12));
    for (let i = 0; i < nStrikes; i++) {
      const k = -half + (2 * half * i) / (nStrikes - 1);
      const noise = 0.002 * Math.SQRT2 * Math.sin(37.1 * (e * nStrikes + i));
      quotes.push({ underlying: 'BTC', expiryDays, strike: 60_000 * Math.exp(k), forward: 60_000, iv: Math.sqrt(sviTotalVariance(p, k) / years) + noise });
    }
  }
  return quotes;
}

const quotes = chain();
const b = bench('surface', Number(values.iterations));
let last = {};
b.add('svi', () => void (last.svi = fitSurface(quotes, { model: 'svi' })));
b.add('ssvi', () => void (last.ssvi = fitSurface(quotes, { model: 'ssvi' })));
await b.run();
const summary = (r) => ({
  violations: r.violations.length,
  maxRmseVolPoints: Math.max(...r.fit.map((f) => f.rmseVolPoints)),
});
const result = {
  expiries: nExpiries,
  strikes: nStrikes,
  noiseVolPoints: 0.2,
  sviMs: medianMs(b, 'svi'),
  ssviMs: medianMs(b, 'ssvi'),
  svi: summary(last.svi),
  ssvi: summary(last.ssvi),
};
console.log(JSON.stringify(result));
saveResult('surface', result);
