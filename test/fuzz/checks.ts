// Contract checks of the readers' outputs and errors, written independently of the parsers:
// each returns a list of problems (empty = fine), so the fuzz loop can report all of them.
import type { InputError } from '../../src/errors.js';
import type { Market } from '../../src/market/types.js';
import type { Portfolio } from '../../src/portfolio/types.js';
import type { PriceSeries } from '../../src/prices/types.js';

const finite = Number.isFinite;

/** Rendering slips that should never reach a user: JS internals in the message. */
function renderingSlips(error: InputError, source: string): string[] {
  const out: string[] = [];
  for (const slip of ['undefined', '[object ', 'function ']) {
    if (error.message.includes(slip) && !source.includes(slip.trim())) out.push(`message shows "${slip.trim()}"`);
  }
  if (error.problem.trim() === '') out.push('empty problem');
  return out;
}

/** CSV errors: `file:line: [column: ]problem`, line within the text. */
export function checkCsvError(error: InputError, file: string, text: string): string[] {
  const out = renderingSlips(error, text);
  if (error.file !== file) out.push(`file is ${String(error.file)}`);
  const lines = text.split('\n').length;
  if (!Number.isInteger(error.line) || error.line! < 1 || error.line! > lines) {
    out.push(`line ${String(error.line)} not in [1, ${lines}]`);
  } else if (!error.message.startsWith(`${file}:${error.line}: `)) {
    out.push('message does not start with file:line');
  }
  return out;
}

/** A JSON path as jsonPath() writes it: `a.b[3]["odd key"]`, or `(root)`. */
const JSON_PATH = /^(?:\(root\)|(?:[A-Za-z_$][\w$]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])(?:\.[A-Za-z_$][\w$]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])*)$/;

/** Value at a JSON path in `doc` (undefined when absent). */
export function atPath(doc: unknown, path: string): { found: boolean; value?: unknown } {
  if (path === '(root)') return { found: true, value: doc };
  const steps = [...path.matchAll(/\.?([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)].map((m) =>
    m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]) as string)),
  );
  let v: unknown = doc;
  for (const s of steps) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, s)) return { found: false };
    v = (v as Record<string | number, unknown>)[s];
  }
  return { found: true, value: v };
}

/**
 * JSON errors name the file and either a line (syntax errors: `file:line:column: invalid JSON`) or a
 * JSON path: `InputError.column`, or at the start of the problem (`correlation[1][2] = ...`). The
 * path's parent must exist in the document (the leaf may be the missing field).
 * `allowPathless` lists problem prefixes accepted without a path (documented exceptions).
 */
