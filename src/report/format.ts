/**
 * Number formatting for the report's tables (fixed `en-US` style so the output does not depend on
 * the machine's locale). Missing values (null, undefined, non-finite) show as an em dash.
 */
import type { ReportNumberFormat } from './types.js';

/** Shown for a missing value. */
export const MISSING = '—';

/**
 * A fraction as a percentage with `digits` decimals.
 * @example formatPercent(0.12345) // '12.35%'
 */
export function formatPercent(x: number | null | undefined, digits = 2): string {
  return isFiniteNumber(x) ? `${(x * 100).toFixed(digits)}%` : MISSING;
}

/**
 * A fixed-point number.
 * @example formatFixed(0.7691383643858218, 3) // '0.769'
 */
export function formatFixed(x: number | null | undefined, digits = 3): string {
  return isFiniteNumber(x) ? x.toFixed(digits) : MISSING;
}

/**
 * A p-value with 3 decimals, or `< 0.001`.
 * @example formatPValue(0.00002) // '< 0.001'
 */
export function formatPValue(p: number | null | undefined): string {
  if (!isFiniteNumber(p)) return MISSING;
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

const GENERAL = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 6 });

/**
 * A number with up to 6 significant digits and thousands separators.
 * @example formatNumber(1234567.891) // '1,234,570'
 */
export function formatNumber(x: number | null | undefined): string {
  return isFiniteNumber(x) ? GENERAL.format(x === 0 ? 0 : x) : MISSING; // no "-0"
}

/** A value in the named format (`percent` uses 1 decimal, for axis headers). */
export function formatAs(x: number, format: ReportNumberFormat, percentDigits = 1): string {
  return format === 'percent' ? formatPercent(x, percentDigits) : formatNumber(x);
}

/** A summary or account cell: numbers via `formatNumber`, strings as given. */
export function formatCell(value: string | number | boolean | null | undefined): string {
  if (typeof value === 'number') return formatNumber(value);
  if (value === null || value === undefined) return MISSING;
  return String(value);
}

function isFiniteNumber(x: number | null | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}
