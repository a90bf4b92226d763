// Issue #17.2: the web page and `dynamargin calibrate` give every account the same margins and
// status: the page's margin rows on the calibration's own book, market and risk figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCalibration, type CalibrationResult } from '../../src/calibrate/run.js';
import { syntheticPrices } from '../../src/data/syntheticMarket.js';
import { createEngine, type Engine } from '../../src/index.js';
import { DEFAULT_POLICY_CONFIG } from '../../src/policy/config.js';
import { marginStatus } from '../../src/policy/health.js';
import { parsePortfolio } from '../../src/portfolio/parsePortfolio.js';
import type { PortfolioFile } from '../../src/portfolio/schema.js';
import { marginRow, pageBook, pagePolicy } from '../../web/src/margin.js';

const prices = syntheticPrices({ symbols: ['BTC', 'ETH'], days: 500 });
const btc = prices[0].close.at(-1)!;

/** Accounts around the boundaries: cash only, coin only, mixed, flat, and an over-levered one. */
const portfolio: PortfolioFile = {
  instruments: [
    { id: 'BTC-PERP', kind: 'perpetual', underlying: 'BTC' },
    { id: 'ETH-PERP', kind: 'perpetual', underlying: 'ETH' },
  ],
  accounts: [
    { id: 'usdt-only', collateral: { USDT: 15_000 }, positions: [{ instrument: 'BTC-PERP', quantity: 60_000 / btc }] },
    { id: 'usdt-rich', collateral: { USDT: 1_000_000 }, positions: [{ instrument: 'BTC-PERP', quantity: 1 }] },
    { id: 'btc-only', collateral: { BTC: 1 }, positions: [{ instrument: 'ETH-PERP', quantity: -2 }] },
    { id: 'mixed', collateral: { BTC: 0.5, USDC: 2_000, USDT: 3_000 }, positions: [{ instrument: 'BTC-PERP', quantity: -0.3 }, { instrument: 'ETH-PERP', quantity: 4 }] },
    { id: 'flat', collateral: { USD: 10 }, positions: [] },
    { id: 'thin', collateral: { USD: 100 }, positions: [{ instrument: 'BTC-PERP', quantity: 5 }] },
  ],
};

describe('page and CLI margins agree (#17.2)', () => {
  let engine: Engine;
  let r: CalibrationResult;
  beforeAll(async () => {
    engine = await createEngine({ threads: 1 });
    r = await runCalibration(engine, prices, portfolio, { config: DEFAULT_POLICY_CONFIG, scenarios: 4000 });
  });
  afterAll(() => engine.close());

  it('cash-only collateral counts in full and sets the status against initial and maintenance margin', () => {
    const a = r.book!.accounts[0];
    expect(a.collateralValueUsd).toBe(15_000);
    expect(a.health.status).toBe(marginStatus(a.equityUsd, a.initialMarginUsd, a.maintenanceMarginUsd));
    expect(r.book!.accounts.map((x) => x.health.status)).toContain('healthy');
  });

  it('the page margins the same book with the same initial margin, equity and status for every account', () => {
    const book = r.book!;
    const meta = book.risk.meta;
    const config = pagePolicy('es', meta);
    const longRunVol = Object.fromEntries(r.assets.map((a) => [a.symbol, a.walk.latest.longRunVol]));
    const policy = pageBook(parsePortfolio(portfolio, book.market, 'portfolio'), book.market, config, longRunVol);
    const rows = book.risk.accounts.map((risk, i) => marginRow(risk, meta, portfolio.accounts[i].positions, portfolio.accounts[i].collateral, policy, config));
    expect(rows.map((x) => x.status)).toEqual(book.accounts.map((a) => a.health.status));
    expect(rows.map((x) => x.requirement)).toEqual(book.accounts.map((a) => a.initialMarginUsd));
    expect(rows.map((x) => x.collateral)).toEqual(book.accounts.map((a) => a.equityUsd));
    // the page's status set is the policy's (plus unpriced), not a simpler collateral >= ES rule
    expect(new Set(rows.map((x) => x.status)).size).toBeGreaterThan(1);
  });

  it('an account with an asset neither in the market nor cash is unpriced on the page (an error in the CLI)', () => {
    const book = r.book!;
    const config = pagePolicy('es', book.risk.meta);
    const policy = pageBook(parsePortfolio(portfolio, book.market, 'portfolio'), book.market, config);
    const row = marginRow(book.risk.accounts[4], book.risk.meta, [], { DOGE: 5 }, policy, config);
    expect(row.status).toBe('unpriced');
  });
});
