import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_CONFIG } from '../../src/policy/config.js';
import { conservativePrice, oracleGuardFlags } from '../../src/policy/oracleGuards.js';

const G = DEFAULT_POLICY_CONFIG.oracle; // 60 s, 2%, 50% from TWAP, 10% mark-index
const NOW = Date.UTC(2026, 0, 1);
const codes = (f: { code: string }[]) => f.map((x) => x.code);

describe('oracleGuardFlags', () => {
  it('passes a fresh, tight, consistent price', () => {
    expect(oracleGuardFlags('BTC', 100, { publishTimeMs: NOW - 60_000, confidence: 2, twap: 150, mark: 110 }, NOW, G)).toEqual([]);
    expect(oracleGuardFlags('BTC', 100, undefined, NOW, G)).toEqual([]);
  });
  it('flags a stale price (older than 60 s)', () => {
    const f = oracleGuardFlags('BTC', 100, { publishTimeMs: NOW - 61_000 }, NOW, G);
    expect(f).toEqual([{ code: 'oracle-stale', symbol: 'BTC', message: 'oracle price is 61 s old (limit 60 s)' }]);
  });
  it('flags a confidence interval wider than 2% of price', () => {
    expect(codes(oracleGuardFlags('BTC', 100, { confidence: 2.01 }, NOW, G))).toEqual(['oracle-uncertain']);
  });
  it('flags a price more than 50% from its TWAP', () => {
    expect(codes(oracleGuardFlags('BTC', 100, { twap: 66 }, NOW, G))).toEqual(['oracle-twap-divergence']); // |100-66|/66 = 51.5%
    expect(codes(oracleGuardFlags('BTC', 100, { twap: 67 }, NOW, G))).toEqual([]); // 49.3%
  });
  it('flags a mark diverging from the index by more than 10%', () => {
    expect(codes(oracleGuardFlags('BTC', 100, { mark: 111, index: 100 }, NOW, G))).toEqual(['mark-index-divergence']);
    expect(codes(oracleGuardFlags('BTC', 100, { mark: 111, index: 105 }, NOW, G))).toEqual([]); // 5.7%
    expect(codes(oracleGuardFlags('BTC', 100, { mark: 88 }, NOW, G))).toEqual(['mark-index-divergence']); // index = price
  });
  it('reports every guard that trips', () => {
    const f = oracleGuardFlags('ETH', 100, { publishTimeMs: NOW - 3_600_000, confidence: 5, twap: 40, mark: 150 }, NOW, G);
    expect(codes(f)).toEqual(['oracle-stale', 'oracle-uncertain', 'oracle-twap-divergence', 'mark-index-divergence']);
    expect(f.every((x) => x.symbol === 'ETH')).toBe(true);
  });
});

describe('conservativePrice', () => {
  it('worst of oracle, mark and TWAP for the holder', () => {
    expect(conservativePrice(100, { mark: 90, twap: 120 }, 'long')).toBe(90);
    expect(conservativePrice(100, { mark: 90, twap: 120 }, 'short')).toBe(120);
    expect(conservativePrice(100, undefined, 'long')).toBe(100);
  });
});
