// Issue #17.9: in report.html the stress cells a preset does not define are blank (not 0), ES
// backtests beyond their rejection line are flagged in the summary, and the accounts table carries
// what its sort and filter need.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportData } from '../../src/calibrate/report.js';
import { runCalibration, type CalibrationResult } from '../../src/calibrate/run.js';
import { syntheticPrices } from '../../src/data/syntheticMarket.js';
import { createEngine, type Engine } from '../../src/index.js';
import { DEFAULT_POLICY_CONFIG } from '../../src/policy/config.js';
import { renderReportHtml } from '../../src/report/renderHtml.js';
import { stressHeatMap } from '../../src/report/stressHeatMap.js';
import { accountsTable } from '../../src/report/tables.js';

const meta = { generatedAt: '2026-01-01T00:00:00Z', version: '0.1.0', config: DEFAULT_POLICY_CONFIG, inputs: [], options: {} };

describe('report.html (#17.9)', () => {
  let engine: Engine;
  let result: CalibrationResult;
  beforeAll(async () => {
    engine = await createEngine({ threads: 1 });
    const prices = syntheticPrices({ symbols: ['BTC'], days: 400 });
    const portfolio = {
      instruments: [{ id: 'BTC-PERP', kind: 'perpetual' as const, underlying: 'BTC' }],
      accounts: [{ id: 'a', collateral: { USD: 5_000 }, positions: [{ instrument: 'BTC-PERP', quantity: 1 }] }],
    };
    result = await runCalibration(engine, prices, portfolio, { config: DEFAULT_POLICY_CONFIG, scenarios: 2000 });
  });
  afterAll(() => engine.close());

  it('the Paradex preset omits spot +-16% at vol -22%: those cells are null in the data and blank in the page', () => {
    const data = reportData(result, meta, {});
    const s = data.stress!;
    const at = (move: number, vol: number) => s.values[s.rows.indexOf(move)][s.cols.indexOf(vol)];
    expect(at(0.16, -0.22)).toBeNull();
    expect(at(-0.16, -0.22)).toBeNull();
    expect(at(-0.16, 0.4)).toBeGreaterThan(0); // a defined cell: the long loses on the fall
    const html = stressHeatMap(s);
    const empty = html.match(/<td class="num empty"[^>]*><\/td>/g) ?? [];
    expect(empty).toHaveLength(2);
    expect(html).toMatch(/spot|Price move/);
    expect(() => renderReportHtml(data)).not.toThrow();
  });

  it('the summary flags every ES backtest beyond its rejection line, with Z2', () => {
    expect(result.assets.map((a) => a.esBacktest.rejected)).toEqual(result.assets.map((a) => a.esBacktest.z2 < -0.7));
    // flip one asset past the line and check the summary line reports it
    const forced: CalibrationResult = { ...result, assets: result.assets.map((a) => ({ ...a, esBacktest: { ...a.esBacktest, z2: -1.5, rejected: true } })) };
    return import('../../src/cli/summaryFigures.js').then(({ summaryFigures: figures }) => {
      expect(figures(forced, DEFAULT_POLICY_CONFIG)['ES backtests rejected (Acerbi-Szekely Z2 below -0.70)']).toBe('1 of 1: BTC (Z2 -1.50)');
      const none: CalibrationResult = { ...result, assets: result.assets.map((a) => ({ ...a, esBacktest: { ...a.esBacktest, z2: 0.1, rejected: false } })) };
      expect(figures(none, DEFAULT_POLICY_CONFIG)['ES backtests rejected (Acerbi-Szekely Z2 below -0.70)']).toBe('none of 1');
    });
  });

  it('the accounts table has a filter, a status choice and sortable numbers', () => {
    const html = accountsTable([
      { id: 'b', initialMargin: 10, maintenanceMargin: 5, collateral: 1, status: 'liquidate' },
      { id: 'a', initialMargin: 2.5, maintenanceMargin: 1.25, collateral: 9, status: 'healthy' },
    ]);
    expect(html).toContain('id="accounts-filter"');
    expect(html).toMatch(/<select id="accounts-status"><option value="">all<\/option><option value="healthy">healthy<\/option><option value="liquidate">liquidate<\/option><\/select>/);
    expect(html).toContain('<tr data-status="healthy"><th scope="row">a</th><td class="num" data-value="2.5">');
    expect(html).toContain('2 of 2 accounts');
  });
});
