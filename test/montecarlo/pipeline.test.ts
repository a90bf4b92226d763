// The full pipeline (revaluation, aggregation, tails) on fixed scenario returns equals NumPy/SciPy
// computing the peer's model (test/fixtures/make_var_fixtures.py) for every account, on both
// backends and any thread count.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Compute } from '../../src/compute.js';
import { parseMarket } from '../../src/market/parseMarket.js';
import { RiskBook } from '../../src/montecarlo/book.js';
import { varParams } from '../../src/montecarlo/options.js';
import { parsePortfolio } from '../../src/portfolio/parsePortfolio.js';
import { readWasm } from '../../src/wasm/node-source.js';
import { compileKernels } from '../../src/wasm/runtime.js';

const fx = JSON.parse(readFileSync(new URL('../fixtures/var_pipeline.json', import.meta.url), 'utf8'));

describe('pipeline on given scenarios vs NumPy', () => {
  it.each([
    ['wasm', 1],
    ['wasm', 2],
    ['ts', 1],
    ['ts', 3],
  ] as const)('%s backend, %i thread(s): every account within 1e-9 relative', async (backend, threads) => {
    const market = parseMarket(fx.market, 'market.json');
    const portfolio = parsePortfolio(fx.portfolio, market, 'portfolio.json');
    const compute = await Compute.create(threads, backend, backend === 'wasm' ? await compileKernels(await readWasm()) : undefined);
    const params = varParams({ model: 'hs', scenarios: fx.scenarios, horizonDays: fx.horizonDays, confidence: fx.confidence, esConfidence: fx.esConfidence });
    const book = await RiskBook.create(compute, { portfolio, market, params, historical: Float64Array.from(fx.returns) });
    try {
      expect(book.result.accounts).toHaveLength(fx.expected.length);
      book.result.accounts.forEach((a, i) => {
        const e = fx.expected[i];
        expect(a.id).toBe(e.id);
        expect(Math.abs(a.var - e.var)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(e.var)));
        expect(Math.abs(a.es - e.es)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(e.es)));
      });
    } finally {
      book.release();
      await compute.close();
    }
  });
});
