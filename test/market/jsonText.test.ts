import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError, parseJsonText } from '../../src/market/jsonText.js';
import { InputError } from '../../src/errors.js';

function errorOf(text: string): InputError {
  try {
    parseJsonText(text, 'p.json');
  } catch (e) {
    return e as InputError;
  }
  throw new Error('expected a syntax error');
}

describe('parseJsonText', () => {
  it('parses valid JSON', () => {
    expect(parseJsonText('{"a": [1, 2.5e3, "x\\u00e9", true, null]}', 'p.json')).toEqual({ a: [1, 2500, 'xé', true, null] });
  });

  it.each([
    ['{\n  "a": 1,\n  b: 2\n}', 3, 3, "expected a double-quoted property name; got character \"b\""],
    ['{"a": 1\n "b": 2}', 2, 2, "expected ',' or '}' after property value"],
    ['[1, 2,]', 1, 7, 'expected a value; got character "]"'],
    ['{"a": [1, 2}', 1, 12, "expected ',' or ']' after array element"],
    ['{"a": "x', 1, 9, 'unterminated string'],
    ['{"a": 01}', 1, 8, "expected ',' or '}'"],
    ['{"a": 1} x', 1, 10, 'unexpected character "x" after the JSON value'],
    ['', 1, 1, 'expected a value; got end of input'],
    ['{"a":\n\n  NaN}', 3, 3, 'expected a value; got character "N"'],
  ])('locates the error in %j at line %i column %i', (text, line, column, problem) => {
    const e = errorOf(text);
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toContain(`p.json:${line}:${column}: invalid JSON: ${problem}`);
    expect(e.file).toBe('p.json');
    expect(e.line).toBe(line);
  });

  it('the scanner accepts everything JSON.parse accepts', () => {
    const texts = ['0', '-0.5e-7', '"\\"\\\\\\/\\b\\f\\n\\r\\t"', ' [ { } , [ ] ] ', '{"a":{"b":[false]}}'];
    for (const t of texts) {
      expect(() => JSON.parse(t)).not.toThrow();
      expect(findJsonSyntaxError(t)).toBeUndefined();
    }
  });

  it('finds every repeated key, however it is written (the key count pre-check never hides one)', () => {
    // keys and values with escaped quotes, colons and braces inside strings, nesting, __proto__
    const cases: [string, boolean][] = [
      ['{"a": 1, "b": {"a": 2}}', false],
      ['{"a": 1, "a" : 2}', true],
      ['{"x": [{"k\\"": ":", "k\\\\": 1}]}', false],
      ['{"x": [{"k\\"": ":"}, {"q": {"r": "}", "r": 2}}]}', true],
      ['{"__proto__": 1, "__proto__": 2}', true],
      ['{"s": "a\\": 1", "t": 2}', false],
      ['[{"a": 1}, {"a": 1}]', false],
      ['{"\\u0061": 1, "a": 2}', true],
    ];
    for (const [text, duplicated] of cases) {
      let thrown: unknown;
      try {
        parseJsonText(text, 'p.json');
      } catch (e) {
        thrown = e;
      }
      expect(thrown instanceof InputError && /duplicate key/.test(thrown.message), text).toBe(duplicated);
    }
  });
});
