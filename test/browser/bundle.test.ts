/**
 * The single-file browser bundle (web/build-bundle.js -> dynamargin.js): it builds for platform
 * `browser` with no Node built-in in it, and in headless Chromium it computes a book (on Web Workers
 * that load the bundle itself when cross-origin isolated, on the main thread otherwise) with VaR /
 * ES figures bit-identical to the Node engine's on the same inputs and seed.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { calibrateMarket, createEngine, syntheticPrices, type AccountRisk, type MarketFile, type PortfolioFile } from '../../src/index.js';
import { syntheticPortfolio } from '../../src/data/syntheticPortfolio.js';
import { marketFileOf } from '../../src/market/marketFileOf.js';
import { bits, describeBrowser, launchChromium } from './chromium.js';
import { serveStatic, type StaticServer } from './staticServer.js';

interface Built {
  outfile: string;
  bytes: number;
  gzipBytes: number;
  inputs: string[];
}

/** The test page: imports the bundle and computes what the test hands it. */
const PAGE = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>bundle</title>
<script type="module">
  import * as dm from '/dist/browser/dynamargin.js';
  window.dm = dm;
  document.title = 'ready';
</script>`;

const figureBits = (accounts: readonly AccountRisk[]) => accounts.map((a) => ({ id: a.id, bits: bits([a.var, a.es, ...a.varCi, ...a.esCi]) }));

describeBrowser('single-file browser bundle', () => {
  let built: Built;
  let dir: string;
  let browser: Browser;
  const servers: StaticServer[] = [];
  let setupError: unknown;
  const ready = () => {
    if (setupError !== undefined) throw setupError;
  };

  beforeAll(async () => {
    try {
      dir = mkdtempSync(join(tmpdir(), 'dynamargin-bundle-'));
      const { buildBundle } = (await import('../../web/build-bundle.js' as string)) as { buildBundle(outfile: string): Promise<Built> };
      built = await buildBundle(join(dir, 'dynamargin.js'));
      browser = await launchChromium();
      const mounts = { '/dist/browser/': dir, '/build/': resolve('build') };
      servers.push(await serveStatic(mounts, { isolated: true, pages: { '/': PAGE } }));
      servers.push(await serveStatic(mounts, { isolated: false, pages: { '/': PAGE } }));
    } catch (err) {
      setupError = err;
    }
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all(servers.map((s) => s.close()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has no Node built-in and stays small', () => {
    ready();
    const text = readFileSync(built.outfile, 'utf8');
    expect(text).not.toMatch(/node:/);
    expect(text).not.toMatch(/require\(["'](fs|os|path|url|worker_threads|crypto)["']\)/);
    // the Node-only modules the engine imports lazily are replaced by empty ones (package.json `browser`)
    expect(built.inputs.filter((f) => /piscina|node-source|pool\/pool|platform\/node/.test(f)).sort()).toEqual(['(disabled):src/platform/node.js', '(disabled):src/pool/pool.js']);
    expect(built.bytes).toBeLessThan(256 * 1024);
    console.log(`bundle: ${(built.bytes / 1024).toFixed(1)} KiB raw, ${(built.gzipBytes / 1024).toFixed(1)} KiB gzip`);
  });

  it('computes in Chromium, with and without cross-origin isolation, bit-identical to Node', async () => {
    ready();
    const prices = syntheticPrices({ days: 400 });
    const market: MarketFile = marketFileOf(calibrateMarket(prices));
    const portfolio: PortfolioFile = syntheticPortfolio(prices, { accounts: 120 });
    const options = { scenarios: 4000, seed: 7, model: 'student-t' as const, dof: 5, horizonDays: 2 };
    const engine = await createEngine({ threads: 2 });
    const node = await engine.valueAtRisk(portfolio, market, options).finally(() => engine.close());

    for (const [server, isolated] of [[servers[0], true], [servers[1], false]] as const) {
      const page = await browser.newPage();
      const errors: string[] = [];
      const workers: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('worker', (w) => workers.push(w.url()));
      await page.goto(`${server.url}/`);
      await page.waitForFunction(() => document.title === 'ready');
      const web = await page.evaluate(
        async ({ portfolio, market, options }) => {
          const dm = (window as unknown as { dm: typeof import('../../src/browser/index.js') }).dm;
          const engine = await dm.createEngine({ threads: 2 });
          try {
            const result = await engine.valueAtRisk(portfolio, market, options);
            return { accounts: result.accounts, threads: engine.threads, caps: dm.browserCapabilities() };
          } finally {
            await engine.close();
          }
        },
        { portfolio, market, options },
      );
      expect(web.caps.crossOriginIsolated).toBe(isolated);
      expect(web.threads).toBe(isolated ? 2 : 1);
      // the workers run the bundle itself
      expect(workers).toEqual(isolated ? [`${server.url}/dist/browser/dynamargin.js`, `${server.url}/dist/browser/dynamargin.js`] : []);
      expect(server.requests).toContain(isolated ? '/build/release.wasm' : '/build/release-private.wasm');
      expect(figureBits(web.accounts)).toEqual(figureBits(node.accounts));
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});
