/**
 * The web page (web/) in headless Chromium: built with Vite, served by a loopback server with
 * COOP/COEP (cross-origin isolated: Web Workers on a shared WebAssembly.Memory) and without them
 * (main thread, private memory). In both, the per-account figures of the sample book and of a
 * what-if edit are BIT-identical to the Node engine's for the same inputs and seed; a bad price
 * file gets the CLI's message (file, line, column). Saves test-output/browser-page.png.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngine, type AccountRisk, type Engine, type PositionInput, type RiskBook } from '../../src/index.js';
import type { PageHook } from '../../web/src/main.js';
import { sampleInputs } from '../../web/src/inputs.js';
import { bits, describeBrowser, launchChromium } from './chromium.js';
import { serveStatic, type StaticServer } from './staticServer.js';

const ACCOUNTS = 300;
const SCENARIOS = 10_000;
const OUTPUT_DIR = resolve('test-output');

/** Same shape, every number within 1e-12 relative (absolute near 0). */
function expectClose(actual: unknown, expected: unknown, path = 'greeks'): void {
  if (typeof expected === 'number') {
    expect(typeof actual, path).toBe('number');
    expect(Math.abs((actual as number) - expected), path).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
  } else if (expected !== null && typeof expected === 'object') {
    expect(Object.keys(actual as object).sort(), path).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) expectClose((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
  } else {
    expect(actual, path).toEqual(expected);
  }
}

/** VaR, ES and both intervals of every account, as bit patterns. */
const figureBits = (accounts: readonly AccountRisk[]) =>
  accounts.map((a) => ({ id: a.id, bits: bits([a.var, a.es, ...a.varCi, ...a.esCi]) }));

describeBrowser('web page in headless Chromium', () => {
  let browser: Browser;
  let engine: Engine;
  let book: RiskBook;
  let outDir: string;
  const servers: Record<'isolated' | 'plain', StaticServer> = {} as never;
  const pageErrors: string[] = [];
  let setupError: unknown;
  const ready = () => {
    if (setupError !== undefined) throw setupError;
  };

  beforeAll(async () => {
    try {
      browser = await launchChromium();
      outDir = mkdtempSync(join(tmpdir(), 'dynamargin-web-'));
      await build({ configFile: resolve('web/vite.config.ts'), build: { outDir, emptyOutDir: true }, logLevel: 'error' });
      servers.isolated = await serveStatic({ '/': outDir }, { isolated: true });
      servers.plain = await serveStatic({ '/': outDir }, { isolated: false });
      engine = await createEngine({ threads: 2 });
    } catch (err) {
      setupError = err;
    }
  });

  afterAll(async () => {
    book?.release();
    await engine?.close();
    await browser?.close();
    await Promise.all(Object.values(servers).map((s) => s.close()));
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  /** The page, ready to load inputs; `workers` collects the URL of every Web Worker it starts. */
  async function openPage(server: StaticServer, query = '', workers: string[] = []): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1366, height: 1000 } });
    page.on('worker', (w) => workers.push(w.url()));
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    await page.goto(`${server.url}/index.html${query}`);
    await page.waitForSelector('body[data-state="ready"]', { timeout: 15_000 });
    return page;
  }

  const hook = (page: Page): Promise<PageHook> => page.evaluate(() => window.__dynamargin);

  /** Load the sample book and compute it with the page's default options (normal, 0.99, 1 day, seed 1). */
  async function computeSample(page: Page): Promise<PageHook> {
    await page.fill('#sample-accounts', String(ACCOUNTS));
    await page.fill('#scenarios', String(SCENARIOS));
    await page.click('#load-sample');
    await page.waitForFunction(() => window.__dynamargin.inputs !== undefined && window.__dynamargin.state === 'ready');
    await page.click('#compute');
    await page.waitForSelector('body[data-state="done"], body[data-state="error"]', { timeout: 30_000 });
    const h = await hook(page);
    expect(h.error).toBeUndefined();
    return h;
  }

  /** The Node engine on exactly the page's inputs (its market.json / portfolio.json contents) and options. */
  async function nodeBook(h: PageHook): Promise<RiskBook> {
    book?.release();
    book = await engine.book(h.inputs!.portfolio, h.inputs!.market, h.options);
    return book;
  }

  /**
   * The page made the same sample as Node up to the last bits of JavaScript's Math.exp / Math.log,
   * which differ between V8 versions (hence the comparison above on the page's own inputs).
   */
  function expectSameSample(h: PageHook): void {
    const node = sampleInputs(ACCOUNTS);
    expect(h.inputs!.portfolio.accounts.map((a) => a.id)).toEqual(node.portfolioFile.accounts.map((a) => a.id));
    h.inputs!.market.underlyings.forEach((u, i) => {
      expect(u.symbol).toBe(node.market.symbols[i]);
      expect(Math.abs(u.spot / node.market.spot[i] - 1)).toBeLessThan(1e-9);
      expect(Math.abs(u.vol / node.market.vol[i] - 1)).toBeLessThan(1e-9);
    });
  }

  it('computes the sample on Web Workers with figures bit-identical to Node, and what-if edits too', async () => {
    ready();
    const workers: string[] = [];
    const page = await openPage(servers.isolated, '?threads=3', workers);
    const h = await computeSample(page);
    expect(h.capabilities.crossOriginIsolated).toBe(true);
    expect(h.threads).toBe(3);
    expect(workers.length).toBe(3);
    expect(h.options).toEqual({ model: 'normal', confidence: 0.99, esConfidence: 0.975, horizonDays: 1, scenarios: SCENARIOS, seed: 1 });
    expectSameSample(h);
    const node = await nodeBook(h);
    expect(h.accounts).toHaveLength(ACCOUNTS);
    expect(figureBits(h.accounts!)).toEqual(figureBits(node.result.accounts));
    // Greeks are computed in JavaScript (Black-76 with Math.exp / Math.log, whose last bits differ
    // between V8 versions), so they agree to rounding, not bit for bit
    expectClose(h.accounts!.map((a) => a.greeks), node.result.accounts.map((a) => a.greeks));
    expect(servers.isolated.requests.some((p) => /release-[\w-]+\.wasm$/.test(p) && !p.includes('private'))).toBe(true);

    // what-if 1: type a new quantity into the first position of the open account
    const first = await page.getAttribute('#accounts tbody tr.selected', 'data-account');
    expect(first).toBeTruthy();
    await page.fill('#positions input[data-index="0"]', '-3.25');
    await page.waitForFunction(() => window.__dynamargin.whatIf?.positions[0]?.quantity === -3.25);
    let w = (await hook(page)).whatIf!;
    const original = h.inputs!.portfolio.accounts.find((a) => a.id === first)!.positions;
    const edited: PositionInput[] = original.map((p, i) => ({ instrument: p.instrument, quantity: i === 0 ? -3.25 : p.quantity }));
    expect(w.id).toBe(first);
    expect(w.positions).toEqual(edited);
    expect(figureBits([w.risk])).toEqual(figureBits([node.updateAccount(first!, edited)]));
    expect(Number(await page.getAttribute('#what-if', 'data-es'))).toBe(w.risk.es);

    // what-if 2: add a position
    await page.selectOption('#add-instrument', 'ETH-PERP');
    await page.fill('#add-quantity', '12');
    await page.click('#add-position');
    await page.waitForFunction(() => window.__dynamargin.whatIf?.positions.length === (window.__dynamargin.whatIf?.positions.length ?? 0) && window.__dynamargin.whatIf?.positions.at(-1)?.instrument === 'ETH-PERP');
    w = (await hook(page)).whatIf!;
    const added = [...edited, { instrument: 'ETH-PERP', quantity: 12 }];
    expect(w.positions).toEqual(added);
    expect(figureBits([w.risk])).toEqual(figureBits([node.updateAccount(first!, added)]));
    // the table row shows the new requirement (ES by default)
    const row = await page.textContent(`#accounts tbody tr[data-account="${first}"]`);
    expect(row).toContain(new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(w.risk.es));

    // charts drew
    expect(await page.locator('#loss-chart canvas').count()).toBe(1);
    expect(await page.locator('#vol-chart canvas').count()).toBe(1);
    mkdirSync(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: join(OUTPUT_DIR, 'browser-page.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('falls back to the main thread without cross-origin isolation, with the same figures', async () => {
    ready();
    const workers: string[] = [];
    const page = await openPage(servers.plain, '', workers);
    const h = await computeSample(page);
    expect(h.capabilities.crossOriginIsolated).toBe(false);
    expect(h.threads).toBe(1);
    expect(workers).toEqual([]);
    expect(servers.plain.requests.some((p) => /release-private-[\w-]+\.wasm$/.test(p))).toBe(true);
    const node = await nodeBook(h);
    expect(figureBits(h.accounts!)).toEqual(figureBits(node.result.accounts));
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('names the file, line and column of a bad price file, and the JSON position of a bad market file', async () => {
    ready();
    const page = await openPage(servers.isolated);
    const csv = 'date,open,high,low,close\n2024-01-01,100,110,90,105\n2024-01-02,105,101,108,104\n';
    await page.setInputFiles('#file-input', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForSelector('body[data-input-error]');
    const message = (await page.textContent('#input-error'))!;
    expect(message).toMatch(/^bad\.csv:3: high: .*101.*108/); // file:line: column: problem
    expect((await hook(page)).inputError).toBe(message);

    await page.setInputFiles('#file-input', { name: 'market.json', mimeType: 'application/json', buffer: Buffer.from('{\n  "asOf": "2026-01-01T00:00:00Z",\n  "underlyings": [}\n') });
    await page.waitForFunction(() => window.__dynamargin.inputError?.startsWith('market.json'));
    expect(await page.textContent('#input-error')).toMatch(/^market\.json:3:\d+: invalid JSON/);
    await page.close();
  });

  it('serves the kernels it was built from (release-private.wasm is release.wasm on a private memory)', () => {
    // a stale release-private.wasm would break bit-identity: `npm run build:wasm` builds both
    const shared = readFileSync('build/release.wasm');
    const priv = readFileSync('build/release-private.wasm');
    expect(priv.length).toBe(shared.length);
    let differing = 0;
    for (let i = 0; i < shared.length; i++) if (shared[i] !== priv[i]) differing++;
    expect(differing, 'build/release-private.wasm is stale: run `npm run build:wasm`').toBe(1);
  });
});
