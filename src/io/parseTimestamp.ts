/**
 * Timestamps in price files: ISO 8601 date, ISO 8601 datetime, or unix milliseconds.
 * Pure and browser-safe (no `Date` string parsing, whose accepted formats vary by engine).
 */

/** `YYYY-MM-DD`. */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** `YYYY-MM-DDTHH:MM[:SS[.fff...]][Z|±HH:MM|±HHMM]`; a space may replace `T`. */
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/;
const DIGITS = /^\d+$/;

/** Smallest unix-millisecond value accepted: 1e11 ms is 1973-03-03; smaller values look like unix seconds. */
export const MIN_UNIX_MS = 1e11;
/** Largest accepted: 9999-12-31T23:59:59.999Z; larger values look like microseconds. */
export const MAX_UNIX_MS = 253402300799999;

export const TIMESTAMP_FORMATS =
  'an ISO date (YYYY-MM-DD), an ISO datetime (YYYY-MM-DDTHH:MM:SSZ) or unix milliseconds';

/**
 * Parse one timestamp to unix milliseconds (UTC).
 * A datetime without offset is taken as UTC. Fractional seconds beyond milliseconds are truncated.
 *
 * @returns the time in unix ms, or a string describing why `text` is not a timestamp.
 * @example parseTimestamp('2024-03-01') // 1709251200000
 * @example parseTimestamp('2024-03-01T01:00:00+01:00') // 1709251200000
 */
export function parseTimestamp(text: string): number | string {
  let m = ISO_DATE.exec(text);
  if (m) return utc(+m[1], +m[2], +m[3], 0, 0, 0, 0, 0) ?? invalid(text);
  m = ISO_DATETIME.exec(text);
  if (m) {
    const ms = m[7] ? +m[7].slice(0, 3).padEnd(3, '0') : 0;
    const offset = m[8] ? offsetMinutes(m[8]) : 0;
    if (offset === undefined) return invalid(text);
    return utc(+m[1], +m[2], +m[3], +m[4], +m[5], m[6] ? +m[6] : 0, ms, offset) ?? invalid(text);
  }
  if (DIGITS.test(text)) {
    const ms = Number(text);
    if (ms < MIN_UNIX_MS) return `"${text}" is before 1973 as unix milliseconds; unix seconds are not accepted`;
    if (ms > MAX_UNIX_MS) return `"${text}" is after year 9999 as unix milliseconds; microseconds are not accepted`;
    return ms;
  }
  return invalid(text);
}

function invalid(text: string): string {
  return `cannot parse "${text}"; expected ${TIMESTAMP_FORMATS}`;
}

/** Offset `Z`, `±HH:MM` or `±HHMM` in minutes east of UTC, or undefined when out of range. */
function offsetMinutes(text: string): number | undefined {
  if (text === 'Z') return 0;
  const sign = text[0] === '-' ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  const hours = +digits.slice(0, 2);
  const minutes = +digits.slice(2);
  if (hours > 23 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes);
}

/** Unix ms for calendar fields, or undefined when a field is out of range (e.g. 2023-02-29). */
function utc(
  year: number, month: number, day: number, hour: number, minute: number, second: number,
  ms: number, offsetMin: number,
): number | undefined {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  let t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (year < 100) t = new Date(t).setUTCFullYear(year); // Date.UTC maps years 0-99 to 1900-1999
  // Date.UTC rolls over (Feb 30 -> Mar 2); a changed day means the date does not exist.
  if (new Date(t).getUTCDate() !== day) return undefined;
  return t - offsetMin * 60_000;
}
