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
