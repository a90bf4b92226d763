/** Turn the first zod issue into an InputError naming the file, the JSON path and the rule broken. */
import type * as z from 'zod';
import { InputError } from '../errors.js';
import { formatLimit } from '../inputLimits.js';

/** `accounts[12].positions[3].instrument` from ['accounts', 12, 'positions', 3, 'instrument']. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** A short rendering of a JSON value for messages. */
export function describeValue(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'object') return 'an object';
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}...` : x);
  return `${typeof x} ${String(x)}`;
}

const ARTICLE: Record<string, string> = { array: 'an array', object: 'an object', record: 'an object', int: 'an integer' };

/** InputError for the first issue of a failed safeParse (parsed with `reportInput: true`). */
export function zodInputError(error: z.ZodError, file: string): InputError {
  const issues = error.issues;
  const first = issues[0];
  let path = [...first.path];
  const input = (first as { input?: unknown }).input;
  let problem: string;
  switch (first.code) {
    case 'invalid_type':
      if (input === undefined) problem = 'missing required field';
      else if (first.expected === 'number' && typeof input === 'number') problem = `must be a finite number; got ${input}`;
      else problem = `must be ${ARTICLE[first.expected] ?? `a ${first.expected}`}; got ${describeValue(input)}`;
      break;
    case 'too_small':
    case 'too_big': {
      const small = first.code === 'too_small';
      const bound = small ? (first as z.core.$ZodIssueTooSmall).minimum : (first as z.core.$ZodIssueTooBig).maximum;
      const inclusive = first.inclusive !== false;
      if (first.origin === 'string') problem = small && Number(bound) === 1 ? 'must not be empty' : `length must be ${small ? '>=' : '<='} ${bound}`;
      else if (first.origin === 'array') problem = `must have ${small ? 'at least' : 'at most'} ${bound} entries; got ${Array.isArray(input) ? input.length : '?'}`;
      else {
        // a bound given with a reason (inputLimits.ts) says it: `must be <= 1e15 (larger values can overflow ...)`
        const reason = first.message.startsWith('(') ? ` ${first.message}` : '';
        problem = `must be ${small ? '>' : '<'}${inclusive ? '=' : ''} ${typeof bound === 'number' ? formatLimit(bound) : bound}${reason}; got ${describeValue(input).replace(/^number /, '')}`;
      }
      break;
    }
    case 'unrecognized_keys':
      path = [...path, first.keys[0]];
      problem = `unknown field${first.keys.length > 1 ? ` (also ${first.keys.slice(1).map((k) => `"${k}"`).join(', ')})` : ''}`;
      break;
    case 'invalid_union': {
      const u = first as z.core.$ZodIssueInvalidUnion & { discriminator?: string; options?: unknown[] };
      if (u.options && u.discriminator) {
        const got = input && typeof input === 'object' ? (input as Record<string, unknown>)[u.discriminator] : undefined;
        const allowed = u.options.map(String).join(', ');
        problem = got === undefined ? `missing required field (one of ${allowed})` : `must be one of ${allowed}; got ${describeValue(got)}`;
      } else {
        problem = first.message;
      }
      break;
    }
    case 'invalid_value':
      problem = input === undefined ? `missing required field (one of ${first.values.map(String).join(', ')})` : `must be one of ${first.values.map(String).join(', ')}; got ${describeValue(input)}`;
      break;
    default:
      problem = first.message;
  }
  if (issues.length > 1) problem += ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})`;
  return new InputError(problem, { file, column: jsonPath(path) || '(root)' });
}
