/**
 * Hypothetical stress grids as plain data: price moves by underlying crossed with implied-vol
 * shocks, optional weighted extended moves, and the day-to-expiry scaling of the vol shock.
 */
import { InputError } from '../errors.js';

/** One weighted extended (tail) move: the scenario's P&L is multiplied by `weight`. */
export interface ExtendedMove {
  /** (number > -1) relative price move, e.g. -0.66. */
  move: number;
  /** (number > 0) weight applied to the scenario's P&L (Paradex-style "weighted loss"). */
  weight: number;
  /** (number > -1) relative IV shock applied with this move. Default 0. */
  volShock?: number;
}

/**
 * IV shock scaling by days to expiry: shock * (referenceDays / max(floorDays, DTE))^p, with
 * p = power when DTE < referenceDays and p = longDatedPower when DTE >= referenceDays.
 */
export interface IvShockScaling {
  /** (number > 0) reference days; 30 in the Paradex documentation. */
  referenceDays: number;
  /** (number >= 0) exponent p for DTE < referenceDays. */
  power: number;
  /** (number >= 0) exponent for DTE >= referenceDays. Default: `power`. */
  longDatedPower?: number;
  /** (number > 0) DTE floor in days. Default 1. */
  floorDays?: number;
}

export type Comovement = 'all-together' | 'each-underlying';

/** A stress grid; scenarios are priceMoves x volShocks (row-major, minus `omit`), then extendedMoves. */
export interface StressGrid {
  name: string;
  /** (finite numbers > -1, distinct) relative price moves, e.g. -0.16; the heatmap's rows. */
  priceMoves: number[];
  /** (finite numbers > -1, distinct) relative IV shocks, e.g. +0.40, -0.22; the heatmap's columns. */
  volShocks: number[];
  /** Cells of priceMoves x volShocks left out of the grid. Default none. */
  omit?: { move: number; volShock: number }[];
  /** Weighted tail moves, scenarios after the grid. Default none. */
  extendedMoves?: ExtendedMove[];
  /** Scaling of the IV shock by days to expiry. Default none (shock applied as is). */
  ivShockScaling?: IvShockScaling;
  /**
   * 'all-together': every underlying moves by the same relative move at once (SPAN-style scan);
   * 'each-underlying': each underlying is shocked alone, the others unchanged.
   */
  comovement: Comovement;
  /** Where the numbers come from. */
  source?: string;
}

// see: Paradex, "Portfolio Margin" (docs.paradex.trade/risk/portfolio-margin), SCAN risk table.
/**
 * Paradex portfolio margin SCAN grid, 24 scenarios in the documented order: spot +-4/8/12/16 % and
 * 0 % by vol +40 % / -22 % (the +-16 % moves with +40 % only), then 8 weighted extended moves with
 * vol +40 %: -66 % (24 %), -33 % (48 %), +50 % (32 %), +100 % (16 %), +200 % (8 %), +300 %
 * (5.33 %), +400 % (4 %), +500 % (3.20 %). Shocked IV = IV * (1 + shock * (30 / max(1, DTE))^p),
 * p = 0.30 if DTE < 30 else 0.13 (all as documented). Our choice: all underlyings move together.
 */
export const PARADEX_PORTFOLIO_MARGIN: StressGrid = deepFreeze({
  name: 'paradex-portfolio-margin',
  source: 'Paradex portfolio margin documentation (docs.paradex.trade), as summarized in the issue; ' +
    'scenario table, weights and vega powers from docs.paradex.trade/risk/portfolio-margin',
  priceMoves: [0.16, 0.12, 0.08, 0.04, 0, -0.04, -0.08, -0.12, -0.16],
  volShocks: [0.4, -0.22],
  omit: [{ move: 0.16, volShock: -0.22 }, { move: -0.16, volShock: -0.22 }],
  extendedMoves: [
    { move: -0.66, weight: 0.24, volShock: 0.4 },
    { move: -0.33, weight: 0.48, volShock: 0.4 },
    { move: 0.5, weight: 0.32, volShock: 0.4 },
    { move: 1, weight: 0.16, volShock: 0.4 },
    { move: 2, weight: 0.08, volShock: 0.4 },
    { move: 3, weight: 0.0533, volShock: 0.4 },
    { move: 4, weight: 0.04, volShock: 0.4 },
    { move: 5, weight: 0.032, volShock: 0.4 },
  ],
  ivShockScaling: { referenceDays: 30, power: 0.3, longDatedPower: 0.13, floorDays: 1 },
  comovement: 'all-together',
});

/**
 * A custom grid from configuration (parsed JSON), validated and normalized (defaults filled in).
 * @param config object with the fields of `StressGrid`
 * @param path JSON path of `config` for messages. Default "grid".
 * @throws InputError naming the field, e.g. `grid.priceMoves[2]: must be a finite number > -1; got -1.5`.
 * @example customGrid({ name: 'x', priceMoves: [-0.1, 0.1], volShocks: [0], comovement: 'all-together' })
 */
export function customGrid(config: unknown, path = 'grid'): StressGrid {
  return validateGrid(config, path);
}

