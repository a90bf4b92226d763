/**
 * Strict parsers for numeric command-line options (`--window 3x` is an error, not 3).
 * Commander reports a thrown `InvalidArgumentError` as
 * `error: option '--window <n>' argument '3x' is invalid. must be an integer, e.g. 30`.
 */
import { InvalidArgumentError } from 'commander';
import { InputError } from '../errors.js';

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Integer option value (range checks are left to the API, which names the option). */
export function parseIntegerOption(text: string): number {
  if (!INTEGER.test(text)) throw new InvalidArgumentError('must be an integer, e.g. 30');
  return Number(text);
}

/** Finite decimal option value (no hex, no `Infinity`). */
export function parseNumberOption(text: string): number {
  const value = Number(text);
  if (!DECIMAL.test(text) || !Number.isFinite(value)) throw new InvalidArgumentError('must be a finite number, e.g. 0.94');
  return value;
}

/**
 * Rename an API option error (`window: must be ...`) to the command-line flag (`--window: must be ...`).
 * Errors that name a file, or an unknown column, pass through unchanged.
 */
export function asOptionError(err: unknown, options: readonly string[]): unknown {
  if (err instanceof InputError && err.file === undefined && err.column !== undefined && options.includes(err.column)) {
    return new InputError(err.problem, { column: `--${err.column.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` });
  }
  return err;
}
