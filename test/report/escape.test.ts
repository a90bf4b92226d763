import { describe, expect, it } from 'vitest';
import { escapeHtml, jsonForScriptTag, scriptForScriptTag, textForComment } from '../../src/report/escape.js';

describe('escape', () => {
  it('escapeHtml replaces the five special characters', () => {
    expect(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;');
  });

  it('jsonForScriptTag leaves no < or line separators and parses back', () => {
    const value = { a: '</script>', b: '<!--', c: 'x\u2028y\u2029z', d: [1.5, null, true], e: '\\u003c' };
    const text = jsonForScriptTag(value);
    expect(text).toBe('{"a":"\\u003c/script>","b":"\\u003c!--","c":"x\\u2028y\\u2029z","d":[1.5,null,true],"e":"\\\\u003c"}');
    expect(JSON.parse(text)).toEqual(value);
  });

  it('jsonForScriptTag refuses undefined', () => {
    expect(() => jsonForScriptTag(undefined)).toThrow(TypeError);
  });

  it('scriptForScriptTag breaks </script (any case) and <!-- without changing string values', () => {
    const src = 'var s = "</script></SCRIPT><!--";';
    const safe = scriptForScriptTag(src);
    expect(safe).toBe('var s = "<\\/script><\\/SCRIPT><\\!--";');
    // The escaped source evaluates to the same string.
    expect(new Function(`${safe} return s;`)()).toBe('</script></SCRIPT><!--');
  });

  it('textForComment leaves no -- and no <!', () => {
    const text = textForComment('a -- b --- c --> d <!-- e -');
    expect(text).not.toMatch(/--|<!/);
    expect(text.startsWith(' ')).toBe(true);
  });
});
