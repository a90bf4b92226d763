import { describe, expect, it } from 'vitest';
import { SurfaceFileSchema, UnderlyingSurfaceSchema } from '../../src/surface/surfaceSchema.js';

const slice = (expiryDays: number) => ({ expiryDays, a: 0.01, b: 0.1, rho: -0.3, m: 0.02, sigma: 0.2 });

describe('surface schema', () => {
  it('accepts the shared format', () => {
    const s = { underlying: 'BTC', slices: [slice(30), slice(60)] };
    expect(UnderlyingSurfaceSchema.parse(s)).toEqual(s);
    expect(SurfaceFileSchema.parse({ surfaces: [s] }).surfaces[0].slices).toHaveLength(2);
  });
  it('rejects unsorted expiries, |rho| >= 1, sigma <= 0, unknown fields', () => {
    expect(UnderlyingSurfaceSchema.safeParse({ underlying: 'BTC', slices: [slice(60), slice(30)] }).success).toBe(false);
    expect(UnderlyingSurfaceSchema.safeParse({ underlying: 'BTC', slices: [{ ...slice(30), rho: 1 }] }).success).toBe(false);
    expect(UnderlyingSurfaceSchema.safeParse({ underlying: 'BTC', slices: [{ ...slice(30), sigma: 0 }] }).success).toBe(false);
    expect(UnderlyingSurfaceSchema.safeParse({ underlying: 'BTC', slices: [{ ...slice(30), c: 1 }] }).success).toBe(false);
  });
});
