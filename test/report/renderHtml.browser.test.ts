/**
 * report.html in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core): it loads
 * without console or page errors, makes no request but for the file itself, draws every chart with
 * a visible, non-blank canvas, and shows the right backtest numbers and a full stress grid.
 * Saves test-output/report.png (full page) and test-output/report.pdf (print layout) to look at.
 *
 * Chromium is required, not optional: CI installs it (`apt-get install -y chromium`), so a missing
 * browser fails this file with that instruction instead of skipping.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../src/report/renderHtml.js';
import type { ReportData } from '../../src/report/types.js';
import { HOSTILE, syntheticReport } from './syntheticReport.js';

const CHROMIUM = '/usr/bin/chromium';
const OUTPUT_DIR = resolve('test-output');

describe('report.html in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  let fileUrl: string;
  let data: ReportData;
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const requests: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get update && apt-get install -y chromium\` (.ci/run does this).`);
    }
    data = syntheticReport(2, 500);
    dir = mkdtempSync(join(tmpdir(), 'dynamargin-report-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, renderReportHtml(data));
    fileUrl = pathToFileURL(file).href;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1366, height: 900 }, deviceScaleFactor: 1 });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('request', (r) => requests.push(r.url()));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    // Anything but the file itself is aborted (and still recorded above).
    await page.route('**/*', (route) => (route.request().url() === fileUrl ? route.continue() : route.abort()));
    await page.goto(fileUrl, { waitUntil: 'load' });
    await page.waitForSelector('html[data-charts-drawn]', { timeout: 20_000 });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads without console errors, page errors, dialogs or injected script', async () => {
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // The hostile title survives as text (escaping neither broke nor altered it).
    expect(await page.title()).toBe(data.title);
    expect(await page.locator('h1').textContent()).toBe(data.title);
  });

  it('requests nothing but the file itself', () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((u) => u !== fileUrl)).toEqual([]);
  });

  it('draws every chart: 3 per asset plus the P&L histogram, each with a visible non-blank canvas', async () => {
    const expected = data.assets.length * 3 + 1;
    expect(await page.getAttribute('html', 'data-charts-drawn')).toBe(String(expected));
    const charts = await page.$$eval('[data-chart]', (els) =>
      els.map((el) => {
        const canvas = el.querySelector('canvas');
        const box = canvas?.getBoundingClientRect();
        let inked = 0;
        if (canvas && canvas.width > 0 && canvas.height > 0) {
          const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
          for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
        }
        return { kind: el.getAttribute('data-chart'), ready: el.getAttribute('data-ready'), label: el.getAttribute('aria-label'), width: box?.width ?? 0, height: box?.height ?? 0, inked };
      }),
    );
    expect(charts.map((c) => c.kind).sort()).toEqual(['margin', 'margin', 'pnl', 'price', 'price', 'vol', 'vol']);
    for (const c of charts) {
      expect(c.ready, c.kind!).toBe('1');
      expect(c.width, c.kind!).toBeGreaterThan(300);
      expect(c.height, c.kind!).toBeGreaterThan(100);
      expect(c.inked, `${c.kind} canvas has drawn pixels`).toBeGreaterThan(1000);
      expect(c.label, c.kind!).toMatch(/\w/);
    }
  });

  it('marks each exception in the margin chart legend series and counts them in the caption', async () => {
    for (let i = 0; i < data.assets.length; i++) {
      const a = data.assets[i];
      const count = a.exceptions.filter(Boolean).length;
      expect(count).toBeGreaterThan(0);
      const caption = await page.locator(`#asset-${i} figure:has([data-chart="margin"]) figcaption`).textContent();
      expect(caption).toContain(`${count} of ${a.backtest.observations} days`);
      const legend = await page.locator(`#chart-margin-${i} .u-legend`).textContent();
      expect(legend).toContain('Exception');
    }
  });

  it('shows the backtest numbers of each asset', async () => {
    const table = await page.$$eval('#backtest-table tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent!.trim())));
    const [head, ...rows] = table;
    expect(rows).toHaveLength(data.assets.length);
    const col = (name: string) => {
      const j = head.indexOf(name);
      expect(j, name).toBeGreaterThanOrEqual(0);
      return j;
    };
    const p = (x: number) => (x < 0.001 ? '< 0.001' : x.toFixed(3));
    data.assets.forEach((a, i) => {
      const row = rows[i];
      const b = a.backtest;
      // Independent of the renderer: counts from the raw flags, formats written out here.
      const flagged = a.exceptions.filter(Boolean).length;
      expect(row[0]).toBe(a.symbol);
      expect(Number(row[col('Observations')].replace(/,/g, ''))).toBe(a.dates.length - 21); // 20 warm-up days + last day
      expect(Number(row[col('Exceptions')])).toBe(flagged);
      expect(row[col('Expected')]).toBe((b.observations * 0.01).toFixed(1));
      expect(row[col('Exception rate')]).toBe(`${((100 * flagged) / b.observations).toFixed(2)}%`);
      expect(row[col('Kupiec LR')]).toBe(b.kupiec.lr.toFixed(3));
      expect(row[col('Kupiec p')]).toBe(p(b.kupiec.pValue));
      expect(row[col('Christoffersen LR ind')]).toBe(b.christoffersen.lrInd.toFixed(3));
      expect(row[col('p ind')]).toBe(p(b.christoffersen.pValueInd));
      expect(row[col('Christoffersen LR cc')]).toBe(b.christoffersen.lrCc.toFixed(3));
      expect(row[col('p cc')]).toBe(p(b.christoffersen.pValueCc));
      expect(row[col('Zone')].toLowerCase()).toBe(b.zone);
    });
    const zoneColors = await page.$$eval('#backtest-table td.zone', (tds) => tds.map((td) => getComputedStyle(td).backgroundColor));
    for (const c of zoneColors) expect(c).not.toBe('rgba(0, 0, 0, 0)');
  });

  it('shows the stress grid as rows x cols colored cells, the largest loss darkest', async () => {
    const stress = data.stress!;
    const cells = await page.$$eval('#stress-heatmap tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => ({ text: td.textContent!, bg: getComputedStyle(td).backgroundColor }))),
    );
    expect(cells).toHaveLength(stress.rows.length);
    for (const row of cells) expect(row).toHaveLength(stress.cols.length);
    expect(cells.flat()).toHaveLength(stress.rows.length * stress.cols.length);
    // The cell of the largest loss is the most saturated red (lowest green channel).
    const flat = stress.values.flat();
    const worst = flat.indexOf(Math.max(...flat));
    const green = cells.flat().map((c) => Number(/rgb\(\d+, (\d+)/.exec(c.bg)![1]));
    expect(green.indexOf(Math.min(...green))).toBe(worst);
    expect(cells.flat()[worst].text).toBe(Math.max(...flat).toLocaleString('en-US'));
    // Zero loss is white.
    const zero = flat.indexOf(0);
    if (zero >= 0) expect(cells.flat()[zero].bg).toBe('rgb(255, 255, 255)');
  });

  it('shows summary, accounts and the config with hostile text intact', async () => {
    expect(await page.locator('#summary-table').textContent()).toContain(HOSTILE.trim());
    expect(await page.locator('#accounts-table tbody tr').count()).toBe(data.accounts!.length);
    expect(await page.locator('#inputs details pre').textContent()).toBe(JSON.stringify(data.config, null, 2));
  });

  it('redraws the charts at a narrower window width', async () => {
    await page.setViewportSize({ width: 1000, height: 900 });
    await page.waitForFunction(() => {
      const c = document.querySelector('#chart-price-0 canvas');
      return c !== null && c.getBoundingClientRect().width < 1000;
    });
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.waitForFunction(() => document.querySelector('#chart-price-0 canvas')!.getBoundingClientRect().width > 1000);
    expect(pageErrors).toEqual([]);
  });

  it('saves a full-page screenshot and a print PDF', async () => {
    mkdirSync(OUTPUT_DIR, { recursive: true });
    const png = join(OUTPUT_DIR, 'report.png');
    await page.screenshot({ path: png, fullPage: true });
    expect(statSync(png).size).toBeGreaterThan(50_000);
    await page.emulateMedia({ media: 'print' });
    const pdf = join(OUTPUT_DIR, 'report.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    expect(statSync(pdf).size).toBeGreaterThan(20_000);
    await page.emulateMedia({ media: 'screen' });
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
