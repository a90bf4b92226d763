/**
 * report.html in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core): it loads
 * without console or page errors, makes no request but for the file itself, draws every chart with
 * a visible, non-blank canvas, and shows the right backtest numbers and a full stress grid.
 * Saves test-output/report.png (full page) and test-output/report.pdf (print layout) to look at.
 *
 * Without Chromium this suite is reported skipped, loudly; CI installs it and sets
 * DYNAMARGIN_REQUIRE_BROWSER=1, so there a missing browser fails it with the install command.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { renderReportHtml } from '../../src/report/renderHtml.js';
import type { ReportData } from '../../src/report/types.js';
import { describeBrowser, launchChromium } from '../browser/chromium.js';
import { HOSTILE, syntheticReport } from './syntheticReport.js';

const OUTPUT_DIR = resolve('test-output');

describeBrowser('report.html in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  let fileUrl: string;
  let data: ReportData;
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const requests: string[] = [];
  const dialogs: string[] = [];
  // A failed setup (a browser that cannot start, a required one missing) is rethrown by every
  // test, so each one FAILS with the reason.
  let setupError: unknown;
  const ready = () => {
    if (setupError !== undefined) throw setupError;
  };

  beforeAll(async () => {
    try {
      await setUp();
    } catch (err) {
      setupError = err;
    }
  });

  async function setUp(): Promise<void> {
    data = syntheticReport(2, 500);
    dir = mkdtempSync(join(tmpdir(), 'dynamargin-report-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, renderReportHtml(data));
    fileUrl = pathToFileURL(file).href;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 }, deviceScaleFactor: 1 });
    page.setDefaultTimeout(5_000);
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
    await page.waitForSelector('html[data-charts-drawn]', { timeout: 10_000 }).catch((err: unknown) => {
      throw new Error(`the report script did not finish: page errors ${JSON.stringify(pageErrors)}, console errors ${JSON.stringify(consoleErrors)}`, { cause: err });
    });
  }

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads without console errors, page errors, dialogs or injected script', async () => {
    ready();
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // The hostile title survives as text (escaping neither broke nor altered it).
    expect(await page.title()).toBe(data.title);
    expect(await page.locator('h1').textContent()).toBe(data.title);
  });

  it('requests nothing but the file itself', () => {
    ready();
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((u) => u !== fileUrl)).toEqual([]);
  });

  it('draws every chart: 3 per asset plus the P&L histogram, each with a visible non-blank canvas', async () => {
    ready();
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
        return { kind: el.getAttribute('data-chart'), ready: el.getAttribute('data-ready'), yScale: el.getAttribute('data-y-scale'), label: el.getAttribute('aria-label'), width: box?.width ?? 0, height: box?.height ?? 0, inked };
      }),
    );
    expect(charts.map((c) => c.kind).sort()).toEqual(['margin', 'margin', 'pnl', 'price', 'price', 'vol', 'vol']);
    for (const c of charts) {
      expect(c.ready, c.kind!).toBe('1');
      expect(c.width, c.kind!).toBeGreaterThan(300);
      expect(c.height, c.kind!).toBeGreaterThan(100);
      expect(c.inked, `${c.kind} canvas has drawn pixels`).toBeGreaterThan(1000);
      expect(c.label, c.kind!).toMatch(/\w/);
      // prices on a log axis (decades of history stay readable); rates and losses stay linear
      expect(c.yScale, c.kind!).toBe(c.kind === 'price' ? 'log' : 'linear');
    }
  });

  it('shades each regime present in an asset as a band on its price chart', async () => {
    ready();
    // The band fills of regimes 0..2 (calm, elevated, stressed) as RGBA on the transparent canvas.
    const bandRgba = [
      [46, 125, 50, 0.1 * 255],
      [245, 166, 35, 0.2 * 255],
      [198, 40, 40, 0.16 * 255],
    ];
    for (let i = 0; i < data.assets.length; i++) {
      const counts = await page.$eval(
        `#chart-price-${i} canvas`,
        (canvas, colors) => {
          const c = canvas as HTMLCanvasElement;
          const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          const n = colors.map(() => 0);
          for (let p = 0; p < px.length; p += 4) {
            colors.forEach((rgba, k) => {
              // Low alpha loses colour precision: allow a few units.
              if (Math.abs(px[p + 3] - rgba[3]) <= 2 && [0, 1, 2].every((j) => Math.abs(px[p + j] - rgba[j]) <= 8)) n[k]++;
            });
          }
          return n;
        },
        bandRgba,
      );
      const days = [0, 1, 2].map((k) => data.assets[i].regime.filter((r) => r === k).length);
      days.forEach((d, k) => {
        // About 2 px per day across ~160 px of height: a band of d days covers far more than 50 d pixels.
        if (d > 0) expect(counts[k], `asset ${i} regime ${k}`).toBeGreaterThan(50 * d);
        else expect(counts[k], `asset ${i} regime ${k}`).toBe(0);
      });
    }
  });

  it('draws the VaR (orange, dashed) and ES (dark red) lines across the histogram', async () => {
    ready();
    const [orange, darkRed, height] = await page.$eval('#chart-pnl canvas', (canvas) => {
      const c = canvas as HTMLCanvasElement;
      const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const near = (p: number, r: number, g: number, b: number) =>
        px[p + 3] > 200 && Math.abs(px[p] - r) < 12 && Math.abs(px[p + 1] - g) < 12 && Math.abs(px[p + 2] - b) < 12;
      let o = 0;
      let d = 0;
      for (let p = 0; p < px.length; p += 4) {
        if (near(p, 0xe6, 0x51, 0x00)) o++;
        if (near(p, 0xb7, 0x1c, 0x1c)) d++;
      }
      return [o, d, c.height];
    });
    // A 2 px line over most of the plot height (dashed: about 60% inked), plus its label.
    expect(orange).toBeGreaterThan(0.5 * height);
    expect(darkRed).toBeGreaterThan(1.2 * height);
    expect(await page.getAttribute('#chart-pnl', 'aria-label')).toContain(
      `VaR 99.0% = ${data.pnlDistribution!.var.toLocaleString('en-US')} USD`, // an integer in the synthetic data
    );
  });

  it('marks the exceptions as red points on the margin chart only, and counts them in the caption', async () => {
    ready();
    // Saturated red (the exception color #c62828) appears nowhere else: regime bands are pale.
    const redPixels = (selector: string) =>
      page.$eval(selector, (canvas) => {
        const c = canvas as HTMLCanvasElement;
        const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < px.length; i += 4) if (px[i] > 150 && px[i + 1] < 90 && px[i + 2] < 90 && px[i + 3] > 200) n++;
        return n;
      });
    for (let i = 0; i < data.assets.length; i++) {
      const a = data.assets[i];
      const count = a.exceptions.filter(Boolean).length;
      expect(count).toBeGreaterThan(0);
      // A 7 px point covers about 38 px; allow for overlap with neighbours and the edge.
      expect(await redPixels(`#chart-margin-${i} canvas`)).toBeGreaterThanOrEqual(15 * count);
      expect(await redPixels(`#chart-price-${i} canvas`)).toBe(0);
      const caption = await page.locator(`#asset-${i} figure:has([data-chart="margin"]) figcaption`).textContent();
      expect(caption).toContain(`${count} of ${a.backtest.observations} days`);
      expect(await page.locator(`#chart-margin-${i} .u-legend`).textContent()).toContain('Exception');
    }
  });

  it('shows the backtest numbers of each asset', async () => {
    ready();
    const table = await page.$$eval('#backtest-table tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('th, td')).map((c) => c.textContent!.trim())));
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
    ready();
    const stress = data.stress!;
    const cells = await page.$$eval('#stress-heatmap tbody tr', (trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => ({ text: td.textContent!, bg: getComputedStyle(td).backgroundColor }))),
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
    ready();
    expect(await page.locator('#summary-table').textContent()).toContain(HOSTILE.trim());
    expect(await page.locator('#accounts-table tbody tr').count()).toBe(data.accounts!.length);
    expect(await page.locator('#inputs details pre').textContent()).toBe(JSON.stringify(data.config, null, 2));
  });

  it('redraws the charts at a narrower window width', async () => {
    ready();
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
    ready();
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
