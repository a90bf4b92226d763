/**
 * renderReportHtml without a browser: the document is self-contained (the installed uPlot build
 * inlined verbatim, no external references, a CSP that forbids fetching), data with `</script>`,
 * `<!--` and U+2028 is embedded so that it cannot end the script element and parses back equal,
 * raw scenario losses are embedded as their histogram, and malformed data is refused by path.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { DATA_ELEMENT_ID, renderReportHtml } from '../../src/report/renderHtml.js';
import type { ChartLibrary } from '../../src/report/chartLibrary.js';
import type { ReportData } from '../../src/report/types.js';
import { marginStatus } from '../../src/policy/health.js';
import { HOSTILE, syntheticReport } from './syntheticReport.js';

const require = createRequire(import.meta.url);
const UPLOT_JS = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
const UPLOT_CSS = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');

/** The text of the data script element, found by its opening tag and the next `</script`. */
function embeddedJson(html: string): string {
  const open = `<script type="application/json" id="${DATA_ELEMENT_ID}">`;
  const start = html.indexOf(open);
  expect(start).toBeGreaterThan(0);
  const from = start + open.length;
  return html.slice(from, html.toLowerCase().indexOf('</script', from));
}

const small = (): ReportData => {
  const data = syntheticReport(1, 60);
  const { losses, ...rest } = data.pnlDistribution!;
  return { ...data, pnlDistribution: { ...rest, histogram: { edges: [0, 1, 2, 3], counts: [5, 3, 1] } } };
};