/** Checks a grid (see `customGrid`) and returns a normalized copy. */
export function validateGrid(config: unknown, path = 'grid'): StressGrid {
  const fail = (field: string, problem: string): never => {
    throw new InputError(problem, { column: field ? `${path}.${field}` : path });
  };
  if (config === null || typeof config !== 'object' || Array.isArray(config)) return fail('', `must be an object; got ${describe(config)}`);
  const c = config as Record<string, unknown>;
  const known = ['name', 'priceMoves', 'volShocks', 'omit', 'extendedMoves', 'ivShockScaling', 'comovement', 'source'];
  for (const key of Object.keys(c)) if (!known.includes(key)) fail(key, `unknown field (expected one of ${known.join(', ')})`);

  if (typeof c.name !== 'string' || c.name.length === 0) fail('name', `must be a non-empty string; got ${describe(c.name)}`);
  if (c.comovement !== 'all-together' && c.comovement !== 'each-underlying') {
    fail('comovement', `must be "all-together" or "each-underlying"; got ${describe(c.comovement)}`);
  }
  const moveList = (field: string): number[] => {
    const v = c[field];
    if (!Array.isArray(v) || v.length === 0) return fail(field, `must be a non-empty array of numbers; got ${describe(v)}`);
    v.forEach((x, i) => {
      if (!isMove(x)) fail(`${field}[${i}]`, `must be a finite number > -1; got ${describe(x)}`);
      const j = v.indexOf(x);
      if (j !== i) fail(`${field}[${i}]`, `duplicate value ${x} (also ${field}[${j}])`);
    });
    return [...(v as number[])];
  };
  const priceMoves = moveList('priceMoves');
  const volShocks = moveList('volShocks');

  const out: StressGrid = { name: c.name as string, priceMoves, volShocks, comovement: c.comovement as Comovement };
  if (c.source !== undefined) {
    if (typeof c.source !== 'string') fail('source', `must be a string; got ${describe(c.source)}`);
    out.source = c.source as string;
  }
  if (c.omit !== undefined) {
    if (!Array.isArray(c.omit)) fail('omit', `must be an array; got ${describe(c.omit)}`);
    out.omit = (c.omit as unknown[]).map((o, i) => {
      const at = `omit[${i}]`;
      const r = record(o, at, fail);
      if (!priceMoves.includes(r.move as number)) fail(`${at}.move`, `must be one of priceMoves; got ${describe(r.move)}`);
      if (!volShocks.includes(r.volShock as number)) fail(`${at}.volShock`, `must be one of volShocks; got ${describe(r.volShock)}`);
      return { move: r.move as number, volShock: r.volShock as number };
    });
    const cells = new Set(out.omit.map((o) => `${o.move}|${o.volShock}`));
    if (cells.size >= priceMoves.length * volShocks.length) fail('omit', 'leaves no grid scenario');
  }
  if (c.extendedMoves !== undefined) {
    if (!Array.isArray(c.extendedMoves)) fail('extendedMoves', `must be an array; got ${describe(c.extendedMoves)}`);
    out.extendedMoves = (c.extendedMoves as unknown[]).map((e, i) => {
      const at = `extendedMoves[${i}]`;
      const r = record(e, at, fail);
      if (!isMove(r.move)) fail(`${at}.move`, `must be a finite number > -1; got ${describe(r.move)}`);
      if (!(typeof r.weight === 'number' && r.weight > 0 && Number.isFinite(r.weight))) fail(`${at}.weight`, `must be a finite number > 0; got ${describe(r.weight)}`);
      if (r.volShock !== undefined && !isMove(r.volShock)) fail(`${at}.volShock`, `must be a finite number > -1; got ${describe(r.volShock)}`);
      return { move: r.move as number, weight: r.weight as number, volShock: (r.volShock as number | undefined) ?? 0 };
    });
  }
  if (c.ivShockScaling !== undefined) out.ivShockScaling = checkIvShockScaling(c.ivShockScaling, fail);
  return out;
}

/**
 * Checks an IvShockScaling and fills its defaults; `fail(field, problem)` gets the field as
 * `ivShockScaling.power` etc.
 */
export function checkIvShockScaling(x: unknown, fail: (field: string, problem: string) => never): Required<IvShockScaling> {
  const r = record(x, 'ivShockScaling', fail);
  const num = (field: string, ok: (x: number) => boolean, rule: string): number => {
    const v = r[field];
    if (!(typeof v === 'number' && Number.isFinite(v) && ok(v))) fail(`ivShockScaling.${field}`, `must be ${rule}; got ${describe(v)}`);
    return v as number;
  };
  const power = num('power', (v) => v >= 0, 'a finite number >= 0');
  return {
    referenceDays: num('referenceDays', (v) => v > 0, 'a finite number > 0'),
    power,
    longDatedPower: r.longDatedPower === undefined ? power : num('longDatedPower', (v) => v >= 0, 'a finite number >= 0'),
    floorDays: r.floorDays === undefined ? 1 : num('floorDays', (v) => v > 0, 'a finite number > 0'),
  };
}

/** `+4%`, `-0.5%`, `0%`: a relative move as a signed percentage (at most 4 decimals). */
export function formatPercent(x: number): string {
  const p = Number((x * 100).toFixed(4));
  return `${p > 0 ? '+' : ''}${p === 0 ? 0 : p}%`;
}

function isMove(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x > -1;
}

function record(x: unknown, at: string, fail: (field: string, problem: string) => never): Record<string, unknown> {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return fail(at, `must be an object; got ${describe(x)}`);
  return x as Record<string, unknown>;
}

function describe(x: unknown): string {
  if (x === undefined) return 'nothing';
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'object') return 'an object';
  if (typeof x === 'string') return JSON.stringify(x);
  return String(x);
}

function deepFreeze<T>(x: T): T {
  if (x && typeof x === 'object') {
    for (const v of Object.values(x)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
}
