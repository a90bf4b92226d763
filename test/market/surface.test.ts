// market.json underlyings[].surface: the slices' checks, with messages naming file and JSON path.
import { describe, expect, it } from 'vitest';
import { parseMarket } from '../../src/market/parseMarket.js';
import { exampleSurface } from '../../src/surface/exampleSurface.js';
import { inputError, threeCoinMarket } from '../testData.js';

function withSurface(slices: unknown[], at = 2) {
  const m = threeCoinMarket();
  (m.underlyings[at] as Record<string, unknown>).surface = { slices };
  return m;
}
const slices = () => exampleSurface(0.9).map((s) => ({ ...s }));
const message = (json: unknown) => inputError(() => parseMarket(json, 'market.json')).message;
/** The message for the example slices with slice i changed. */
const edited = (i: number, change: Record<string, number>) => {
  const s = slices();
  s[i] = { ...s[i], ...change };
  return message(withSurface(s));
};

describe('market.json surface', () => {
  it('keeps the slices by underlying (undefined where none)', () => {
    const m = parseMarket(withSurface(slices()), 'market.json');
    expect(m.surfaces?.map((s) => s?.length)).toEqual([undefined, undefined, 5]);
    expect(parseMarket(threeCoinMarket(), 'market.json').surfaces).toBeUndefined();
  });
  it('rejects slices out of order or repeated', () => {
    const s = slices();
    [s[1], s[2]] = [s[2], s[1]];
    expect(message(withSurface(s))).toMatch(/^market\.json: underlyings\[2\]\.surface\.slices\[2\]\.expiryDays: 30 must be greater than slices\[1\]\.expiryDays 90/);
    expect(edited(1, { expiryDays: 7 })).toContain('underlyings[2].surface.slices[1].expiryDays: 7 must be greater');
  });
  it('rejects b < 0, |rho| >= 1, sigma <= 0 (schema)', () => {
    expect(edited(1, { b: -0.1 })).toBe('market.json: underlyings[2].surface.slices[1].b: must be >= 0; got -0.1');
    expect(edited(0, { rho: 1 })).toBe('market.json: underlyings[2].surface.slices[0].rho: must be < 1; got 1');
    expect(edited(3, { sigma: 0 })).toBe('market.json: underlyings[2].surface.slices[3].sigma: must be > 0; got 0');
  });
  it('rejects a total variance <= 0 somewhere', () => {
    expect(edited(0, { a: -0.01 })).toMatch(/underlyings\[2\]\.surface\.slices\[0\]\.a: total variance must be > 0 at every k; its minimum .* is -/);
  });
  it('rejects wings steeper than the Lee bound b (1 + |rho|) <= 2', () => {
    expect(edited(4, { b: 1.8, rho: -0.25 })).toContain('underlyings[2].surface.slices[4].b: wing slope b (1 + |rho|) = 2.25 must be <= 2 (Lee 2004');
  });
  it('rejects calendar arbitrage (w decreasing in T at some k)', () => {
    const s = slices();
    s[2] = { ...s[1], expiryDays: 90, a: s[1].a - 0.001 };
    expect(message(withSurface(s))).toMatch(/underlyings\[2\]\.surface\.slices\[2\]: calendar arbitrage: total variance .* at k = -2 is below .* of slices\[1\]/);
  });
  it('rejects an empty slice list and unknown fields', () => {
    expect(message(withSurface([]))).toContain('underlyings[2].surface.slices: must have at least 1 entries; got 0');
    expect(message(withSurface([{ ...slices()[0], nu: 1 }]))).toContain('underlyings[2].surface.slices[0].nu: unknown field');
  });
});
