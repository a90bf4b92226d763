/**
 * Shape checks of `ReportData` before rendering, so a bad object fails with an `InputError` naming
 * the JSON path (`report.assets[1].vol[17]: ...`) instead of drawing a wrong chart.
 * Checked: types, per-date array lengths equal `dates`, finite numbers (null only where the type
 * allows it), regime indices in range, histogram and stress grid dimensions.
 */
import { InputError } from '../errors.js';
import type { ReportAsset, ReportData, ReportPnlDistribution, ReportStressGrid } from './types.js';

/**
 * Throws unless `data` has the shape of `ReportData` (see module comment for what is checked).
 * @throws InputError naming the JSON path of the first problem, rooted at `report`
 */
export function checkReportData(data: ReportData): void {
  const at = 'report';
  if (typeof data !== 'object' || data === null) fail(at, 'must be an object');
  checkString(`${at}.title`, data.title);
  checkString(`${at}.generatedAt`, data.generatedAt);
  checkArray(`${at}.inputs`, data.inputs);
  data.inputs.forEach((input, i) => {
    checkString(`${at}.inputs[${i}].name`, input?.name);
    checkString(`${at}.inputs[${i}].sha256`, input.sha256);
  });
  checkArray(`${at}.assets`, data.assets);
  if (data.assets.length === 0) fail(`${at}.assets`, 'must hold at least one asset');
  data.assets.forEach((asset, i) => checkAsset(`${at}.assets[${i}]`, asset));
  if (data.pnlDistribution !== undefined) checkPnl(`${at}.pnlDistribution`, data.pnlDistribution);
  if (data.stress !== undefined) checkStress(`${at}.stress`, data.stress);
  if (data.accounts !== undefined) {
    checkArray(`${at}.accounts`, data.accounts);
    data.accounts.forEach((account, i) => {
      const path = `${at}.accounts[${i}]`;
      if (typeof account !== 'object' || account === null) fail(path, 'must be an object');
      checkString(`${path}.id`, account.id);
      for (const key of ['initialMargin', 'maintenanceMargin', 'collateral'] as const) checkFinite(`${path}.${key}`, account[key]);
      checkString(`${path}.status`, account.status);
    });
  }
  if (typeof data.summary !== 'object' || data.summary === null || Array.isArray(data.summary)) fail(`${at}.summary`, 'must be an object');
  for (const [key, value] of Object.entries(data.summary)) {
    if (typeof value === 'number') checkFinite(`${at}.summary.${key}`, value);
    else if (typeof value !== 'string') fail(`${at}.summary.${key}`, `must be a string or number; got ${typeof value}`);
  }
}

function checkAsset(at: string, asset: ReportAsset): void {
  if (typeof asset !== 'object' || asset === null) fail(at, 'must be an object');
  checkString(`${at}.symbol`, asset.symbol);
  checkArray(`${at}.dates`, asset.dates);
  const n = asset.dates.length;
  if (n === 0) fail(`${at}.dates`, 'must hold at least one date');
  asset.dates.forEach((d, t) => {
    checkString(`${at}.dates[${t}]`, d);
    if (Number.isNaN(Date.parse(d))) fail(`${at}.dates[${t}]`, `must be an ISO 8601 date; got ${JSON.stringify(d)}`);
  });
  checkSeries(`${at}.close`, asset.close, n, false);
  checkSeries(`${at}.vol`, asset.vol, n, true);
  checkSeries(`${at}.requirement`, asset.requirement, n, true);
  checkSeries(`${at}.realizedLoss`, asset.realizedLoss, n, true);
  checkArray(`${at}.regimes`, asset.regimes);
  if (asset.regimes.length === 0) fail(`${at}.regimes`, 'must hold at least one regime');
  asset.regimes.forEach((r, k) => {
    checkString(`${at}.regimes[${k}].name`, r?.name);
    checkFinite(`${at}.regimes[${k}].multiplier`, r.multiplier);
  });
  checkLength(`${at}.regime`, asset.regime, n);
  asset.regime.forEach((k, t) => {
    if (!Number.isInteger(k) || k < 0 || k >= asset.regimes.length) {
      fail(`${at}.regime[${t}]`, `must be an index into regimes (0..${asset.regimes.length - 1}); got ${String(k)}`);
    }
  });
  checkLength(`${at}.exceptions`, asset.exceptions, n);
  asset.exceptions.forEach((e, t) => {
    if (typeof e !== 'boolean') fail(`${at}.exceptions[${t}]`, `must be true or false; got ${String(e)}`);
  });
  const b = asset.backtest;
  if (typeof b !== 'object' || b === null) fail(`${at}.backtest`, 'must be an object');
  checkFinite(`${at}.backtest.observations`, b.observations);
  checkFinite(`${at}.backtest.exceptions`, b.exceptions);
  if (b.coverage !== undefined) checkProbability(`${at}.backtest.coverage`, b.coverage);
  checkFinite(`${at}.backtest.kupiec.lr`, b.kupiec?.lr);
  checkFinite(`${at}.backtest.kupiec.pValue`, b.kupiec.pValue);
  for (const key of ['lrInd', 'pValueInd', 'lrCc', 'pValueCc'] as const) checkFinite(`${at}.backtest.christoffersen.${key}`, b.christoffersen?.[key]);
  if (!['green', 'yellow', 'red'].includes(b.zone)) fail(`${at}.backtest.zone`, `must be green, yellow or red; got ${String(b.zone)}`);
  const p = asset.procyclicality;
  if (typeof p !== 'object' || p === null) fail(`${at}.procyclicality`, 'must be an object');
  checkFinite(`${at}.procyclicality.peakToTrough`, p.peakToTrough);
  for (const key of ['maxIncrease1d', 'maxIncrease5d', 'maxIncrease30d'] as const) {
    if (p[key] !== null) checkFinite(`${at}.procyclicality.${key}`, p[key]);
  }
}

