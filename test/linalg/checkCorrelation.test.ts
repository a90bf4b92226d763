import { describe, expect, it } from 'vitest';
import { checkCorrelation } from '../../src/linalg/checkCorrelation.js';

const symbols = ['BTC', 'ETH', 'SOL'];
const valid = (): Float64Array => new Float64Array([1, 0.5, 0.2, 0.5, 1, 0.3, 0.2, 0.3, 1]);

describe('checkCorrelation', () => {
  it('accepts a valid matrix and differences within 1e-9', () => {
    expect(() => checkCorrelation(valid(), 3, symbols, 'market.json')).not.toThrow();
    const c = valid();
    c[1] += 5e-10;
    c[4] -= 5e-10;
    expect(() => checkCorrelation(c, 3, symbols, 'market.json')).not.toThrow();
  });

  it('names the asymmetric pair', () => {
    const c = valid();
    c[1 * 3 + 2] = 0.4;
    expect(() => checkCorrelation(c, 3, symbols, 'market.json')).toThrow(
      'market.json: correlation[1][2] = 0.4 but correlation[2][1] = 0.3: not symmetric (ETH, SOL)',
    );
  });

  it('names a diagonal entry that is not 1', () => {
    const c = valid();
    c[2 * 3 + 2] = 0.98;
    expect(() => checkCorrelation(c, 3, symbols, 'market.json')).toThrow(
      'market.json: correlation[2][2] = 0.98: diagonal must be 1 (SOL)',
    );
  });

  it('rejects entries outside [-1, 1] and non-finite entries', () => {
    const c = valid();
    c[0 * 3 + 2] = c[2 * 3 + 0] = -1.2;
    expect(() => checkCorrelation(c, 3, symbols, 'm.json')).toThrow('m.json: correlation[0][2] = -1.2: must be in [-1, 1] (BTC, SOL)');
    const d = valid();
    d[3] = NaN;
    expect(() => checkCorrelation(d, 3, symbols, 'm.json')).toThrow('correlation[1][0] = NaN: must be a finite number');
  });

  it('rejects the wrong number of entries', () => {
    expect(() => checkCorrelation(new Float64Array(8), 3, symbols, 'm.json')).toThrow('must be 3 x 3 (9 entries); got 8 entries');
  });
});
