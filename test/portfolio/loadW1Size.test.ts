import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMarketFile } from '../../src/market/readMarketFile.js';
import { readPortfolioFile } from '../../src/portfolio/readPortfolioFile.js';

/** mulberry32: small deterministic PRNG for test data. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Same shape and sizes as /work/shared/bench/workload.py's W1: 50 underlyings, 500 instruments, 10,000 accounts. */
function writeW1Like(dir: string): { positions: number } {
  const r = rng(7);
  const n = 50;
  const symbols = ['BTC', 'ETH', ...Array.from({ length: n - 2 }, (_, i) => `C${String(i + 2).padStart(3, '0')}`)];
  const spot = symbols.map(() => Math.exp(Math.log(0.5) + r() * Math.log(180000)));
  const beta = symbols.map(() => 0.5 + 0.45 * r());
  const correlation = beta.map((b, i) => beta.map((c, j) => (i === j ? 1 : Math.round(b * c * 1e6) / 1e6)));
  const market = {
    asOf: '2026-11-20T00:00:00Z', rate: 0,
    underlyings: symbols.map((s, i) => ({ symbol: s, spot: spot[i], vol: 0.35 + 0.85 * r() })),
    correlation,
  };
  const instruments: Record<string, unknown>[] = symbols.map((s) => ({ id: `${s}-PERP`, kind: 'perpetual', underlying: s, multiplier: 1 }));
  for (let j = 0; j < 450; j++) {
    const u = Math.min(n - 1, Math.floor(-Math.log(1 - r()) * (n / 6)));
    const right = r() < 0.5 ? 'call' : 'put';
    const days = 7 + Math.floor(r() * 174);
    instruments.push({ id: `${symbols[u]}-${days}D-${j}-${right}`, kind: 'option', underlying: symbols[u], right,
      strike: spot[u] * (0.6 + 0.8 * r()), expiryDays: days, iv: 0.5 + r(), multiplier: 1 });
  }
  let positions = 0;
  const accounts = Array.from({ length: 10_000 }, (_, i) => {
    const k = 1 + Math.floor(r() * 20);
    positions += k;
    return {
      id: `acct-${i}`, collateral: { USD: Math.round(50000 * Math.exp(r() - 0.5) * 100) / 100 },
      positions: Array.from({ length: k }, () => ({
        instrument: instruments[Math.floor(r() ** 2 * instruments.length)].id as string,
        quantity: Math.round((r() - 0.45) * 2e8) / 1e8,
      })),
    };
  });
  writeFileSync(join(dir, 'market.json'), JSON.stringify(market));
  writeFileSync(join(dir, 'portfolio.json'), JSON.stringify({ instruments, accounts }));
  return { positions };
}

describe('loading a W1-sized workload', () => {
  it('reads all 10,000 accounts and their positions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dynamargin-w1-'));
    const { positions } = writeW1Like(dir);
    const market = await readMarketFile(join(dir, 'market.json'));
    const portfolio = await readPortfolioFile(join(dir, 'portfolio.json'), market);
    expect(portfolio.accounts).toHaveLength(10_000);
    expect(portfolio.instruments).toHaveLength(500);
    expect(portfolio.accounts.reduce((s, a) => s + a.positions.length, 0)).toBe(positions);
  });
});
