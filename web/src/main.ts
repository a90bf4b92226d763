/**
 * The dynamargin page: load the sample book or the user's files, compute every account's VaR / ES
 * in this page (Web Workers when cross-origin isolated), sort the accounts, open one to see its loss
 * distribution and Greeks, and edit its positions (what-if, through `book.updateAccount`).
 * `window.__dynamargin` exposes the state (figures, options, timings) to tests and the console.
 */
import 'uplot/dist/uPlot.min.css';
import './style.css';
import {
  browserCapabilities,
  createEngine,
  type AccountRisk,
  type BrowserCapabilities,
  type Engine,
  type MarketFile,
  type PortfolioFile,
  type PositionInput,
  type RiskBook,
  type RiskModel,
  type RiskOptions,
} from '../../src/browser/index.js';
import { AccountsTable, escapeHtml } from './accountsTable.js';
import { parseFiles, sampleInputs, type Inputs, type NamedText } from './inputs.js';
import { accountLosses, LossChart } from './lossChart.js';
import { marginRow, pageBook, pagePolicy, type Basis } from './margin.js';
import { REGIMES, VolChart } from './volChart.js';

type RiskSettings = Omit<RiskOptions, 'onProgress' | 'prices' | 'memoryLimitBytes'>;

export interface PageHook {
  capabilities: BrowserCapabilities;
  threads: number;
  state: 'loading' | 'ready' | 'computing' | 'done' | 'error';
  /** What the last computation ran on: market.json / portfolio.json contents. */
  inputs?: { label: string; accounts: number; instruments: number; market: MarketFile; portfolio: PortfolioFile };
  /** Options of the last computation. */
  options?: RiskSettings;
  /** Every account's figures after the last computation (what-if edits applied). */
  accounts?: AccountRisk[];
  computeMs?: number;
  /** The last what-if: positions sent to `book.updateAccount` and its result. */
  whatIf?: { id: string; positions: PositionInput[]; risk: AccountRisk };
  /** Message of the last input error (file:line: column: problem). */
  inputError?: string;
  error?: string;
}

declare global {
  interface Window {
    __dynamargin: PageHook;
  }
}

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;
const num = (id: string): number => Number($<HTMLInputElement>(id).value);
const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

const hook: PageHook = (window.__dynamargin = { capabilities: browserCapabilities(), threads: 0, state: 'loading' });
const setState = (state: PageHook['state']) => {
  hook.state = state;
  document.body.dataset.state = state;
};

let engine: Engine;
let inputs: Inputs | undefined;
let book: RiskBook | undefined;
let positions = new Map<string, PositionInput[]>();
let pnlCache = new Map<string, Float64Array>();
let selected: string | undefined;
const table = new AccountsTable($<HTMLTableElement>('accounts'), (id) => selectAccount(id));
const lossChart = new LossChart($('loss-chart'));
const volChart = new VolChart($('vol-chart'));

function showInputError(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  hook.inputError = message;
  const el = $('input-error');
  el.textContent = message;
  el.hidden = false;
  document.body.dataset.inputError = 'true';
}

function clearInputError(): void {
  hook.inputError = undefined;
  $('input-error').hidden = true;
  delete document.body.dataset.inputError;
}

async function setInputs(next: Inputs): Promise<void> {
  await ready;
  book?.release();
  book = undefined;
  inputs = next;
  positions = new Map(next.portfolio.accounts.map((a) => [a.id, a.positions.map((p) => ({ instrument: p.instrument, quantity: p.quantity }))]));
  hook.inputs = {
    label: next.label,
    accounts: next.portfolio.accounts.length,
    instruments: next.portfolio.instruments.length,
    market: next.marketFile,
    portfolio: next.portfolioFile,
  };
  hook.accounts = undefined;
  $('loaded').textContent = `Loaded ${next.label}: ${next.portfolio.accounts.length} accounts, ${next.portfolio.instruments.length} instruments on ${next.market.symbols.join(', ')}.`;
  table.setRows([]);
  $('account-panel').hidden = true;
  selected = undefined;
  $<HTMLButtonElement>('compute').disabled = false;
  setState('ready');
  await showVolatility();
}

