// End-to-end: `dynamargin calibrate` (what npm start runs), `backtest` and `stress` (spawned; `npm
// test` builds first), and the written report.html rendered in headless Chromium.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticPrices } from '../../src/data/syntheticMarket.js';
import { writePriceCsv } from '../../src/io/writePriceCsv.js';
import { itBrowser, launchChromium } from '../browser/chromium.js';
import { spawnCli } from './runCli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'dynamargin-calibrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...argv: string[]) => spawnCli(dir, ...argv);

describe('dynamargin calibrate on the built-in data', () => {
  const out = join(dir, 'report');
  let run: { code: number; stdout: string; stderr: string };
  beforeAll(async () => {
    run = await cli('calibrate', '--out', out, '--threads', '2', '--scenarios', '4000');
  });

  it('prints a summary naming the report folder and writes report.json with every section', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^asset +vol +regime +rate long/m);
    expect(run.stdout).toContain(join(out, 'report.html'));
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.meta.inputs.length).toBeGreaterThan(0);
    for (const input of report.meta.inputs) expect(input.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(report.meta.config.base.horizonDays).toBe(2);
    expect(report.assets).toHaveLength(6);
    for (const a of report.assets) {
      expect(Object.keys(a.backtest)).toEqual(['observations', 'exceptions', 'kupiec', 'christoffersen', 'zone']);
      expect(Object.keys(a.backtest.kupiec)).toEqual(['lr', 'pValue']);
      expect(Object.keys(a.backtest.christoffersen)).toEqual(['lrInd', 'pValueInd', 'lrCc', 'pValueCc']);
      expect(['green', 'yellow', 'red']).toContain(a.backtest.zone);
      expect(a.backtest.exceptions).toBe(a.series.exceptions.filter(Boolean).length);
      expect(a.procyclicality.peakToTrough).toBeGreaterThanOrEqual(1);
      expect(a.volModels.length).toBe(4);
      expect(Number.isFinite(a.esBacktest.z2)).toBe(true);
      expect(a.esBacktest.rejected).toBe(a.esBacktest.z2 < -0.7);
    }
    expect(report.book.accounts).toHaveLength(500);
    const acc = report.book.accounts[0];
    const requirement = acc.breakdown.filter((c: { side: string }) => c.side === 'requirement').reduce((s: number, c: { amountUsd: number }) => s + c.amountUsd, 0);
    expect(requirement).toBeCloseTo(acc.initialMarginUsd, 6);
    expect(report.book.stress.heatmap.rows.length).toBeGreaterThan(0);
    expect(report.book.historicalStress).toBeDefined();
  });

  itBrowser('writes a self-contained report.html that renders in headless Chromium without errors', async () => {
    const html = join(out, 'report.html');
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`file://${html}`);
      await page.waitForLoadState('load');
      expect(errors).toEqual([]);
      expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
      expect(await page.locator('#backtest-table tbody tr').count()).toBe(6);
      expect(await page.locator('canvas').count()).toBeGreaterThan(6);
      await page.screenshot({ path: join(ROOT, 'test-output', 'calibrate-report.png') });
    } finally {
      await browser.close();
    }
  });
});

describe('dynamargin backtest and stress', () => {
  it('backtest writes per-asset JSON; stress writes the grid and historical results', async () => {
    const bt = await cli('backtest', '--threads', '1');
    expect(bt.code, bt.stderr).toBe(0);
    const report = JSON.parse(bt.stdout);
    expect(report.assets).toHaveLength(6);
    expect(report.book).toBeUndefined();
    const st = await cli('stress', '--threads', '1', '--insurance-fund', '1000000');
    expect(st.code, st.stderr).toBe(0);
    const stress = JSON.parse(st.stdout);
    expect(stress.stress.book.cover2.ids).toHaveLength(2);
    expect(typeof stress.stress.book.adequate).toBe('boolean');
  });

  it('an --implied series that matches no price series is an error naming the price symbols', async () => {
    const [btc] = syntheticPrices({ symbols: ['BTC'], days: 300 });
    writeFileSync(join(dir, 'btc-usd-daily.csv'), writePriceCsv(btc)); // its symbol comes from the file name
    writeFileSync(join(dir, 'btc-dvol.csv'), writePriceCsv({ ...btc, open: btc.close.map(() => 60), high: btc.close.map(() => 60), low: btc.close.map(() => 60), close: btc.close.map(() => 60) }));
    const r = await cli('backtest', '--prices', 'btc-usd-daily.csv', '--implied', 'BTC=btc-dvol.csv');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--implied: no price series has symbol BTC; the price symbols are BTC-USD-DAILY/);
    expect(r.stdout).toBe('');
  });

  it('a bad policy config is rejected with exit code 2 and the JSON path', async () => {
    const config = join(dir, 'policy.json');
    writeFileSync(config, JSON.stringify({ antiProcyclicality: { bufferFraction: 0.1 } }));
    const r = await cli('backtest', '--config', config);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/policy\.json: antiProcyclicality\.bufferFraction: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('dynamargin calibrate --optimize', () => {
  const out = join(dir, 'calibrated');
  let run: { code: number; stdout: string; stderr: string };
  beforeAll(async () => {
    run = await cli('calibrate', '--optimize', '--threads', '2', '--out', out);
  });

  it('writes a policy.json the engine loads, an optimization.json with both sides and its optimization.html; prints the verdict table', async () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^asset +side +judged from +exceptions +Kupiec p +zone +cost +peak\/trough +passes/m);
    expect(run.stdout).toMatch(/Calibrated: \d+ of 12 pass; naive: \d+ of 12\./);
    const optimization = JSON.parse(readFileSync(join(out, 'optimization.json'), 'utf8'));
    expect(optimization.assets).toHaveLength(6);
    const passCount = run.stdout.match(/Calibrated: \d+ of 12 pass; naive: \d+ of 12\./)![0];
    expect(readFileSync(join(out, 'optimization.html'), 'utf8')).toContain(passCount);
    for (const a of optimization.assets) {
      for (const s of [a.series, a.seriesShort]) {
        expect(s.rate.length).toBe(s.dates.length);
        expect(s.rate.every((x: number) => x > 0)).toBe(true);
      }
      expect(a.long.history[0].from).toBe(a.series.dates[0]);
    }
    // the engine run on the written policy uses the calibrated rates: the latest equal the calibrator's
    const report = await cli('backtest', '--config', join(out, 'policy.json'), '--threads', '1');
    expect(report.code, report.stderr).toBe(0);
    const assets = JSON.parse(report.stdout).assets;
    for (const [i, a] of assets.entries()) {
      const { series, seriesShort } = optimization.assets[i];
      expect(a.rateSource).toBe('calibrated');
      expect(a.current.rateLong).toBe(series.rate[series.rate.length - 1]);
      expect(a.current.rateShort).toBe(seriesShort.rate[seriesShort.rate.length - 1]);
      expect(a.seriesShort.calibratedRate.at(-1)).toBe(a.current.rateShort);
    }
  });

  it('a history too short to calibrate is exit code 2 naming the file', async () => {
    const [btc] = syntheticPrices({ symbols: ['BTC'], days: 200 });
    writeFileSync(join(dir, 'short-btc.csv'), writePriceCsv(btc));
    const r = await cli('calibrate', '--optimize', '--prices', 'short-btc.csv', '--out', join(dir, 'nothing'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/short-btc\.csv.*history too short to calibrate: 200 bars/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
