/**
 * The first repeated key of an object in JSON text (`"spot": -5, "spot": 91000`): JSON.parse keeps
 * the last silently, so a file could say two things and be read as one (browser-safe). The text
 * must be valid JSON (run after JSON.parse succeeded).
 */
import { jsonPath } from './zodIssue.js';

export interface DuplicateKey {
  key: string;
  /** JSON path of the object holding the key, e.g. `underlyings[0]` ('' for the top level). */
  path: string;
  /** Offsets of the first and the repeated occurrence of the key. */
  firstOffset: number;
  offset: number;
}

interface Frame {
  /** Keys seen (objects; undefined for arrays) and their offsets: arrays, as objects have few keys. */
  keys?: string[];
  offsets?: number[];
  /** The same as a map once an object has many keys (no quadratic search). */
  map?: Map<string, number>;
  /** The key or index of this container in its parent. */
  at: string | number;
  /** Next index (arrays) or the last key read (objects). */
  index: number;
  key?: string;
}

const QUOTE = 34;
const BACKSLASH = 92;

export function findDuplicateKey(text: string): DuplicateKey | undefined {
  const stack: Frame[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      const top = stack[stack.length - 1];
      if (expectKey && top?.keys) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes('\\') ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
        const first = firstOffset(top, key);
        if (first !== undefined) return { key, path: pathOf(stack), firstOffset: first, offset: i };
        if (top.map) top.map.set(key, i);
        else {
          top.keys.push(key);
          top.offsets!.push(i);
          if (top.keys.length > 16) top.map = new Map(top.keys.map((k, j) => [k, top.offsets![j]]));
        }
        top.key = key;
        expectKey = false;
      }
      i = end;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      const parent = stack[stack.length - 1];
      const at = parent === undefined ? '' : parent.keys ? parent.key! : parent.index;
      stack.push(c === 123 ? { keys: [], offsets: [], at, index: 0 } : { at, index: 0 });
      expectKey = c === 123;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      stack.pop();
      expectKey = false;
    } else if (c === 44 /* , */) {
      const top = stack[stack.length - 1];
      if (top?.keys) expectKey = true;
      else if (top) top.index++;
    }
  }
  return undefined;
}

/** Object keys written in valid JSON text: the strings followed (after whitespace) by a colon. */
export function keysInText(text: string): number {
  let keys = 0;
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) {
    i = stringEnd(text, i);
    let j = i + 1;
    let c = text.charCodeAt(j);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++j);
    if (c === 58 /* : */) keys++;
  }
  return keys;
}

/** Own keys of every object in a parsed JSON value (iterative: no recursion limit). */
export function keysInValue(value: unknown): number {
  let keys = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (const x of v) if (typeof x === 'object' && x !== null) stack.push(x);
      continue;
    }
    for (const k in v) {
      keys++;
      const x = (v as Record<string, unknown>)[k];
      if (typeof x === 'object' && x !== null) stack.push(x);
    }
  }
  return keys;
}

function firstOffset(frame: Frame, key: string): number | undefined {
  if (frame.map) return frame.map.get(key);
  const seen = frame.keys!.indexOf(key);
  return seen >= 0 ? frame.offsets![seen] : undefined;
}

/** Offset of the closing quote of the string opening at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start;
  for (;;) {
    i = text.indexOf('"', i + 1);
    let slashes = 0;
    while (text.charCodeAt(i - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return i;
  }
}

function pathOf(stack: readonly Frame[]): string {
  return jsonPath(stack.slice(1).map((f) => f.at));
}