async function showVolatility(): Promise<void> {
  const prices = inputs?.prices;
  $('vol-panel').hidden = !prices;
  if (!prices) return;
  const vols = await engine.volatility(prices, { estimator: 'ewma', window: 30, lambda: 0.94 });
  const select = $<HTMLSelectElement>('vol-symbol');
  select.innerHTML = vols.map((v, i) => `<option value="${i}">${escapeHtml(v.symbol)}</option>`).join('');
  select.onchange = () => volChart.show(vols[Number(select.value)]);
  $('regime-thresholds').textContent = REGIMES.upThresholds.map((u, i) => `up ${u * 100}% / down ${REGIMES.downThresholds[i] * 100}%`).join(', ');
  volChart.show(vols[0]);
}

function settings(): RiskSettings {
  const model = $<HTMLSelectElement>('model-select').value as RiskModel;
  return {
    model,
    confidence: num('confidence'),
    esConfidence: num('es-confidence'),
    horizonDays: num('horizon'),
    scenarios: num('scenarios'),
    seed: num('seed'),
    ...(model === 'student-t' ? { dof: num('dof') } : {}),
  };
}

function basis(): Basis {
  return $<HTMLSelectElement>('requirement-basis').value as Basis;
}

/** The policy margin row of account i (same code as `dynamargin calibrate`). */
function rowOf(risk: AccountRisk, i: number) {
  const meta = book!.result.meta;
  const config = pagePolicy(basis(), meta);
  return marginRow(risk, meta, positions.get(risk.id)!, inputs!.portfolio.accounts[i].collateral, pageBook(inputs!.portfolio, inputs!.market, config), config);
}

function rows() {
  if (!book || !inputs) return [];
  const meta = book.result.meta;
  const config = pagePolicy(basis(), meta);
  const policy = pageBook(inputs.portfolio, inputs.market, config);
  return book.result.accounts.map((risk, i) => marginRow(risk, meta, positions.get(risk.id)!, inputs!.portfolio.accounts[i].collateral, policy, config));
}

function renderSummary(): void {
  const r = rows();
  const count = (s: string) => r.filter((x) => x.status === s).length;
  const unpriced = count('unpriced');
  $('summary').textContent =
    `${r.length} accounts: ${count('healthy')} healthy, ${count('margin-call')} margin-call, ${count('liquidate')} liquidate` +
    (unpriced ? `, ${unpriced} with collateral not priced` : '') +
    ` — the default margin policy (as dynamargin calibrate) on ${basis() === 'es' ? 'ES' : 'VaR'}: regimes, anti-procyclicality, add-ons, collateral haircuts, 50% cap on any one non-cash asset.`;
}

async function compute(): Promise<void> {
  if (!inputs) return;
  const options = settings();
  const progress = $<HTMLProgressElement>('progress');
  const status = $('compute-status');
  book?.release();
  book = undefined;
  pnlCache = new Map();
  setState('computing');
  $<HTMLButtonElement>('compute').disabled = true;
  progress.hidden = false;
  progress.value = 0;
  status.textContent = 'computing...';
  const t0 = performance.now();
  try {
    book = await engine.book(inputs.portfolioFile, inputs.marketFile, { ...options, onProgress: (f) => (progress.value = f) });
    hook.computeMs = performance.now() - t0;
    hook.options = options;
    hook.accounts = book.result.accounts;
    // the book keeps the positions it computed with; what-if edits start from them
    positions = new Map(inputs.portfolio.accounts.map((a) => [a.id, a.positions.map((p) => ({ instrument: p.instrument, quantity: p.quantity }))]));
    status.textContent = `${inputs.portfolio.accounts.length} accounts x ${book.scenarios} scenarios in ${hook.computeMs.toFixed(0)} ms on ${engine.threads} thread${engine.threads > 1 ? 's' : ''}`;
    table.setRows(rows());
    renderSummary();
    if (selected !== undefined) selectAccount(selected);
    else selectAccount(table.firstId() ?? book.result.accounts[0].id);
    setState('done');
  } catch (err) {
    hook.error = err instanceof Error ? err.message : String(err);
    status.textContent = hook.error;
    setState('error');
  } finally {
    progress.hidden = true;
    $<HTMLButtonElement>('compute').disabled = false;
  }
}