describe('renderReportHtml', () => {
  it('embeds data holding </script>, <!-- and U+2028 so that it parses back equal', () => {
    const data = small();
    data.summary['</SCRIPT >'] = '</ScRiPt><!--<script>';
    data.assets[0].symbol = `X</script>`;
    const html = renderReportHtml(data);
    // Only the three real closing tags (data, library, client script) remain.
    expect(html.match(/<\/script/gi)).toHaveLength(3);
    const json = embeddedJson(html);
    expect(json).not.toMatch(/<\/script|<!--|\u2028|\u2029/i);
    expect(JSON.parse(json)).toEqual(data);
    expect(JSON.parse(json).config.note).toBe(HOSTILE);
  });

  it('escapes hostile text in the static HTML', () => {
    const data = small();
    const html = renderReportHtml(data);
    expect(html).toContain('<title>Margin calibration &lt;/script&gt;&lt;script&gt;window.__pwned = 1&lt;/script&gt;&lt;!-- \u2028</title>');
    expect(html.includes('<script>window.__pwned')).toBe(false);
  });

  it('inlines the installed uPlot build and stylesheet verbatim, with its license', () => {
    const html = renderReportHtml(small());
    expect(UPLOT_JS.length).toBeGreaterThan(30_000);
    expect(html.includes(`<script>${UPLOT_JS}</script>`)).toBe(true);
    expect(html.includes(`<style>${UPLOT_CSS}</style>`)).toBe(true);
    expect(html).toContain('Permission is hereby granted, free of charge');
    expect(html).toMatch(/Copyright \(c\) \d{4} Leon Sorokin/);
  });

  it('escapes </script and <!-- inside an inlined library', () => {
    const lib: ChartLibrary = {
      name: 'fake',
      version: '0.0.0',
      license: 'MIT',
      licenseText: 'MIT -- no warranty -->',
      js: 'var uPlot = function () { return "</script><!--"; };',
      css: '',
    };
    const html = renderReportHtml(small(), lib);
    expect(html.includes('<script>var uPlot = function () { return "<\\/script><\\!--"; };</script>')).toBe(true);
    expect(html.match(/<\/script/gi)).toHaveLength(3);
    // The license comment cannot close early.
    const comment = html.slice(html.indexOf('<!--'), html.indexOf('-->') + 3);
    expect(comment).toContain('MIT');
    expect(comment).toContain('no warranty');
  });

  it('references nothing outside the file and forbids fetching by CSP', () => {
    const html = renderReportHtml(syntheticReport(2, 100));
    // Compare matches, not the whole 100 KB document, so a failure prints only the offender.
    expect(html.match(/\ssrc\s*=/i)).toBeNull();
    expect(html.match(/<link\b/i)).toBeNull();
    expect(html.match(/@import|url\(\s*(?!['"]?data:)/i)).toBeNull();
    expect(html.match(/href\s*=\s*(?!["']?#).{0,40}/i)).toBeNull();
    expect(html.match(/href="#/g)?.length).toBeGreaterThan(3);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
  });

  it('embeds raw scenario losses as their histogram', () => {
    const data = syntheticReport(1, 60);
    const n = data.pnlDistribution!.losses!.length;
    const embedded = JSON.parse(embeddedJson(renderReportHtml(data))) as ReportData;
    const pnl = embedded.pnlDistribution!;
    expect(pnl.losses).toBeUndefined();
    expect(pnl.histogram!.counts.reduce((s, c) => s + c, 0)).toBe(n);
    expect(pnl.histogram!.edges[0]).toBe(Math.min(...data.pnlDistribution!.losses!));
    expect(pnl.var).toBe(data.pnlDistribution!.var);
    expect(embedded.assets).toEqual(data.assets);
  });

  it('has one chart element per asset chart plus the P&L histogram, and omits absent sections', () => {
    const html = renderReportHtml(syntheticReport(2, 60));
    expect(html.match(/data-chart="(price|vol|margin)"/g)).toHaveLength(6);
    expect(html.match(/data-chart="pnl"/g)).toHaveLength(1);
    const { pnlDistribution, stress, accounts, ...bare } = syntheticReport(1, 60);
    const minimal = renderReportHtml(bare);
    expect(minimal).not.toContain('data-chart="pnl"');
    expect(minimal).not.toContain('id="stress-heatmap"');
    expect(minimal).not.toContain('id="accounts-table"');
    expect(minimal).toContain('id="backtest-table"');
  });

  it('is deterministic', () => {
    expect(renderReportHtml(syntheticReport(1, 80))).toBe(renderReportHtml(syntheticReport(1, 80)));
  });
});

describe('renderReportHtml input checks', () => {
  const expectInputError = (mutate: (d: ReportData) => void, message: string) => {
    const data = syntheticReport(1, 40);
    mutate(data);
    let caught: unknown;
    try {
      renderReportHtml(data);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as Error).message).toBe(message);
  };

  it('names the JSON path of the first problem', () => {
    expectInputError((d) => d.assets[0].vol.pop(), 'report.assets[0].vol: must have 40 entries (one per date/row/bin); got 39');
    expectInputError((d) => (d.assets[0].close[3] = Number.NaN), 'report.assets[0].close[3]: must be a finite number; got NaN');
    expectInputError((d) => (d.assets[0].requirement[25] = Infinity), 'report.assets[0].requirement[25]: must be a finite number or null; got Infinity');
    expectInputError((d) => (d.assets[0].regime[7] = 3), 'report.assets[0].regime[7]: must be an index into regimes (0..2); got 3');
    expectInputError((d) => (d.assets[0].dates[2] = 'yesterday'), 'report.assets[0].dates[2]: must be an ISO 8601 date; got "yesterday"');
    expectInputError((d) => (d.assets = []), 'report.assets: must hold at least one asset');
    expectInputError((d) => (d.stress!.values[4] = [1, 2]), 'report.stress.values[4]: must have 5 entries (one per date/row/bin); got 2');
    expectInputError(
      (d) => (d.pnlDistribution!.histogram = { edges: [0, 1], counts: [1] }),
      'report.pnlDistribution: must have exactly one of losses and histogram',
    );
    expectInputError((d) => (d.pnlDistribution!.confidence = 99), 'report.pnlDistribution.confidence: must be in (0, 1); got 99');
    expectInputError((d) => (d.pnlDistribution!.losses![5] = Number.NaN), 'report.pnlDistribution.losses[5]: must be a finite number; got NaN');
    expectInputError(
      (d) => ((d.assets[0].backtest as { zone: string }).zone = 'amber'),
      'report.assets[0].backtest.zone: must be green, yellow or red; got amber',
    );
  });
});

describe('account status styling', () => {
  it('every status the engine sets (marginStatus) gets a class that the stylesheet colors', () => {
    // healthy, margin call and liquidation for IM 1,000 and MM 500 (policy/health.ts)
    const statuses = [marginStatus(2_000, 1_000, 500), marginStatus(700, 1_000, 500), marginStatus(100, 1_000, 500)];
    expect(new Set(statuses).size).toBe(3);
    const data = small();
    data.accounts = statuses.map((status, i) => ({ id: `a${i}`, initialMargin: 1_000, maintenanceMargin: 500, collateral: 0, status }));
    const html = renderReportHtml(data);
    const style = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]).join('\n');
    const classes = [...html.matchAll(/class="status (status-[a-z-]+)"/g)].map((m) => m[1]);
    expect(classes).toEqual(statuses.map((s) => `status-${s}`));
    for (const cls of classes) expect(style, cls).toMatch(new RegExp(`\\.${cls} \\{ color: #[0-9a-f]{6};`));
  });
});