export function checkJsonError(error: InputError, file: string, text: string, doc: unknown, allowPathless: readonly string[] = []): string[] {
  const out = renderingSlips(error, text);
  if (error.file !== file) out.push(`file is ${String(error.file)}`);
  if (!error.message.startsWith(`${file}:`)) out.push('message does not start with the file name');
  if (error.line !== undefined) {
    const lines = text.split('\n').length;
    // syntax errors, and keys repeated in one object (`file:line:column: path: duplicate key "k" ...`)
    if (!/^.*?:\d+:\d+: (invalid JSON: .|(\S+: )?duplicate key ")/.test(error.message)) out.push('line given but not file:line:column: invalid JSON');
    if (error.line < 1 || error.line > lines) out.push(`line ${error.line} not in [1, ${lines}]`);
    return out;
  }
  let path = error.column;
  if (path === undefined) {
    // e.g. `correlation[1][2] = 0.5 but ...` or `correlation: must be 3 x 3 ...`
    const lead = /^(\S+?)(?: = |: )/.exec(error.problem)?.[1];
    if (lead !== undefined && JSON_PATH.test(lead)) path = lead;
  }
  if (path === undefined) {
    if (!allowPathless.some((p) => error.problem.startsWith(p))) out.push('names no JSON path');
    return out;
  }
  if (!JSON_PATH.test(path)) out.push(`"${path}" is not a JSON path`);
  const parent = path.replace(/(?:\.[A-Za-z_$][\w$]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])$/, '');
  if (doc !== undefined && parent !== path && !atPath(doc, parent || '(root)').found) out.push(`path ${path}: parent not in the document`);
  return out;
}

/** An accepted price file: every rule of the README's price CSV section holds. */
export function checkPriceSeries(list: PriceSeries[], file: string): string[] {
  const out: string[] = [];
  if (list.length === 0) out.push('no series');
  const symbols = new Set<string>();
  for (const s of list) {
    const n = s.close.length;
    const name = `series ${s.symbol}`;
    if (s.symbol.trim() === '' || s.symbol !== s.symbol.trim()) out.push(`${name}: symbol not trimmed or empty`);
    if (symbols.has(s.symbol)) out.push(`${name}: symbol twice`);
    symbols.add(s.symbol);
    if (s.source !== file) out.push(`${name}: source ${s.source}`);
    if (n < 1) out.push(`${name}: no rows`);
    for (const [k, a] of Object.entries({ times: s.times, open: s.open, high: s.high, low: s.low, dates: s.dates, volume: s.volume ?? s.close })) {
      if (a.length !== n) out.push(`${name}: ${k} has ${a.length} entries, close ${n}`);
    }
    for (let i = 0; i < n && out.length < 5; i++) {
      const [o, h, l, c] = [s.open[i], s.high[i], s.low[i], s.close[i]];
      if (![o, h, l, c].every((x) => finite(x) && x > 0)) out.push(`${name}[${i}]: price not positive finite (${o}, ${h}, ${l}, ${c})`);
      if (!(h >= l)) out.push(`${name}[${i}]: high ${h} < low ${l}`);
      if (!(o >= l && o <= h && c >= l && c <= h)) out.push(`${name}[${i}]: open/close outside [low, high]`);
      if (s.volume && !(finite(s.volume[i]) && s.volume[i] >= 0)) out.push(`${name}[${i}]: volume ${s.volume[i]}`);
      if (!finite(s.times[i])) out.push(`${name}[${i}]: time ${s.times[i]}`);
      if (i > 0 && !(s.times[i] > s.times[i - 1])) out.push(`${name}[${i}]: time not after the previous`);
      if (s.dates[i] === '' || s.dates[i] !== s.dates[i].trim()) out.push(`${name}[${i}]: date "${s.dates[i]}" empty or untrimmed`);
    }
  }
  return out;
}

/** An accepted market: shapes agree, values in range, correlation a correlation matrix. */
export function checkMarket(m: Market, tolerance = 1e-9): string[] {
  const out: string[] = [];
  const n = m.symbols.length;
  if (n < 1) out.push('no underlyings');
  if (new Set(m.symbols).size !== n) out.push('duplicate symbols');
  if (m.symbols.some((s) => typeof s !== 'string' || s === '')) out.push('empty symbol');
  if (m.spot.length !== n || m.vol.length !== n || m.correlation.length !== n * n) out.push('array lengths disagree');
  if (!finite(m.asOfMs)) out.push(`asOfMs ${m.asOfMs}`);
  if (!finite(m.rate)) out.push(`rate ${m.rate}`);
  m.spot.forEach((x, i) => !(finite(x) && x > 0) && out.push(`spot[${i}] = ${x}`));
  m.vol.forEach((x, i) => !(finite(x) && x >= 0) && out.push(`vol[${i}] = ${x}`));
  const c = m.correlation;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = c[i * n + j];
      if (!finite(x)) out.push(`correlation[${i}][${j}] = ${x}`);
      if (i === j && Math.abs(x - 1) > tolerance) out.push(`correlation[${i}][${i}] = ${x}, not 1`);
      if (Math.abs(x - c[j * n + i]) > tolerance) out.push(`correlation[${i}][${j}] not symmetric`);
      if (Math.abs(x) > 1 + tolerance) out.push(`correlation[${i}][${j}] = ${x} outside [-1, 1]`);
    }
  }
  // positive semi-definite: x' C x >= 0 (up to rounding) for a few fixed directions
  for (let d = 0; d < 2 * n && out.length === 0; d++) {
    const x = Array.from({ length: n }, (_, i) => Math.sin(1 + d * 7.3 + i * 2.1));
    let q = 0;
    let norm = 0;
    for (let i = 0; i < n; i++) {
      norm += x[i] * x[i];
      for (let j = 0; j < n; j++) q += x[i] * c[i * n + j] * x[j];
    }
    if (q < -1e-8 * norm) out.push(`x' C x = ${q} < 0: not positive semi-definite`);
  }
  return out;
}

/** An accepted portfolio: ids unique, references resolved, values in range. */
export function checkPortfolio(p: Portfolio, m: Market): string[] {
  const out: string[] = [];
  const ids = new Set<string>();
  p.instruments.forEach((ins, i) => {
    const at = `instruments[${i}]`;
    if (ins.id === '' || ids.has(ins.id)) out.push(`${at}: id "${ins.id}" empty or repeated`);
    ids.add(ins.id);
    if (m.symbols[ins.underlyingIndex] !== ins.underlying) out.push(`${at}: underlyingIndex does not name ${ins.underlying}`);
    if (!(finite(ins.multiplier) && ins.multiplier > 0)) out.push(`${at}: multiplier ${ins.multiplier}`);
    if (!['perpetual', 'future', 'spot', 'option'].includes(ins.kind)) out.push(`${at}: kind ${ins.kind}`);
    const dated = ins.kind === 'future' || ins.kind === 'option';
    if (dated && !(finite(ins.expiryYears!) && ins.expiryYears! > 0)) out.push(`${at}: expiryYears ${ins.expiryYears}`);
    if (!dated && ins.expiryYears !== undefined) out.push(`${at}: ${ins.kind} with an expiry`);
    if (ins.kind === 'option') {
      if (ins.right !== 'call' && ins.right !== 'put') out.push(`${at}: right ${ins.right}`);
      if (!(finite(ins.strike!) && ins.strike! > 0)) out.push(`${at}: strike ${ins.strike}`);
      if (!(finite(ins.iv!) && ins.iv! > 0)) out.push(`${at}: iv ${ins.iv}`);
    }
  });
  const accounts = new Set<string>();
  p.accounts.forEach((a, k) => {
    if (a.id === '' || accounts.has(a.id)) out.push(`accounts[${k}]: id "${a.id}" empty or repeated`);
    accounts.add(a.id);
    for (const [asset, amount] of Object.entries(a.collateral)) {
      if (asset === '' || !finite(amount)) out.push(`accounts[${k}].collateral: ${asset} = ${amount}`);
    }
    a.positions.forEach((pos, j) => {
      const ins = p.instruments[pos.instrumentIndex];
      if (!ins || ins.id !== pos.instrument) out.push(`accounts[${k}].positions[${j}]: instrumentIndex does not name "${pos.instrument}"`);
      if (!finite(pos.quantity)) out.push(`accounts[${k}].positions[${j}]: quantity ${pos.quantity}`);
    });
  });
  return out;
}