function pnl(instrument: string): Float64Array {
  let p = pnlCache.get(instrument);
  if (!p) pnlCache.set(instrument, (p = book!.instrumentPnl(instrument)));
  return p;
}

function selectAccount(id: string): void {
  if (!book || !inputs) return;
  selected = id;
  table.selected = id;
  table.render();
  $('account-panel').hidden = false;
  $('account-title').textContent = `Account ${id}`;
  const add = $<HTMLSelectElement>('add-instrument');
  add.innerHTML = inputs.portfolio.instruments.map((ins) => `<option>${escapeHtml(ins.id)}</option>`).join('');
  renderPositions();
  renderAccount(book.result.accounts.find((a) => a.id === id)!);
}

function renderPositions(): void {
  const list = positions.get(selected!)!;
  $<HTMLTableElement>('positions').tBodies[0].innerHTML = list
    .map(
      (p, i) =>
        `<tr><td>${escapeHtml(p.instrument)}</td><td><input type="number" step="any" data-index="${i}" data-instrument="${escapeHtml(p.instrument)}" value="${p.quantity}"></td>` +
        `<td><button type="button" data-remove="${i}" title="remove">×</button></td></tr>`,
    )
    .join('');
}

/** Recompute the selected account from the edited positions (`book.updateAccount`). */
function whatIf(list: PositionInput[]): void {
  if (!book || selected === undefined) return;
  const errorEl = $('what-if-error');
  try {
    const risk = book.updateAccount(selected, list);
    errorEl.hidden = true;
    positions.set(selected, list);
    hook.whatIf = { id: selected, positions: list.map((p) => ({ ...p })), risk };
    hook.accounts = book.result.accounts;
    const i = book.result.accounts.findIndex((a) => a.id === selected);
    table.updateRow(rowOf(risk, i));
    renderSummary();
    renderAccount(risk);
  } catch (err) {
    errorEl.textContent = err instanceof Error ? err.message : String(err);
    errorEl.hidden = false;
  }
}

function renderAccount(risk: AccountRisk): void {
  const i = book!.result.accounts.findIndex((a) => a.id === risk.id);
  const row = rowOf(risk, i);
  const el = $('what-if');
  el.dataset.var = String(risk.var);
  el.dataset.es = String(risk.es);
  el.innerHTML =
    `VaR <b>${fmt.format(risk.var)}</b> [${fmt.format(risk.varCi[0])}, ${fmt.format(risk.varCi[1])}] · ` +
    `ES <b>${fmt.format(risk.es)}</b> [${fmt.format(risk.esCi[0])}, ${fmt.format(risk.esCi[1])}] · ` +
    `initial margin ${Number.isNaN(row.requirement) ? 'n/a' : fmt.format(row.requirement)} · ` +
    `equity ${Number.isNaN(row.collateral) ? 'n/a' : fmt.format(row.collateral)} · <span class="status-${row.status}">${row.status}</span>`;
  const g = risk.greeks;
  const rowsHtml = Object.entries(g.byUnderlying).map(
    ([u, x]) => `<tr><td>${escapeHtml(u)}</td><td class="num">${fmt.format(x.delta)}</td><td class="num">${fmt.format(x.gamma)}</td><td class="num">${fmt.format(x.vega)}</td><td class="num">${fmt.format(x.theta)}</td></tr>`,
  );
  const greeks = $<HTMLTableElement>('greeks');
  greeks.tHead!.innerHTML = '<tr><th>underlying</th><th class="num">delta</th><th class="num">gamma</th><th class="num">vega</th><th class="num">theta / day</th></tr>';
  greeks.tBodies[0].innerHTML =
    rowsHtml.join('') +
    `<tr class="total"><td>total</td><td class="num">${fmt.format(g.deltaUsd)} USD</td><td class="num">${fmt.format(g.gammaUsd)} USD/1%</td><td class="num">${fmt.format(g.vega)}</td><td class="num">${fmt.format(g.theta)}</td></tr>`;
  const losses = accountLosses(positions.get(risk.id)!, pnl, book!.scenarios);
  lossChart.update(losses, risk.var, risk.es);
}

