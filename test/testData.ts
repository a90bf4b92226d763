// Helpers shared by test files: seeded test data and catching the InputError a call throws.
import { InputError } from '../src/errors.js';

/** mulberry32 uniforms in (0, 1) and Box-Muller normals: deterministic test data. */
export function normals(seed: number): () => number {
  let s = seed;
  const u = (): number => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** The InputError `run` throws (fails the test when it throws nothing or something else). */
export function inputError(run: () => unknown): InputError {
  try {
    run();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError; nothing was thrown');
}

/** A valid market.json document (three underlyings), a fresh copy on every call. */
export function threeCoinMarket() {
  return {
    asOf: '2026-11-20T00:00:00Z',
    rate: 0.01,
    underlyings: [
      { symbol: 'BTC', spot: 91000, vol: 0.55 },
      { symbol: 'ETH', spot: 3100, vol: 0.7 },
      { symbol: 'SOL', spot: 150, vol: 0.9 },
    ],
    correlation: [
      [1, 0.8, 0.7],
      [0.8, 1, 0.75],
      [0.7, 0.75, 1],
    ],
  };
}
