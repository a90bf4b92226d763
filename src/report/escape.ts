/**
 * Escaping for text placed in HTML: element content and attributes, JSON inside
 * `<script type="application/json">`, and JavaScript inside `<script>`.
 *
 * see: WHATWG HTML, "Restrictions for contents of script elements" (4.12.1.3): script text must not
 * contain `<!--` or `</script` (any case), which would end or derail the element.
 */

/** Text safe as HTML element content or a double- or single-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * JSON text safe inside `<script type="application/json">`: every `<` becomes `\u003c` (so no
 * `</script` or `<!--` can appear), and U+2028/U+2029 are escaped too. `JSON.parse` of the result
 * gives back the same value.
 * @example jsonForScriptTag({ a: '</script>' }) // '{"a":"\\u003c/script>"}'
 */
export function jsonForScriptTag(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('value is not representable as JSON');
  return json.replace(/[<\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * JavaScript source safe inside `<script>`: `</script` becomes `<\/script` and `<!--` becomes
 * `<\!--` (both mean the same inside JS string, template and regex literals, the only places they
 * can occur in valid code).
 */
export function scriptForScriptTag(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** Text safe inside an HTML comment: no `--` (so no `-->`), no `<!`, no leading `>`. */
export function textForComment(text: string): string {
  return ` ${text.replace(/-(?=-)/g, '- ').replace(/<!/g, '< !')} `;
}