async function readFiles(list: FileList | File[]): Promise<void> {
  clearInputError();
  try {
    const files: NamedText[] = await Promise.all(Array.from(list).map(async (f) => ({ name: f.name, text: await f.text() })));
    if (files.length === 0) return;
    await setInputs(parseFiles(files, num('sample-accounts')));
  } catch (err) {
    showInputError(err);
  }
}

function wire(): void {
  $('load-sample').addEventListener('click', () => {
    clearInputError();
    try {
      void setInputs(sampleInputs(num('sample-accounts')));
    } catch (err) {
      showInputError(err);
    }
  });
  const fileInput = $<HTMLInputElement>('file-input');
  fileInput.addEventListener('change', () => {
    if (fileInput.files) void readFiles(fileInput.files).finally(() => (fileInput.value = ''));
  });
  const drop = $('drop-zone');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    if (e.dataTransfer?.files) void readFiles(e.dataTransfer.files);
  });
  $('compute').addEventListener('click', () => void compute());
  $('requirement-basis').addEventListener('change', () => {
    if (!book) return;
    table.setRows(rows());
    renderSummary();
    if (selected) renderAccount(book.result.accounts.find((a) => a.id === selected)!);
  });
  const posTable = $<HTMLTableElement>('positions');
  posTable.addEventListener('input', (e) => {
    const input = e.target as HTMLInputElement;
    if (input.dataset.index === undefined || input.value.trim() === '') return;
    const q = Number(input.value);
    if (!Number.isFinite(q)) return;
    const list = positions.get(selected!)!.map((p) => ({ ...p }));
    list[Number(input.dataset.index)].quantity = q;
    whatIf(list);
  });
  posTable.addEventListener('click', (e) => {
    const i = (e.target as HTMLElement).dataset.remove;
    if (i === undefined) return;
    whatIf(positions.get(selected!)!.filter((_, j) => j !== Number(i)));
    renderPositions();
  });
  $('add-position').addEventListener('click', () => {
    const q = Number($<HTMLInputElement>('add-quantity').value);
    if (!Number.isFinite(q) || q === 0) return;
    whatIf([...positions.get(selected!)!, { instrument: $<HTMLSelectElement>('add-instrument').value, quantity: q }]);
    renderPositions();
  });
}

async function start(): Promise<void> {
  wire();
  const caps = hook.capabilities;
  try {
    // `?threads=N` overrides the default (all cores when cross-origin isolated, else 1)
    const threads = new URLSearchParams(location.search).get('threads');
    engine = await createEngine(threads ? { threads: Number(threads) } : {});
  } catch (err) {
    hook.error = err instanceof Error ? err.message : String(err);
    $('capabilities').textContent = `Could not start the engine: ${hook.error}`;
    setState('error');
    return;
  }
  hook.threads = engine.threads;
  $('capabilities').textContent = caps.crossOriginIsolated
    ? `Cross-origin isolated: computing on ${engine.threads} Web Worker${engine.threads > 1 ? 's' : ''} sharing one WebAssembly.Memory.`
    : 'Not cross-origin isolated (no COOP/COEP headers): computing on the main thread.';
  setState('ready');
}

const ready = start();
