// The built-in warm-up book run at engine creation (src/warmUp.ts): it must leave no trace in what
// the engine computes afterwards, on the calling thread and on the pool.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { threeCoinMarket } from '../testData.js';

const market = threeCoinMarket();
const portfolio = {
  instruments: [
    { id: 'BTC-PERP', kind: 'perpetual' as const, underlying: 'BTC' },
    { id: 'ETH-C', kind: 'option' as const, underlying: 'ETH', right: 'call' as const, strike: 3300, expiryDays: 30, iv: 0.7 },
    { id: 'SOL-FUT', kind: 'future' as const, underlying: 'SOL', expiryDays: 90 },
  ],
  accounts: Array.from({ length: 40 }, (_, a) => ({
    id: `a${a}`,
    collateral: { USD: 10_000 },
    positions: [
      { instrument: 'BTC-PERP', quantity: (a % 5) - 2 + 0.5 },
      { instrument: 'ETH-C', quantity: (a % 3) - 1 + 0.25 },
      { instrument: 'SOL-FUT', quantity: 10 - a },
    ],
  })),
};

describe('engine warm-up', () => {
  for (const threads of [1, 2]) {
    it(`changes no figure (${threads} thread${threads > 1 ? 's' : ''}): the same bits with and without it`, async () => {
      const cold = await createEngine({ threads, warmUp: false });
      const warm = await createEngine({ threads });
      try {
        const options = { scenarios: 3000, seed: 11 };
        const a = await cold.valueAtRisk(portfolio, market, options);
        const b = await warm.valueAtRisk(portfolio, market, options);
        expect(b.accounts).toStrictEqual(a.accounts);
        expect(b.accounts.every((x) => Number.isFinite(x.var) && Number.isFinite(x.es))).toBe(true);
      } finally {
        await cold.close();
        await warm.close();
      }
    });
  }

  it('warmUp must be a boolean when given', async () => {
    await expect(createEngine({ threads: 1, warmUp: 'yes' as unknown as boolean })).rejects.toThrow(/warmUp: must be true or false/);
  });
});
