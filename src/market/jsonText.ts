/**
 * JSON text to value, with syntax errors located as `file:line:column` (browser-safe). V8's own
 * messages only sometimes carry a position, so on failure a small RFC 8259 scanner finds the
 * first offending character.
 */
import { InputError } from '../errors.js';
import { findDuplicateKey, keysInText, keysInValue } from './duplicateKeys.js';

/**
 * `JSON.parse(text)`, or an InputError `portfolio.json:12:5: invalid JSON: expected ',' or '}'`
 * (line and column 1-based; `.file` and `.line` are set, the column is in the message), or for a key
 * repeated in one object `market.json:4:30: underlyings[0]: duplicate key "spot" (also at line 4, column 12); ...`.
 */
export function parseJsonText(text: string, file: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const found = findJsonSyntaxError(text) ?? { offset: 0, problem: (error as Error).message };
    const { line, column } = lineAndColumn(text, found.offset);
    const err = new InputError(`invalid JSON: ${found.problem}`, { file, line });
    // InputError prints `file:line: `; compilers and editors expect `file:line:column: `.
    err.message = `${file}:${line}:${column}: invalid JSON: ${found.problem}`;
    throw err;
  }
  // fast check first: a repeated key leaves the parsed objects with fewer keys than the text has
  const duplicate = keysInText(text) === keysInValue(value) ? undefined : findDuplicateKey(text);
  if (duplicate) {
    const at = lineAndColumn(text, duplicate.offset);
    const first = lineAndColumn(text, duplicate.firstOffset);
    const key = JSON.stringify(duplicate.key.length > 60 ? `${duplicate.key.slice(0, 60)}...` : duplicate.key);
    const err = new InputError(
      `duplicate key ${key} (also at line ${first.line}, column ${first.column}); a key may appear once per object`,
      { file, line: at.line, column: duplicate.path || undefined },
    );
    err.message = `${file}:${at.line}:${at.column}: ${duplicate.path ? `${duplicate.path}: ` : ''}${err.problem}`;
    throw err;
  }
  return value;
}

/** 1-based line and column (in UTF-16 code units) of `offset`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;
const ESCAPES = '"\\/bfnrt';
const HEX4 = /[0-9a-fA-F]{4}/y;

/** Offset and description of the first JSON syntax error (RFC 8259 grammar), or undefined. */
export function findJsonSyntaxError(text: string): { offset: number; problem: string } | undefined {
  let pos = 0;
  class Syntax {
    constructor(readonly offset: number, readonly problem: string) {}
  }
  const fail = (problem: string, at = pos): never => {
    throw new Syntax(at, problem);
  };
  const describe = (): string => (pos >= text.length ? 'end of input' : `character ${JSON.stringify(text[pos])}`);
  const ws = (): void => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos])) pos++;
  };
  const string = (): void => {
    pos++; // opening quote
    for (;;) {
      if (pos >= text.length) fail('unterminated string');
      const ch = text[pos];
      if (ch === '"') {
        pos++;
        return;
      }
      if (ch === '\\') {
        const esc = text[pos + 1];
        if (esc === 'u') {
          HEX4.lastIndex = pos + 2;
          if (!HEX4.test(text)) fail('invalid \\u escape in string');
          pos += 6;
        } else if (esc !== undefined && ESCAPES.includes(esc)) {
          pos += 2;
        } else {
          fail('invalid escape in string');
        }
        continue;
      }
      if (ch.charCodeAt(0) < 0x20) fail('unescaped control character in string');
      pos++;
    }
  };
  const value = (): void => {
    ws();
    const ch = text[pos];
    if (ch === '{') {
      pos++;
      ws();
      if (text[pos] === '}') {
        pos++;
        return;
      }
      for (;;) {
        ws();
        if (text[pos] !== '"') fail(`expected a double-quoted property name; got ${describe()}`);
        string();
        ws();
        if (text[pos] !== ':') fail(`expected ':' after property name; got ${describe()}`);
        pos++;
        value();
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          return;
        }
        fail(`expected ',' or '}' after property value; got ${describe()}`);
      }
    }
    if (ch === '[') {
      pos++;
      ws();
      if (text[pos] === ']') {
        pos++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          return;
        }
        fail(`expected ',' or ']' after array element; got ${describe()}`);
      }
    }
    if (ch === '"') return string();
    NUMBER.lastIndex = pos;
    if ((ch === '-' || (ch >= '0' && ch <= '9')) && NUMBER.test(text)) {
      pos = NUMBER.lastIndex;
      return;
    }
    LITERAL.lastIndex = pos;
    if (LITERAL.test(text)) {
      pos = LITERAL.lastIndex;
      return;
    }
    fail(`expected a value; got ${describe()}`);
  };
  try {
    value();
    ws();
    if (pos < text.length) fail(`unexpected ${describe()} after the JSON value`);
    return undefined;
  } catch (e) {
    if (e instanceof Syntax) return { offset: e.offset, problem: e.problem };
    if (e instanceof RangeError) return { offset: pos, problem: 'arrays or objects nested too deeply to pinpoint the error (it is at or after this point)' }; // stack overflow in the recursive scan
    throw e;
  }
}
