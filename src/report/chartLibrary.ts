/**
 * The charting library inlined into report.html, read from node_modules (Node only; the renderer
 * takes the result as an argument, so it stays pure).
 *
 * uPlot (https://github.com/leeoniya/uPlot), MIT license, Copyright (c) 2022 Leon Sorokin:
 * `dist/uPlot.iife.min.js` is about 51 KB (1.6.32) and defines the global `uPlot`; its CSS is 2 KB.
 * Chosen for size (Chart.js is about 200 KB minified), canvas time series with fast zoom/cursor,
 * bars via `uPlot.paths.bars`, no dependencies and no network access of its own.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** A charting library's browser build, ready to inline. */
export interface ChartLibrary {
  /** Package name, e.g. `uplot`. */
  name: string;
  /** Package version. */
  version: string;
  /** SPDX license id. */
  license: string;
  /** Full license text (shown in an HTML comment next to the inlined code). */
  licenseText: string;
  /** Minified browser build defining the global `uPlot`. */
  js: string;
  /** The library's stylesheet. */
  css: string;
}

let cached: ChartLibrary | undefined;

/**
 * uPlot's minified IIFE build, CSS and license from the installed package (read once, cached).
 * @throws Error when the `uplot` package is not installed
 */
export function loadChartLibrary(): ChartLibrary {
  if (cached !== undefined) return cached;
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('uplot/package.json'));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string; license: string };
  cached = {
    name: pkg.name,
    version: pkg.version,
    license: pkg.license,
    licenseText: readFileSync(join(root, 'LICENSE'), 'utf8'),
    js: readFileSync(join(root, 'dist', 'uPlot.iife.min.js'), 'utf8'),
    css: readFileSync(join(root, 'dist', 'uPlot.min.css'), 'utf8'),
  };
  return cached;
}
