// Issue #17.9: report.html's accounts table sorts (click a header; again to reverse) and filters
// (by id text and by status) in headless Chromium.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { renderReportHtml } from '../../src/report/renderHtml.js';
import { describeBrowser, launchChromium } from '../browser/chromium.js';
import { syntheticReport } from './syntheticReport.js';

describeBrowser('report.html accounts table', () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  const errors: string[] = [];
  const accounts = [
    { id: 'acct-10', initialMargin: 900, maintenanceMargin: 450, collateral: 2_000, status: 'healthy' },
    { id: 'acct-2', initialMargin: 12_000, maintenanceMargin: 6_000, collateral: 8_000, status: 'margin-call' },
    { id: 'whale', initialMargin: 150, maintenanceMargin: 75, collateral: 10, status: 'liquidate' },
    { id: 'acct-7', initialMargin: 3_000.5, maintenanceMargin: 1_500.25, collateral: 9_000, status: 'healthy' },
  ];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dynamargin-accounts-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, renderReportHtml({ ...syntheticReport(1, 120), accounts }));
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(pathToFileURL(file).href);
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const shownIds = (p: Page) => p.$$eval('#accounts-table tbody tr:not([hidden]) th', (ths) => ths.map((t) => t.textContent));

  it('sorts by a numeric column ascending, then descending, and by id as text', async () => {
    await page.click('#accounts-table thead th:has-text("Initial margin")');
    expect(await shownIds(page)).toEqual(['whale', 'acct-10', 'acct-7', 'acct-2']);
    expect(await page.getAttribute('#accounts-table thead th:has-text("Initial margin")', 'aria-sort')).toBe('ascending');
    await page.click('#accounts-table thead th:has-text("Initial margin")');
    expect(await shownIds(page)).toEqual(['acct-2', 'acct-7', 'acct-10', 'whale']);
    await page.click('#accounts-table thead th:has-text("Account")');
    expect(await shownIds(page)).toEqual([...accounts.map((a) => a.id)].sort((a, b) => a.localeCompare(b)));
  });

  it('filters by id text and by status, and counts the rows shown', async () => {
    await page.fill('#accounts-filter', 'acct');
    expect((await shownIds(page)).sort()).toEqual(['acct-10', 'acct-2', 'acct-7']);
    await page.selectOption('#accounts-status', 'healthy');
    expect((await shownIds(page)).sort()).toEqual(['acct-10', 'acct-7']);
    expect(await page.textContent('#accounts-count')).toBe('2 of 4 accounts');
    await page.fill('#accounts-filter', '');
    await page.selectOption('#accounts-status', 'liquidate');
    expect(await shownIds(page)).toEqual(['whale']);
    await page.selectOption('#accounts-status', '');
    expect(await page.textContent('#accounts-count')).toBe('4 of 4 accounts');
    expect(errors).toEqual([]);
  });
});