function checkPnl(at: string, pnl: ReportPnlDistribution): void {
  if (typeof pnl !== 'object' || pnl === null) fail(at, 'must be an object');
  checkString(`${at}.label`, pnl.label);
  if ((pnl.losses === undefined) === (pnl.histogram === undefined)) fail(at, 'must have exactly one of losses and histogram');
  if (pnl.losses !== undefined) {
    checkSeries(`${at}.losses`, pnl.losses, pnl.losses.length, false);
    if (pnl.losses.length === 0) fail(`${at}.losses`, 'must hold at least one loss');
  }
  if (pnl.histogram !== undefined) {
    const { edges, counts } = pnl.histogram;
    checkArray(`${at}.histogram.counts`, counts);
    if (counts.length === 0) fail(`${at}.histogram.counts`, 'must hold at least one bin');
    checkSeries(`${at}.histogram.edges`, edges, counts.length + 1, false);
    edges.forEach((e, i) => {
      if (i > 0 && !(e > edges[i - 1])) fail(`${at}.histogram.edges[${i}]`, `must be > the previous edge ${edges[i - 1]}; got ${e}`);
    });
    counts.forEach((c, i) => {
      if (!Number.isInteger(c) || c < 0) fail(`${at}.histogram.counts[${i}]`, `must be an integer >= 0; got ${String(c)}`);
    });
  }
  checkFinite(`${at}.var`, pnl.var);
  checkFinite(`${at}.es`, pnl.es);
  checkProbability(`${at}.confidence`, pnl.confidence);
  checkProbability(`${at}.esConfidence`, pnl.esConfidence);
}

function checkStress(at: string, stress: ReportStressGrid): void {
  if (typeof stress !== 'object' || stress === null) fail(at, 'must be an object');
  checkString(`${at}.label`, stress.label);
  checkSeries(`${at}.rows`, stress.rows, stress.rows?.length, false);
  checkSeries(`${at}.cols`, stress.cols, stress.cols?.length, false);
  if (stress.rows.length === 0 || stress.cols.length === 0) fail(at, 'must have at least one row and one column');
  checkLength(`${at}.values`, stress.values, stress.rows.length);
  stress.values.forEach((row, i) => checkSeries(`${at}.values[${i}]`, row, stress.cols.length, true)); // null: a cell the grid omits
  for (const key of ['rowFormat', 'colFormat', 'valueFormat'] as const) {
    const f = stress[key];
    if (f !== undefined && f !== 'percent' && f !== 'number') fail(`${at}.${key}`, `must be "percent" or "number"; got ${String(f)}`);
  }
}

function checkSeries(at: string, values: readonly (number | null)[], length: number, nullable: boolean): void {
  checkLength(at, values, length);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (x === null && nullable) continue;
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      fail(`${at}[${i}]`, `must be a finite number${nullable ? ' or null' : ''}; got ${String(x)}`);
    }
  }
}

function checkLength(at: string, values: readonly unknown[], length: number): void {
  checkArray(at, values);
  if (values.length !== length) fail(at, `must have ${length} entries (one per date/row/bin); got ${values.length}`);
}

function checkArray(at: string, value: unknown): asserts value is unknown[] {
  if (!Array.isArray(value)) fail(at, `must be an array; got ${typeof value}`);
}

function checkString(at: string, value: unknown): void {
  if (typeof value !== 'string') fail(at, `must be a string; got ${typeof value}`);
}

function checkFinite(at: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(at, `must be a finite number; got ${String(value)}`);
}

function checkProbability(at: string, value: unknown): void {
  checkFinite(at, value);
  if (!((value as number) > 0 && (value as number) < 1)) fail(at, `must be in (0, 1); got ${String(value)}`);
}

function fail(at: string, problem: string): never {
  throw new InputError(problem, { column: at });
}
